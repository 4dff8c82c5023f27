// Small pure pieces the inbox and the runtime share: list previews, agent signatures and the
// reading of a contact's satisfaction answer.
import type { Locale, OutgoingMessage } from '../../blocks/contract.js';
import type { InboxMessage } from '../bus.js';
import type { NewMessage } from '../db/schema.js';

const PREVIEW_LENGTH = 140;

const mediaLabels: Record<string, string> = {
  image: '📷',
  video: '🎬',
  audio: '🎤',
  document: '📄',
};

/** One line for the conversation list. */
export function previewOf(message: OutgoingMessage | { type: 'text'; text: string }): string {
  let text: string;
  switch (message.type) {
    case 'text':
    case 'template':
      text = message.text;
      break;
    case 'choice':
      text = message.text ?? message.items.map((i) => i.label).join(' / ');
      break;
    default:
      text = `${mediaLabels[message.type] ?? ''} ${message.caption || message.fileName || message.type}`.trim();
  }
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > PREVIEW_LENGTH ? `${line.slice(0, PREVIEW_LENGTH - 1)}…` : line;
}

/**
 * The agent's name in bold on its own line, WhatsApp style. Added on the server so a browser
 * can neither forget it nor forge another agent's name.
 */
export function withSignature(message: OutgoingMessage, agentName: string): OutgoingMessage {
  const name = agentName.replace(/[*_~\n]/g, ' ').trim();
  if (!name) return message;
  const line = `*${name}:*`;
  if (message.type === 'text') return { ...message, text: `${line}\n${message.text}` };
  // A template is Meta-approved as it is: nothing may be added to it.
  if (message.type === 'template') return message;
  if (message.type === 'choice') return { ...message, text: message.text ? `${line}\n${message.text}` : line };
  return { ...message, caption: message.caption ? `${line}\n${message.caption}` : line };
}

export interface SurveyAnswer {
  score: number;
  comment: string | null;
}

const WORD_SCORES: Record<string, number> = {
  um: 1,
  uma: 1,
  one: 1,
  dois: 2,
  duas: 2,
  two: 2,
  tres: 3,
  três: 3,
  three: 3,
  quatro: 4,
  four: 4,
  cinco: 5,
  five: 5,
};

/**
 * A CSAT answer: a score from 1 to 5 at the start (digits, words, or stars), optionally
 * followed by a comment: "5", "5 - great service", "⭐⭐⭐⭐", "cinco, adorei". Null when the
 * message does not start with a score (the contact moved on to something else).
 */
export function readSurveyAnswer(text: string): SurveyAnswer | null {
  const t = text.trim();
  const stars = /^(?:⭐|★|\*){1,5}(?=\s|$|[,.;:!-])/u.exec(t);
  let score: number | null = null;
  let rest = '';
  if (stars) {
    score = [...stars[0]].length;
    rest = t.slice(stars[0].length);
  } else {
    const m = /^(?:nota\s+|score\s+)?([1-5])(?:\s*(?:\/\s*5|de\s+5|of\s+5))?(?=\s|$|[,.;:!-])/iu.exec(t);
    if (m) {
      score = Number(m[1]);
      rest = t.slice(m[0].length);
    } else {
      const w = /^([\p{L}]+)(?=\s|$|[,.;:!-])/u.exec(t);
      const word = w?.[1].toLowerCase();
      if (word && WORD_SCORES[word]) {
        score = WORD_SCORES[word];
        rest = t.slice(w![0].length);
      }
    }
  }
  if (score === null) return null;
  const comment = rest.replace(/^[\s,.;:!-]+/, '').trim();
  return { score, comment: comment ? comment.slice(0, 1000) : null };
}

