// The content a person sent, out of every wrapper WhatsApp puts around it.
import { getContentType, normalizeMessageContent } from 'baileys';
import type { proto } from 'baileys';

/**
 * Baileys' `normalizeMessageContent` unwraps ephemeral, view-once, document-with-caption and
 * edited wrappers; animated (Lottie) stickers and group mentions are wrapped too and it leaves them.
 */
export function unwrapContent(content: proto.IMessage | null | undefined): proto.IMessage | undefined {
  let c = normalizeMessageContent(content);
  for (let i = 0; c && i < 5; i++) {
    const inner = c.lottieStickerMessage?.message ?? c.groupMentionedMessage?.message;
    if (!inner) break;
    c = normalizeMessageContent(inner);
  }
  return c;
}

/** The content and its type (`conversation`, `imageMessage`…), or nulls. */
export function contentOf(content: proto.IMessage | null | undefined): { content: proto.IMessage; type: keyof proto.IMessage } | null {
  const c = unwrapContent(content);
  const type = getContentType(c);
  return c && type ? { content: c, type } : null;
}
