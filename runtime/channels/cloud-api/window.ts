// WhatsApp's 24-hour customer service window on the Cloud API, in words: why a free-text message
// cannot go (the Inbox composer, a flow's failed message on the transcript, an agent's refused
// reply), and the kind's `freeTextStart` rule.
import type { Localized } from '../../../blocks/contract.js';
import type { FreeTextStartFacts } from '../contract.js';
import { insideReplyWindow } from '../meta/reply-window.js';

export const OUTSIDE_WINDOW_REASON: Localized = {
  en: "outside WhatsApp's 24-hour window: the contact has not written in the last 24 hours, so only an approved message template can go",
  'pt-BR': 'fora da janela de 24 horas do WhatsApp: o contato não escreveu nas últimas 24 horas, então só um modelo de mensagem aprovado pode ser enviado',
};

export function cloudApiFreeTextStart(facts: FreeTextStartFacts): { reason: Localized } | null {
  return insideReplyWindow(facts.lastInboundAt, facts.now) ? null : { reason: OUTSIDE_WINDOW_REASON };
}
