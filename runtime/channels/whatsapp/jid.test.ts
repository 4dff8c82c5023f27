import { describe, expect, it } from 'vitest';
import { bareJid, identitiesOfKey, identityOfJid, ignoredChat, jidOf, ownIdentities, parseJid } from './jid.js';

const allIgnored = { ignoreGroups: true, ignoreBroadcasts: true, ignoreStatus: true, ignoreNewsletters: true };

describe('jid', () => {
  it('tells phone, LID, group, broadcast, status and newsletter JIDs apart and strips devices', () => {
    expect(parseJid('5511987654321:12@s.whatsapp.net')).toEqual({ kind: 'pn', user: '5511987654321', server: 's.whatsapp.net', device: 12 });
    expect(parseJid('201234567890123:3@lid')).toMatchObject({ kind: 'lid', user: '201234567890123', device: 3 });
    expect(parseJid('201234567890123:99@hosted.lid')?.kind).toBe('lid');
    expect(parseJid('120363000000000001@g.us')?.kind).toBe('group');
    expect(parseJid('status@broadcast')?.kind).toBe('status');
    expect(parseJid('1700000000@broadcast')?.kind).toBe('broadcast');
    expect(parseJid('120363000000000002@newsletter')?.kind).toBe('newsletter');
    expect(parseJid('nonsense')).toBeNull();
    expect(bareJid('5511987654321:12@s.whatsapp.net')).toBe('5511987654321@s.whatsapp.net');
  });

  it('a key gives the person behind it: remoteJid and its alternative in a chat, the participant in a group', () => {
    expect(identitiesOfKey({ remoteJid: '5511987654321@s.whatsapp.net', remoteJidAlt: '201234567890123@lid' })).toEqual([
      { kind: 'lid', value: '201234567890123' },
      { kind: 'phone', value: '5511987654321' },
    ]);
    expect(identitiesOfKey({ remoteJid: '201234567890123@lid' })).toEqual([{ kind: 'lid', value: '201234567890123' }]);
    expect(
      identitiesOfKey({ remoteJid: '120363000000000001@g.us', participant: '201234567890123@lid', participantAlt: '5511987654321@s.whatsapp.net' }),
    ).toEqual([
      { kind: 'lid', value: '201234567890123' },
      { kind: 'phone', value: '5511987654321' },
    ]);
    expect(identityOfJid('120363000000000001@g.us')).toBeNull();
  });

  it('sends to the JID of an identity, refusing what WhatsApp cannot address', () => {
    expect(jidOf({ kind: 'phone', value: '+5511987654321' })).toBe('5511987654321@s.whatsapp.net');
    expect(jidOf({ kind: 'lid', value: '201234567890123' })).toBe('201234567890123@lid');
    expect(() => jidOf({ kind: 'visitor', value: 'abc' })).toThrow();
    expect(() => jidOf({ kind: 'phone', value: 'abc' })).toThrow();
  });

  it("knows the account's own identities and which chats to ignore", () => {
    expect(ownIdentities({ id: '5511900000000:7@s.whatsapp.net', lid: '99000000000001:7@lid' })).toEqual([
      { kind: 'phone', value: '5511900000000' },
      { kind: 'lid', value: '99000000000001' },
    ]);
    expect(ignoredChat('5511987654321@s.whatsapp.net', allIgnored)).toBe(false);
    expect(ignoredChat('120363000000000001@g.us', allIgnored)).toBe(true);
    expect(ignoredChat('120363000000000001@g.us', { ...allIgnored, ignoreGroups: false })).toBe(false);
    expect(ignoredChat('status@broadcast', { ...allIgnored, ignoreBroadcasts: false })).toBe(true);
    expect(ignoredChat('0@call', allIgnored)).toBe(true);
  });
});
