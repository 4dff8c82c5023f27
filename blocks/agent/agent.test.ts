import { describe, expect, it } from 'vitest';
import type { DepartmentStatus, HandoffService } from '../contract.js';
import { testContext } from '../../runtime/context.js';
import { lintFlow } from '../lint/index.js';
import { buildFlow } from '../../runtime/testing/flow-builder.js';
import { DEFAULT_OUT_OF_HOURS, executor } from './run.js';
import { schema } from './schema.js';

const sales: DepartmentStatus = { id: 'd_sales', name: 'Vendas', open: true, outOfHoursMessage: 'Fechados. Voltamos {{opening}}.', nextOpening: 'segunda-feira, 08:00' };

function service(over: Partial<DepartmentStatus> = {}): HandoffService & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    department(ref) {
      asked.push(ref);
      return ref === 'd_sales' || ref === 'sales' || ref === 'Vendas' ? { ...sales, ...over } : null;
    },
  };
}

const parse = (o: unknown) => schema.options.parse(o);

describe('Agent block', () => {
  it('hands the conversation to the department, in the chosen mode, keeping {{position}} for the inbox', async () => {
    const o = parse({ departmentId: 'd_sales', assign: { mode: 'auto' }, waitingMessage: '{{nome}}, você é o {{position}}º da fila.' });
    const r = await executor.run(o, testContext({ variables: { nome: 'Ana' }, services: { handoff: service() } }));
    expect(r).toEqual({
      wait: { for: 'human', handoff: { departmentId: 'd_sales', mode: 'auto', waitingMessage: 'Ana, você é o {{position}}º da fila.' } },
    });
  });

  it('routes by a variable holding a department code or name', async () => {
    const s = service();
    const o = parse({ departmentId: '{{dep}}', assign: { mode: 'queue' } });
    const r = await executor.run(o, testContext({ variables: { dep: 'sales' }, services: { handoff: s } }));
    expect(s.asked).toEqual(['sales']);
    expect(r.wait).toMatchObject({ for: 'human', handoff: { departmentId: 'd_sales', mode: 'queue' } });
    await expect(async () => executor.run(o, testContext({ variables: { dep: '' }, services: { handoff: s } }))).rejects.toThrow(/empty/);
    await expect(async () => executor.run(o, testContext({ variables: { dep: 'marketing' }, services: { handoff: s } }))).rejects.toThrow(/no department "marketing"/);
  });

  it('a specific agent goes along with the handoff; a blank agent falls back to round-robin', async () => {
    const ctx = testContext({ services: { handoff: service() } });
    expect((await executor.run(parse({ departmentId: 'd_sales', assign: { mode: 'agent', agentId: 'u_ana' } }), ctx)).wait).toMatchObject({
      handoff: { mode: 'agent', agentId: 'u_ana' },
    });
    expect((await executor.run(parse({ departmentId: 'd_sales', assign: { mode: 'agent', agentId: '' } }), ctx)).wait).toMatchObject({
      handoff: { mode: 'auto' },
    });
  });

  it('out of hours: tells the contact when it opens and still queues, or takes the out-of-hours path', async () => {
    const closed = service({ open: false });
    const queue = await executor.run(parse({ departmentId: 'd_sales' }), testContext({ services: { handoff: closed } }));
    expect(queue.messages).toEqual([{ type: 'text', text: 'Fechados. Voltamos segunda-feira, 08:00.' }]);
    expect(queue.wait).toMatchObject({ for: 'human' });
    const path = await executor.run(
      parse({ departmentId: 'd_sales', outOfHours: 'path', outOfHoursMessage: 'Oi {{nome}}, abrimos {{opening}}.' }),
      testContext({ variables: { nome: 'Ana' }, services: { handoff: closed } }),
    );
    expect(path).toEqual({ messages: [{ type: 'text', text: 'Oi Ana, abrimos segunda-feira, 08:00.' }], next: { path: 'item', itemId: 'out_of_hours' } });
  });

  it('out of hours with no message written anywhere: a standard one says when it opens; a path stays as written', async () => {
    const silent = service({ open: false, outOfHoursMessage: '' });
    const pt = await executor.run(parse({ departmentId: 'd_sales' }), testContext({ services: { handoff: silent } }));
    expect(pt.messages).toEqual([{ type: 'text', text: expect.stringContaining('Voltamos segunda-feira, 08:00') }]);
    expect(pt.wait).toMatchObject({ for: 'human' });
    const en = await executor.run(parse({ departmentId: 'd_sales' }), testContext({ locale: 'en', services: { handoff: silent } }));
    expect(en.messages).toEqual([{ type: 'text', text: expect.stringContaining('We open again segunda-feira, 08:00') }]);
    const never = await executor.run(parse({ departmentId: 'd_sales' }), testContext({ services: { handoff: service({ open: false, outOfHoursMessage: '', nextOpening: null }) } }));
    expect(never.messages).toEqual([{ type: 'text', text: DEFAULT_OUT_OF_HOURS['pt-BR'].unknown }]);
    const path = await executor.run(parse({ departmentId: 'd_sales', outOfHours: 'path' }), testContext({ services: { handoff: silent } }));
    expect(path).toEqual({ messages: [], next: { path: 'item', itemId: 'out_of_hours' } });
  });

  it('fills {{department.name}} in its messages and {{opening}} out of hours, keeping {{position}} for the inbox', async () => {
    const open = await executor.run(parse({ departmentId: 'd_sales', waitingMessage: '{{position}}º na fila de {{department.name}}' }), testContext({ services: { handoff: service() } }));
    expect(open.wait).toMatchObject({ handoff: { waitingMessage: '{{position}}º na fila de Vendas' } });
    const closed = await executor.run(
      parse({ departmentId: 'd_sales', outOfHoursMessage: '{{department.name}} abre {{opening}}.' }),
      testContext({ services: { handoff: service({ open: false }) } }),
    );
    expect(closed.messages).toEqual([{ type: 'text', text: 'Vendas abre segunda-feira, 08:00.' }]);
    expect(schema.templateNames).toEqual(['position', 'opening', 'department']);
  });

  it('fails loudly without a department or without an inbox, so the engine reports a flow error', () => {
    const fresh = parse(schema.defaults(() => 'x'));
    expect(() => executor.run(fresh, testContext({ services: { handoff: service() } }))).toThrow(/no department chosen/);
    expect(() => executor.run(parse({ departmentId: 'd_sales' }), testContext())).toThrow(/not available/);
    expect(() => executor.run(parse({ departmentId: 'gone' }), testContext({ services: { handoff: service() } }))).toThrow(/no department "gone"/);
  });

  it('has an out-of-hours handle only when that path is chosen, and no default path', () => {
    expect(schema.hasDefaultPath).toBe(false);
    expect(schema.items!(parse({ departmentId: 'd', outOfHours: 'queue' }))).toEqual([]);
    expect(schema.items!(parse({ departmentId: 'd', outOfHours: 'path' })).map((i) => i.id)).toEqual(['out_of_hours']);
  });

  it('linting refuses a missing department and accepts {{position}} and {{opening}} in its texts', () => {
    const flow = (departmentId: string) =>
      buildFlow({ groups: [{ id: 'g', blocks: [{ id: 'a', kind: 'agent', options: { departmentId, waitingMessage: 'Posição {{position}}', outOfHoursMessage: 'Abrimos {{opening}}' } }] }] });
    const missing = lintFlow(flow(''));
    expect(missing.filter((p) => p.severity === 'error').map((p) => p.code)).toEqual(['department-missing']);
    const ok = lintFlow(flow('d_sales'));
    expect(ok.filter((p) => p.code === 'undefined-variable')).toEqual([]);
    expect(ok.filter((p) => p.severity === 'error')).toEqual([]);
  });
});
