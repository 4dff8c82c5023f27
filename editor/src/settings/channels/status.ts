// How a channel's status reads: the headline ("Conectado como +55 11 98888-7777"), the reason
// below it, its tone, and the live countdown to the next reconnect. Pure, so it is tested alone.
import { fmt } from '../../i18n.js';
import type { ChannelState, ChannelStatus } from '../../../../runtime/channels/contract.js';
import type { ChannelTexts } from './texts.js';

export type { ChannelState };
/** What the server says of an account's state (runtime/channels/contract.ts). */
export type StatusView = ChannelStatus;

export type Tone = 'ok' | 'wait' | 'bad' | 'idle';

const TONES: Record<ChannelState, Tone> = {
  open: 'ok',
  connecting: 'wait',
  qr: 'wait',
  pairing_code: 'wait',
  reconnecting: 'wait',
  stopped: 'idle',
  logged_out: 'bad',
  forbidden: 'bad',
  replaced: 'bad',
  error: 'bad',
};

export function toneOf(state: ChannelState): Tone {
  return TONES[state];
}

/** E.164 digits as people write them: Brazil "+55 11 98888-7777", elsewhere "+<digits>". */
export function formatPhone(digits: string): string {
  const d = digits.replace(/\D/g, '');
  const br = /^55(\d{2})(\d{4,5})(\d{4})$/.exec(d);
  if (br) return `+55 ${br[1]} ${br[2]}-${br[3]}`;
  return `+${d}`;
}

/** Whole seconds until `nextAt`, never below 0. */
export function secondsUntil(nextAt: string | undefined, now: number): number | null {
  if (!nextAt) return null;
  const at = Date.parse(nextAt);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

export function headline(s: StatusView, t: ChannelTexts, now: number): string {
  if (s.state === 'open') {
    const phone = s.me?.phone ? formatPhone(s.me.phone) : null;
    // A Facebook Page or an Instagram account has a name and no number.
    if (!phone) return s.me?.name ? fmt(t.states.openAs, { phone: s.me.name }) : t.states.open;
    const who = fmt(t.states.openAs, { phone });
    return s.me?.name ? `${who} (${s.me.name})` : who;
  }
  if (s.state === 'reconnecting' && s.attempt !== undefined) {
    const left = secondsUntil(s.nextAt, now);
    if (left !== null) return fmt(t.states.reconnectingAttempt, { n: s.attempt, s: left });
  }
  return t.states[s.state];
}

/** The reason under the headline, with the provider's code and words when it closed on an error. */
export function reason(s: StatusView, t: ChannelTexts, kind?: string, kindWords?: Partial<Record<string, string>>): string {
  // Meta's accounts have no QR or socket: their states say what Meta answered.
  const cloud = kindWords?.[s.state] ?? (kind === 'cloud-api' ? (t.cloud as Record<string, string>)[s.state] : undefined);
  const base = cloud ?? t.reasons[s.state];
  const extra = [s.code !== undefined && toneOf(s.state) === 'bad' ? fmt(t.code, { code: s.code }) : null, s.detail ? fmt(t.detail, { detail: s.detail }) : null].filter(Boolean);
  return extra.length ? `${base.replace(/\.$/, '')} (${extra.join(' · ')}).` : base;
}

/**
 * The QR cap was reached: Settings offers "Gerar novo QR" instead of an expired code. The
 * WhatsApp connection reports it as `qr` (or `pairing_code`) with detail `qr_expired`; a stopped
 * account past the cap, or a `qr` past it, means the same.
 */
export function qrExpired(s: StatusView): boolean {
  if ((s.state === 'qr' || s.state === 'pairing_code') && s.detail === 'qr_expired') return true;
  if (s.qrLimit === undefined || s.qrAttempt === undefined) return false;
  return (s.state === 'stopped' && s.qrAttempt >= s.qrLimit) || (s.state === 'qr' && s.qrAttempt > s.qrLimit);
}

/** "ABCD1234" → "ABCD-1234", as WhatsApp shows it. */
export function formatPairingCode(code: string): string {
  const c = code.replace(/[^0-9a-z]/gi, '').toUpperCase();
  return c.length === 8 ? `${c.slice(0, 4)}-${c.slice(4)}` : c;
}

/** "Fluxo: Atendimento" / "Robô desligado → Suporte" / "Nenhum fluxo". */
export function answeringText(a: { botOffDepartmentId: string | null; botOffDepartmentName: string | null; flowId: string | null; flowName: string | null }, t: ChannelTexts): string {
  if (a.botOffDepartmentId) return fmt(t.botOffTo, { name: a.botOffDepartmentName ?? '?' });
  return a.flowName ? fmt(t.runsFlow, { name: a.flowName }) : t.noFlow;
}
