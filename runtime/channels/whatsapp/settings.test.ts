import { describe, expect, it } from 'vitest';
import { ignoredJid, WHATSAPP_DELIVERY_DEFAULTS, whatsappSettings } from './settings.js';

describe('whatsappSettings', () => {
  it('a new account ignores groups, broadcasts, status and newsletters, sends no polls, caps media at 16 MB', () => {
    expect(whatsappSettings.parse({})).toEqual({
      ignoreGroups: true,
      ignoreBroadcasts: true,
      ignoreStatus: true,
      ignoreNewsletters: true,
      polls: false,
      mediaMaxMb: 16,
      qrLimit: 5,
      watchdogSilentMs: 600_000,
    });
    expect(WHATSAPP_DELIVERY_DEFAULTS).toEqual({
      typingMsPerChar: 40,
      typingMaxMs: 3000,
      splitLong: true,
      perMinute: 30,
      pauseAfterPhoneMinutes: 30,
      botOffDepartmentId: null,
    });
  });

  it('accepts a version override and a pairing phone, refuses nonsense', () => {
    expect(whatsappSettings.parse({ versionOverride: [2, 3000, 1023223821], pairingPhone: '5511988887777' })).toMatchObject({
      versionOverride: [2, 3000, 1023223821],
      pairingPhone: '5511988887777',
    });
    expect(whatsappSettings.safeParse({ pairingPhone: '+55 11 98888-7777' }).success).toBe(false);
    expect(whatsappSettings.safeParse({ versionOverride: [2, 3000] }).success).toBe(false);
    expect(whatsappSettings.safeParse({ mediaMaxMb: 0 }).success).toBe(false);
    expect(whatsappSettings.safeParse({ watchdogSilentMs: 1000 }).success).toBe(false);
  });
});

describe('ignoredJid', () => {
  const defaults = whatsappSettings.parse({});
  it('ignores groups, broadcasts, status and newsletters by default, never a person', () => {
    expect(ignoredJid('120363041234567890@g.us', defaults)).toBe(true);
    expect(ignoredJid('1234567890@broadcast', defaults)).toBe(true);
    expect(ignoredJid('status@broadcast', defaults)).toBe(true);
    expect(ignoredJid('120363111111111111@newsletter', defaults)).toBe(true);
    expect(ignoredJid('5511988887777@s.whatsapp.net', defaults)).toBe(false);
    expect(ignoredJid('5511988887777:3@s.whatsapp.net', defaults)).toBe(false);
    expect(ignoredJid('187654321098765@lid', defaults)).toBe(false);
    expect(ignoredJid(undefined, defaults)).toBe(false);
  });

  it('each switch lets its kind through on its own', () => {
    const groups = whatsappSettings.parse({ ignoreGroups: false });
    expect(ignoredJid('120363041234567890@g.us', groups)).toBe(false);
    expect(ignoredJid('status@broadcast', groups)).toBe(true);
    const status = whatsappSettings.parse({ ignoreStatus: false });
    expect(ignoredJid('status@broadcast', status)).toBe(false);
    expect(ignoredJid('1234567890@broadcast', status)).toBe(true);
  });
});
