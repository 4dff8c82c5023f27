// Meta's messaging windows on Messenger and Instagram, counted from the person's last message on
// the account: within 24 hours anything goes (`messaging_type: RESPONSE`); from 24 hours to 7
// days only a person's reply, tagged HUMAN_AGENT (a bot's would break Meta's policy); after 7
// days nothing until the person writes again.
import type { Localized } from '../../../../blocks/contract.js';
import type { FreeTextStartFacts, OutboxAuthor } from '../../contract.js';
import { REPLY_WINDOW_MS } from '../reply-window.js';

/** The 24-hour window every Meta channel keeps. */
export const STANDARD_WINDOW_MS = REPLY_WINDOW_MS;
export const HUMAN_AGENT_WINDOW_MS = 7 * REPLY_WINDOW_MS;

export type MessagingType = { messaging_type: 'RESPONSE' } | { messaging_type: 'MESSAGE_TAG'; tag: 'HUMAN_AGENT' };

const refusals = {
  never: { en: 'the contact never wrote on this account: Meta lets a business answer only after the person writes', 'pt-BR': 'o contato nunca escreveu nesta conta: a Meta só deixa a empresa responder depois que a pessoa escreve' },
  bot: {
    en: 'the contact last wrote more than 24 hours ago: Meta lets only an agent answer now (human agent tag, up to 7 days), not the bot',
    'pt-BR': 'o contato escreveu pela última vez há mais de 24 horas: agora a Meta só aceita a resposta de um atendente (tag de atendente humano, até 7 dias), não a do bot',
  },
  week: {
    en: 'the contact last wrote more than 7 days ago: Meta accepts no message until the person writes again',
    'pt-BR': 'o contato escreveu pela última vez há mais de 7 dias: a Meta não aceita mensagens até a pessoa escrever de novo',
  },
} satisfies Record<string, Localized>;

/** How a message by `author` may go now, or why it cannot. */
export function messagingTypeFor(lastInboundAt: string | null, now: Date, author: OutboxAuthor): MessagingType | { refused: Localized } {
  if (!lastInboundAt) return { refused: refusals.never };
  const age = now.getTime() - Date.parse(lastInboundAt);
  if (age < STANDARD_WINDOW_MS) return { messaging_type: 'RESPONSE' };
  if (age >= HUMAN_AGENT_WINDOW_MS) return { refused: refusals.week };
  if (author !== 'agent') return { refused: refusals.bot };
  return { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' };
}

/** An agent writing first ("Nova conversa"): refused when not even the human-agent tag would carry it. */
export function messagingFreeTextStart(facts: FreeTextStartFacts): { reason: Localized } | null {
  const t = messagingTypeFor(facts.lastInboundAt, facts.now, 'agent');
  return 'refused' in t ? { reason: t.refused } : null;
}
