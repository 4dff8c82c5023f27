// WhatsApp addresses (JIDs) as Ozia identities. Baileys 7 addresses a person by phone number
// (`<digits>@s.whatsapp.net`) or by LID (`<n>@lid`), often both on one message key
// (`remoteJid` + `remoteJidAlt`); a contact is matched by either, so both become identities.
import { jidDecode } from 'baileys';
import type { WAMessageKey } from 'baileys';
import type { Identity } from '../contract.js';

export type JidKind = 'pn' | 'lid' | 'group' | 'broadcast' | 'status' | 'newsletter' | 'other';

export interface ParsedJid {
  kind: JidKind;
  /** The user part without device or agent (`5511999999999`, `123456789012345`). */
  user: string;
  server: string;
  device?: number;
}

/** Reads a JID; null for an empty or malformed one. Device suffixes (`:12`) are split off. */
export function parseJid(jid: string | null | undefined): ParsedJid | null {
  if (!jid || !jid.includes('@')) return null;
  const decoded = jidDecode(jid);
  if (!decoded || !decoded.server) return null;
  const user = decoded.user ?? '';
  const server = decoded.server;
  const kind: JidKind =
    server === 's.whatsapp.net' || server === 'c.us' || server === 'hosted'
      ? 'pn'
      : server === 'lid' || server === 'hosted.lid'
        ? 'lid'
        : server === 'g.us'
          ? 'group'
          : server === 'broadcast'
            ? user === 'status'
              ? 'status'
              : 'broadcast'
            : server === 'newsletter'
              ? 'newsletter'
              : 'other';
  if ((kind === 'pn' || kind === 'lid') && !/^\d+$/.test(user)) return null;
  return { kind, user, server, ...(decoded.device !== undefined ? { device: decoded.device } : {}) };
}

/** The identity a person's JID stands for; null for groups, broadcasts and anything not a person. */
export function identityOfJid(jid: string | null | undefined): Identity | null {
  const p = parseJid(jid);
  if (!p) return null;
  if (p.kind === 'pn') return { kind: 'phone', value: p.user };
  if (p.kind === 'lid') return { kind: 'lid', value: p.user };
  return null;
}

function addUnique(list: Identity[], i: Identity | null): void {
  if (i && !list.some((x) => x.kind === i.kind && x.value === i.value)) list.push(i);
}

/**
 * Who a message key is about: in a one-to-one chat the other person (also when the business wrote
 * from its phone), in a group or broadcast the participant. Both the primary JID and its
 * alternative are returned, LID first, so the ingest links phone and LID to one contact.
 */
export function identitiesOfKey(key: Pick<WAMessageKey, 'remoteJid' | 'remoteJidAlt' | 'participant' | 'participantAlt'>): Identity[] {
  const chat = parseJid(key.remoteJid);
  const personal = chat && (chat.kind === 'pn' || chat.kind === 'lid');
  const jids = personal ? [key.remoteJid, key.remoteJidAlt] : [key.participant, key.participantAlt];
  const found: Identity[] = [];
  for (const jid of jids) addUnique(found, identityOfJid(jid));
  return found.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'lid' ? -1 : 1));
}

/** The phone number among identities (E.164 digits), if any. */
export function phoneOf(identities: readonly Identity[]): string | null {
  return identities.find((i) => i.kind === 'phone')?.value ?? null;
}

/** The JID to send to for an identity. Throws for kinds WhatsApp cannot address. */
export function jidOf(identity: Identity): string {
  const digits = identity.value.replace(/^\+/, '');
  if (!/^\d+$/.test(digits)) throw new Error(`not a WhatsApp ${identity.kind}: ${identity.value}`);
  if (identity.kind === 'phone') return `${digits}@s.whatsapp.net`;
  if (identity.kind === 'lid') return `${digits}@lid`;
  throw new Error(`WhatsApp cannot address a ${identity.kind} identity`);
}

/** The JID without its device suffix (`5511…:12@s.whatsapp.net` → `5511…@s.whatsapp.net`). */
export function bareJid(jid: string): string {
  const p = parseJid(jid);
  if (!p) return jid;
  return `${p.user}@${p.server}`;
}

/** The account's own JIDs (Baileys `sock.user`: `id` is the phone JID with device, `lid` the LID). */
export interface OwnJids {
  id: string;
  lid?: string | null;
}

/** The business's own identities: a chat with itself is not a contact. */
export function ownIdentities(me: OwnJids | null | undefined): Identity[] {
  const out: Identity[] = [];
  if (me) {
    addUnique(out, identityOfJid(me.id));
    addUnique(out, identityOfJid(me.lid));
  }
  return out;
}

/** The chat switches of the account's settings (names as in `settings.ts`). */
export interface ChatFilter {
  ignoreGroups: boolean;
  ignoreBroadcasts: boolean;
  ignoreStatus: boolean;
  ignoreNewsletters: boolean;
}

/** True when a chat must not reach Ozia: groups, broadcast lists, status and channels per the switches; unknown servers always. */
export function ignoredChat(jid: string | null | undefined, filter: ChatFilter): boolean {
  const p = parseJid(jid);
  if (!p) return true;
  switch (p.kind) {
    case 'pn':
    case 'lid':
      return false;
    case 'group':
      return filter.ignoreGroups;
    case 'broadcast':
      return filter.ignoreBroadcasts;
    case 'status':
      return filter.ignoreStatus;
    case 'newsletter':
      return filter.ignoreNewsletters;
    default:
      return true;
  }
}
