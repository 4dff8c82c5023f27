// How the Inbox shows a channel: one entry per kind (icon and name in both languages), keyed by
// the kind the server reports, with a neutral entry for a kind this build does not know yet. A new
// channel kind needs one entry here and nothing else in the Inbox.
import type { ReactNode } from 'react';
import { useLocale, useTexts, type Dictionary, type Locale } from '../i18n.js';

interface KindEntry {
  label: Record<Locale, string>;
  /** Drawn on a 24-unit grid; colours are the kind's own so they read at a glance. */
  glyph: ReactNode;
}

const whatsappGlyph = (
  <>
    <path d="M12 2.5a9.5 9.5 0 0 0-8.2 14.3L2.5 21.5l4.8-1.3A9.5 9.5 0 1 0 12 2.5z" fill="#25d366" />
    <path d="M8.6 7.2c.4-.3 1-.3 1.2.2l.9 2c.1.3 0 .6-.2.8l-.6.6c.7 1.5 1.8 2.6 3.3 3.3l.6-.6c.2-.2.5-.3.8-.2l2 .9c.5.2.5.8.2 1.2-.7.9-1.6 1.3-2.6 1-3-.8-5.4-3.2-6.2-6.2-.3-1 .1-1.9.6-3z" fill="#fff" />
  </>
);

const KINDS: Record<string, KindEntry> = {
  whatsapp: { label: { 'pt-BR': 'WhatsApp', en: 'WhatsApp' }, glyph: whatsappGlyph },
  'cloud-api': {
    label: { 'pt-BR': 'WhatsApp API oficial', en: 'WhatsApp official API' },
    glyph: (
      <>
        {whatsappGlyph}
        {/* The "official" badge: a blue seal with a check. */}
        <circle cx="18.5" cy="18.5" r="5" fill="#1877f2" stroke="#fff" strokeWidth="1.5" />
        <path d="M16.3 18.6l1.5 1.5 2.9-3" fill="none" stroke="#fff" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
      </>
    ),
  },
  webchat: {
    label: { 'pt-BR': 'Chat do site', en: 'Web chat' },
    glyph: (
      <>
        <rect x="2" y="3.5" width="20" height="15" rx="2.5" fill="#2f80ed" />
        <path d="M2 7.5h20" stroke="#fff" strokeWidth="1.2" opacity=".7" />
        <path d="M7 11h10a1.5 1.5 0 0 1 1.5 1.5v2A1.5 1.5 0 0 1 17 16h-6l-3 2.5V16H7a1.5 1.5 0 0 1-1.5-1.5v-2A1.5 1.5 0 0 1 7 11z" fill="#fff" />
      </>
    ),
  },
  instagram: {
    label: { 'pt-BR': 'Instagram', en: 'Instagram' },
    glyph: (
      <>
        <rect x="2.5" y="2.5" width="19" height="19" rx="5.5" fill="#d62976" />
        <rect x="6" y="6" width="12" height="12" rx="3.5" fill="none" stroke="#fff" strokeWidth="1.8" />
        <circle cx="12" cy="12" r="2.8" fill="none" stroke="#fff" strokeWidth="1.8" />
        <circle cx="16.3" cy="7.8" r="1" fill="#fff" />
      </>
    ),
  },
  messenger: {
    label: { 'pt-BR': 'Messenger', en: 'Messenger' },
    glyph: (
      <>
        <path d="M12 2.5c-5.4 0-9.5 3.9-9.5 9 0 2.8 1.3 5.2 3.4 6.8v3.2l3.1-1.7c.9.3 1.9.4 3 .4 5.4 0 9.5-3.9 9.5-9s-4.1-8.7-9.5-8.7z" fill="#0084ff" />
        <path d="M6.5 14l3.6-3.8 2.3 2 3.2-2-3.6 3.8-2.3-2z" fill="#fff" stroke="#fff" strokeWidth="1" strokeLinejoin="round" />
      </>
    ),
  },
  test: {
    label: { 'pt-BR': 'Chat de teste', en: 'Test chat' },
    glyph: (
      <>
        <circle cx="12" cy="12" r="10" fill="#8a94a6" />
        <path d="M10 6.5h4M10.8 6.5v4.2l-3.3 5.6a1 1 0 0 0 .9 1.5h7.2a1 1 0 0 0 .9-1.5l-3.3-5.6V6.5" fill="none" stroke="#fff" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
      </>
    ),
  },
};

/** A kind this build does not know yet: a plain speech bubble in the text colour. */
const NEUTRAL: KindEntry = {
  label: { 'pt-BR': 'Canal', en: 'Channel' },
  glyph: <path d="M4 5h16a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H9l-5 4V6a1 1 0 0 1 1-1z" fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />,
};

