import { describe, expect, it } from 'vitest';
import { accountLabel, kindEntry, kindLabel } from './channel-kinds.js';

describe('channel kinds', () => {
  it('names an account by its kind and name, in both languages', () => {
    expect(accountLabel('whatsapp', 'Vendas', 'pt-BR')).toBe('WhatsApp · Vendas');
    expect(accountLabel('cloud-api', 'Vendas', 'en')).toBe('WhatsApp official API · Vendas');
    expect(accountLabel('webchat', 'Site', 'pt-BR')).toBe('Chat do site · Site');
    // The test chat has one account: its kind says it all.
    expect(accountLabel('test', 'Chat de teste', 'en')).toBe('Test chat');
  });

  it('a kind this build does not know keeps its own name and gets the neutral icon', () => {
    expect(kindLabel('telegram', 'pt-BR')).toBe('telegram');
    expect(kindLabel(null, 'pt-BR')).toBe('Canal');
    expect(kindEntry('telegram')).toBe(kindEntry(null));
    expect(kindEntry('instagram')).not.toBe(kindEntry(null));
  });
});
