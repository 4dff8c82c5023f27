import { describe, expect, it } from 'vitest';
import { channelTexts } from './texts.js';
import { answeringText, formatPairingCode, formatPhone, headline, qrExpired, reason, secondsUntil, toneOf, type ChannelState } from './status.js';

const pt = channelTexts['pt-BR'];
const en = channelTexts.en;
const since = '2026-03-10T15:00:00.000Z';
const now = Date.parse(since);

describe('channel status texts', () => {
  it('says who the number is connected as, formatted the Brazilian way, in both languages', () => {
    const s = { state: 'open' as const, since, me: { phone: '5511988887777', name: 'Loja' } };
    expect(headline(s, pt, now)).toBe('Conectado como +55 11 98888-7777 (Loja)');
    expect(headline(s, en, now)).toBe('Connected as +55 11 98888-7777 (Loja)');
    expect(headline({ state: 'open', since, me: { phone: '14155550123', name: null } }, en, now)).toBe('Connected as +14155550123');
    expect(headline({ state: 'open', since }, pt, now)).toBe('Conectado');
  });

  it('counts down to the next reconnect attempt and never below zero', () => {
    const s = { state: 'reconnecting' as const, since, attempt: 3, nextAt: new Date(now + 7_500).toISOString() };
    expect(headline(s, pt, now)).toBe('Reconectando (tentativa 3, próxima em 8 s)');
    expect(headline(s, en, now + 5_000)).toBe('Reconnecting (attempt 3, next in 3 s)');
    expect(headline(s, en, now + 60_000)).toBe('Reconnecting (attempt 3, next in 0 s)');
    expect(secondsUntil(undefined, now)).toBeNull();
  });

  it('has a headline and a reason in pt-BR and en for every state, and a tone', () => {
    const states: ChannelState[] = ['stopped', 'connecting', 'qr', 'pairing_code', 'open', 'reconnecting', 'logged_out', 'forbidden', 'replaced', 'error'];
    for (const state of states) {
      for (const t of [pt, en]) {
        expect(headline({ state, since }, t, now)).toMatch(/\S/);
        expect(reason({ state, since }, t)).toMatch(/\S{3}/);
      }
      expect(['ok', 'wait', 'bad', 'idle']).toContain(toneOf(state));
    }
    // The two languages really differ (no state left untranslated).
    for (const state of states) expect(reason({ state, since }, pt)).not.toBe(reason({ state, since }, en));
  });

  it('adds the provider code and detail to a failure, not to a waiting state', () => {
    expect(reason({ state: 'forbidden', since, code: 403 }, pt)).toMatch(/novo \(código 403\)\.$/);
    expect(reason({ state: 'error', since, code: 500, detail: 'Stream Errored' }, en)).toMatch(/error \(code 500 · Detail: Stream Errored\)\.$/);
    expect(reason({ state: 'qr', since, code: 408 }, en)).not.toMatch(/408/);
  });

  it('says who answers a number: its flow (by name, even unpublished), the bot-off department, or nothing', () => {
    const none = { flowId: null, flowName: null, botOffDepartmentId: null, botOffDepartmentName: null };
    expect(answeringText({ ...none, flowId: 'f', flowName: 'Atendimento' }, pt)).toBe('Fluxo: Atendimento');
    expect(answeringText({ ...none, flowId: 'f', flowName: 'Atendimento', botOffDepartmentId: 'd', botOffDepartmentName: 'Suporte' }, en)).toBe('Bot off → Suporte');
    expect(answeringText(none, pt)).toBe('Nenhum fluxo');
  });

  it('knows when the QR cap is passed and formats pairing codes and phones', () => {
    expect(qrExpired({ state: 'qr', since, qrAttempt: 5, qrLimit: 5 })).toBe(false);
    // What the WhatsApp connection reports when its codes ran out.
    expect(qrExpired({ state: 'qr', since, qrAttempt: 5, qrLimit: 5, detail: 'qr_expired' })).toBe(true);
    expect(qrExpired({ state: 'pairing_code', since, detail: 'qr_expired' })).toBe(true);
    expect(qrExpired({ state: 'qr', since, qrAttempt: 6, qrLimit: 5 })).toBe(true);
    expect(qrExpired({ state: 'stopped', since, qrAttempt: 5, qrLimit: 5 })).toBe(true);
    expect(qrExpired({ state: 'stopped', since })).toBe(false);
    expect(qrExpired({ state: 'open', since, qrAttempt: 6, qrLimit: 5 })).toBe(false);
    expect(formatPairingCode('abcd1234')).toBe('ABCD-1234');
    expect(formatPhone('551133334444')).toBe('+55 11 3333-4444');
  });
});

describe('channel server errors in Portuguese', async () => {
  const { readableServerError } = await import('../../server-errors.js');
  const { splitServerError } = await import('../errors.js');
  it('translates what the channels API says a person did wrong', () => {
    expect(readableServerError('name: an account called "Vendas" already exists', 'pt-BR')).toBe('já existe um número chamado “Vendas”');
    expect(readableServerError('pairingPhone: type the phone number with country and area code, digits only (e.g. 5511988887777)', 'pt-BR')).toBe(
      'digite o número com DDI e DDD, só números (ex.: 5511988887777)',
    );
    // The form routes nested fields to their control, in Portuguese.
    const fields = ['settings.mediaMaxMb', 'delivery.perMinute'];
    expect(splitServerError('settings.mediaMaxMb: at most 64 MB\ndelivery.perMinute: use 0 (no limit) or more', fields, 'pt-BR').fields).toEqual({
      'settings.mediaMaxMb': 'no máximo 64 MB',
      'delivery.perMinute': 'use 0 (sem limite) ou mais',
    });
  });
});