/** The kind's entry, or the neutral one. */
export function kindEntry(kind: string | null | undefined): KindEntry {
  return (kind && KINDS[kind]) || NEUTRAL;
}

export function kindLabel(kind: string | null | undefined, locale: Locale): string {
  const entry = kind ? KINDS[kind] : undefined;
  // An unknown kind still shows its own name rather than a generic word.
  return entry ? entry.label[locale] : kind || NEUTRAL.label[locale];
}

/** "WhatsApp · Vendas"; the test chat, which has one account, just "Chat de teste". */
export function accountLabel(kind: string | null | undefined, name: string | null | undefined, locale: Locale): string {
  const label = kindLabel(kind, locale);
  if (!name || kind === 'test') return label;
  return `${label} · ${name}`;
}

export function ChannelIcon({ kind, size = 16, label }: { kind: string | null | undefined; size?: number; label?: string }) {
  const locale = useLocale();
  const name = label ?? kindLabel(kind, locale);
  return (
    <svg className="ib-channel-icon" width={size} height={size} viewBox="0 0 24 24" role="img" aria-label={name} focusable="false">
      <title>{name}</title>
      {kindEntry(kind).glyph}
    </svg>
  );
}

/** The channel's icon and the account's name, as lists and headers show it. */
export function ChannelTag({ kind, name, size = 14, className = '' }: { kind: string | null | undefined; name: string | null | undefined; size?: number; className?: string }) {
  const locale = useLocale();
  const text = accountLabel(kind, name, locale);
  return (
    <span className={`ib-channel ${className}`.trim()} title={text} data-channel-kind={kind ?? ''}>
      <ChannelIcon kind={kind} size={size} label={kindLabel(kind, locale)} />
      <span className="ib-channel__name">{text}</span>
    </span>
  );
}

const ptTexts = {
  kind: 'Tipo de canal',
  account: 'Conta',
  identities: 'Canais do contato',
  noIdentities: 'Nenhum canal conhecido.',
  lastSeen: 'visto {time}',
  identityKinds: { phone: 'Telefone', lid: 'LID', username: 'Usuário', visitor: 'Visitante', psid: 'ID no Messenger', igsid: 'ID no Instagram' } as Record<string, string>,
  lidHint:
    'LID é o identificador que o WhatsApp usa no lugar do número quando a pessoa o esconde (ou em grupos). Ele chega a este contato mesmo sem o telefone; quando o WhatsApp revela o número, os dois passam a ser a mesma pessoa.',
  visitorHint: 'Quem abriu o chat do site, reconhecido pelo navegador.',
  deletedAccount: '{name} (excluída)',
  startOn: 'Enviar por',
  startOnHint: 'Os canais em que este contato já falou com a empresa. O último usado vem primeiro.',
  pickContactFirst: 'Escolha um contato para ver os canais dele.',
  noStartChoices: 'Este contato não tem um canal pelo qual seja possível escrever.',
  lastWrote: 'última mensagem {time}',
  neverWrote: 'nunca escreveu por aqui',
  refused: 'Este canal não aceita uma mensagem livre agora: {reason}',
  hiddenBy: 'Nenhuma conversa com {filters}.',
};

export const channelTexts: Dictionary<typeof ptTexts> = {
  'pt-BR': ptTexts,
  en: {
    kind: 'Channel type',
    account: 'Account',
    identities: 'Contact’s channels',
    noIdentities: 'No known channel.',
    lastSeen: 'seen {time}',
    identityKinds: { phone: 'Phone', lid: 'LID', username: 'Username', visitor: 'Visitor', psid: 'Messenger ID', igsid: 'Instagram ID' },
    lidHint:
      'A LID is the id WhatsApp uses instead of the number when the person hides it (or in groups). Messages reach this contact without the phone; once WhatsApp reveals the number, both are the same person.',
    visitorHint: 'Someone who opened the website chat, recognised by their browser.',
    deletedAccount: '{name} (deleted)',
    startOn: 'Send through',
    startOnHint: 'The channels this contact has talked to the business on. The one used last comes first.',
    pickContactFirst: 'Choose a contact to see their channels.',
    noStartChoices: 'This contact has no channel that can be written to.',
    lastWrote: 'last message {time}',
    neverWrote: 'never wrote here',
    refused: 'This channel does not take a free-text message now: {reason}',
    hiddenBy: 'No conversation with {filters}.',
  },
};

export function useChannelTexts() {
  return useTexts(channelTexts);
}
