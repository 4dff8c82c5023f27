import { describe, expect, it } from 'vitest';
import { renderInboxText, withCurrentNames } from './template-names.js';

const parts = {
  contact: { name: 'Paula', phone: '+5511999990000', id: 'c1' },
  agent: { name: 'Ana' },
  department: { name: 'Vendas' },
};

describe('Inbox template names', () => {
  it('renders the current names', () => {
    expect(renderInboxText('Oi, {{contact.name}}! Aqui é {{agent.name}}, de {{department.name}}.', parts)).toBe('Oi, Paula! Aqui é Ana, de Vendas.');
  });

  it('still renders the old spellings {{agent}} and {{department}}, bare or in helpers', () => {
    expect(renderInboxText('Aqui é {{agent}}, do {{ department }}.', parts)).toBe('Aqui é Ana, do Vendas.');
    expect(renderInboxText('{{upper agent}} · {{default department "—"}}', parts)).toBe('ANA · Vendas');
  });

  it('leaves other names, quoted text and dotted paths alone', () => {
    expect(withCurrentNames('{{agents}} {{agent.name}} {{default x "agent"}} {{@agent}} agent')).toBe('{{agents}} {{agent.name}} {{default x "agent"}} {{@agent}} agent');
  });

  it('reads flow variables by name beside its own names, its own winning', () => {
    expect(renderInboxText('{{email}} / {{agent.name}}', parts, { email: 'p@x.com', agent: 'flow value' })).toBe('p@x.com / Ana');
  });
});