/** What the contact reads from the system (not from a flow, not from an agent). */
export const contactTexts: Record<Locale, {
  surveyQuestion: string;
  surveyThanks: string;
  transferredToDepartment: (department: string) => string;
  transferredToAgent: (agent: string) => string;
  autoClosed: string;
}> = {
  'pt-BR': {
    surveyQuestion: 'Como você avalia este atendimento? Responda com uma nota de 1 a 5 (pode deixar um comentário depois da nota).',
    surveyThanks: 'Obrigado pela avaliação! 💙',
    transferredToDepartment: (d) => `Você foi transferido para ${d}. Aguarde só um instante.`,
    transferredToAgent: (a) => `Você foi transferido para ${a}. Aguarde só um instante.`,
    autoClosed: 'Encerramos este atendimento por falta de atividade. Se precisar, é só mandar uma nova mensagem.',
  },
  en: {
    surveyQuestion: 'How would you rate this conversation? Reply with a score from 1 to 5 (you can add a comment after the score).',
    surveyThanks: 'Thank you for your feedback! 💙',
    transferredToDepartment: (d) => `You have been transferred to ${d}. Please hold on a moment.`,
    transferredToAgent: (a) => `You have been transferred to ${a}. Please hold on a moment.`,
    autoClosed: 'We closed this conversation after a period of inactivity. Send us a new message whenever you need.',
  },
};

/** A conversation as transcript rows need it (a conversations row has these columns). */
export interface ConversationRef {
  id: string;
  contact_id: string;
  channel: string;
}

/** A message to the contact, written 'pending': the outbox sends it. */
export function outgoingRow(conv: ConversationRef, message: OutgoingMessage, author: NewMessage['author'], at: string, userId: string | null = null): NewMessage {
  return {
    conversation_id: conv.id,
    contact_id: conv.contact_id,
    channel: conv.channel,
    direction: 'out',
    author,
    kind: message.type,
    body: JSON.stringify(message),
    block_id: null,
    created_at: at,
    status: 'pending',
    attempts: 0,
    available_at: at,
    user_id: userId,
  };
}

/** An internal note (an agent's whisper, or the system's record of a transfer): never sent. */
export function noteRow(conv: ConversationRef, text: string, author: 'agent' | 'system', at: string, userId: string): NewMessage {
  return {
    conversation_id: conv.id,
    contact_id: conv.contact_id,
    channel: conv.channel,
    direction: 'note',
    author,
    kind: 'text',
    body: JSON.stringify({ type: 'text', text }),
    block_id: null,
    created_at: at,
    status: 'received',
    attempts: 0,
    available_at: null,
    user_id: userId,
  };
}

/** The channel columns of a transcript row, as far as the caller has them. */
export interface ChannelColumns {
  user_id?: string | null;
  error?: string | null;
  delivered_at?: string | null;
  read_at?: string | null;
  quoted_id?: number | null;
  reactions?: string | null;
  edited_at?: string | null;
  deleted_at?: string | null;
}

/** A transcript row, as stored or just inserted under `id`, as the inbox shows it. */
export function inboxMessage(r: Pick<NewMessage, 'conversation_id' | 'direction' | 'author' | 'kind' | 'body' | 'status' | 'created_at'> & ChannelColumns, id: number): InboxMessage {
  const m: InboxMessage = {
    id: Number(id),
    conversationId: r.conversation_id,
    direction: r.direction,
    author: r.author,
    userId: r.user_id ?? null,
    kind: r.kind,
    body: JSON.parse(r.body),
    status: r.status,
    createdAt: r.created_at,
  };
  // Only what a row has: most rows (notes, the test chat) carry none of these.
  if (r.error) m.error = r.error;
  if (r.delivered_at) m.deliveredAt = r.delivered_at;
  if (r.read_at) m.readAt = r.read_at;
  if (r.quoted_id !== null && r.quoted_id !== undefined) m.quotedId = Number(r.quoted_id);
  const reactions = parseReactions(r.reactions);
  if (reactions.length) m.reactions = reactions;
  if (r.edited_at) m.editedAt = r.edited_at;
  if (r.deleted_at) m.deletedAt = r.deleted_at;
  return m;
}

/** The `reactions` column: a JSON list, one reaction per reactor; anything unreadable is none. */
export function parseReactions(json: string | null | undefined): { by: string; emoji: string; at: string }[] {
  if (!json) return [];
  try {
    const list = JSON.parse(json) as unknown;
    if (!Array.isArray(list)) return [];
    return list
      .filter((x): x is { by: unknown; emoji: unknown; at: unknown } => !!x && typeof x === 'object')
      .filter((x) => typeof x.emoji === 'string' && x.emoji !== '')
      .map((x) => ({ by: String(x.by ?? 'contact'), emoji: x.emoji as string, at: String(x.at ?? '') }));
  } catch {
    return [];
  }
}
