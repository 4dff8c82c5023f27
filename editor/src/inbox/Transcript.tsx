// The whole history of a conversation, by day, scrolled to the latest message. New messages
// keep it at the bottom when the agent is there; otherwise a "new messages" pill appears.
// Loading older messages keeps the visible ones where they were.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Button } from '../../ui/index.js';
import { Modal } from '../dialog.js';
import { useLocale, useTexts } from '../i18n.js';
import { authorOf, MessageRow, type QuoteView, type RowAction } from './MessageRow.js';
import { useInboxRefs } from './refs.js';
import { inboxTexts } from './texts.js';
import { bodyText, canRevoke, dayLabel, groupByDay, readBody, showsAuthor } from './messages.js';
import type { ChannelActions } from './types.js';
import type { Message } from './types.js';

export interface TranscriptProps {
  conversationId: string;
  messages: Message[];
  more: boolean;
  loadingOlder: boolean;
  onLoadOlder(): void;
  /** The contact's name, for quotes of what they said. */
  contactName: string;
  /** What the conversation's channel can do, and whether this agent may act on its messages. */
  can: ChannelActions;
  canServe: boolean;
  onAction(action: RowAction, m: Message): void;
  /** The conversation's channel kind: what the business wrote outside Ozia came from the phone, or from Meta's inbox. */
  channelKind?: string | null;
}

export function Transcript({ conversationId, messages, more, loadingOlder, onLoadOlder, contactName, can, canServe, onAction, channelKind }: TranscriptProps) {
  const texts = useTexts(inboxTexts);
  // Messenger and Instagram echo what someone at the business wrote in Meta's own inbox.
  const fromMeta = channelKind === 'messenger' || channelKind === 'instagram';
  const t = useMemo(() => (fromMeta ? { ...texts, fromPhone: texts.fromMetaInbox } : texts), [texts, fromMeta]);
  const locale = useLocale();
  const { person, user } = useInboxRefs();
  const box = useRef<HTMLDivElement | null>(null);
  const atBottom = useRef(true);
  const lastId = useRef<number | null>(null);
  const firstId = useRef<number | null>(null);
  const anchor = useRef<{ height: number; top: number } | null>(null);
  const [unseen, setUnseen] = useState(0);
  const [image, setImage] = useState<{ url: string; caption?: string } | null>(null);

  const groups = useMemo(() => groupByDay(messages), [messages]);
  const now = new Date();

  const toBottom = useCallback((smooth = false) => {
    const el = box.current;
    if (!el) return;
    el.scrollTo({ top: el.scrollHeight, behavior: smooth ? 'smooth' : 'auto' });
    atBottom.current = true;
    setUnseen(0);
  }, []);

  // A new conversation opens at its latest message.
  useLayoutEffect(() => {
    lastId.current = null;
    firstId.current = null;
    setUnseen(0);
    atBottom.current = true;
  }, [conversationId]);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el || !messages.length) return;
    const first = messages[0].id;
    const last = messages[messages.length - 1].id;
    if (anchor.current && firstId.current !== null && first < firstId.current) {
      // Older messages went in above: keep what the agent was reading in place.
      el.scrollTop = el.scrollHeight - anchor.current.height + anchor.current.top;
      anchor.current = null;
    } else if (lastId.current === null) {
      el.scrollTop = el.scrollHeight;
    } else if (last !== lastId.current) {
      const added = messages.filter((m) => m.id > lastId.current!);
      const mine = added.some((m) => m.direction !== 'in');
      if (atBottom.current || mine) toBottom(true);
      else setUnseen((n) => n + added.length);
    }
    firstId.current = first;
    lastId.current = last;
  }, [messages, toBottom]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const onScroll = () => {
      atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
      if (atBottom.current) setUnseen(0);
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  }, []);

  const loadOlder = () => {
    const el = box.current;
    if (el) anchor.current = { height: el.scrollHeight, top: el.scrollTop };
    onLoadOlder();
  };
  const onMediaLoad = useCallback(() => {
    if (atBottom.current) box.current?.scrollTo({ top: box.current.scrollHeight });
  }, []);
  const openImage = useCallback((url: string, caption?: string) => setImage({ url, caption }), []);
  const personOf = (id: string | null) => person(id);
  const byId = useMemo(() => new Map(messages.map((m) => [m.id, m])), [messages]);
  const authorLabel = useCallback(
    (m: { direction: string; author: string; userId: string | null }) =>
      m.direction === 'in' || m.author === 'contact'
        ? contactName
        : m.author === 'agent'
          ? (person(m.userId)?.name ?? t.someone)
          : m.author === 'bot'
            ? t.bot
            : m.author === 'phone'
              ? t.fromPhone
              : t.auto,
    [contactName, person, t],
  );
  /** The server's preview of the quoted message; for a message that arrived live, the copy on screen. */
  const quoteOf = (m: Message): QuoteView | null => {
    const q = m.quoted;
    if (q) return q.hidden ? q : { id: q.id, author: authorLabel(q), kind: q.kind, text: q.text, deleted: q.deleted };
    if (!m.quotedId) return null;
    const local = byId.get(m.quotedId);
    if (!local) return { id: m.quotedId, hidden: true };
    const body = readBody(local.body);
    return { id: local.id, author: authorLabel(local), kind: local.kind, text: bodyText(body).replace(/\s+/g, ' ').slice(0, 100), deleted: !!local.deletedAt };
  };
  const nowMs = Date.now();
  const actOn = canServe || user.role === 'supervisor';
  const canOf = (m: Message) => ({
    reply: canServe && m.direction !== 'note' && !m.deletedAt,
    resend: actOn && m.status === 'failed',
    revoke: actOn && can.revoke && canRevoke(m, user, nowMs),
  });
  const jump = useCallback((id: number) => {
    const el = box.current?.querySelector<HTMLElement>(`[data-message-id="${id}"]`);
    if (!el) return;
    el.scrollIntoView({ block: 'center', behavior: 'smooth' });
    el.classList.remove('is-flash');
    void el.offsetWidth; // restart the highlight
    el.classList.add('is-flash');
  }, []);

  return (
    <div className="ib-transcript-wrap">
      <div className="ib-transcript" ref={box} role="log" aria-label={t.transcript} aria-live="polite" aria-relevant="additions" tabIndex={-1}>
        {more ? (
          <div className="ib-older">
            <Button size="sm" variant="ghost" loading={loadingOlder} onClick={loadOlder}>
              {t.loadOlder}
            </Button>
          </div>
        ) : null}
        {groups.map((g) => (
          <section key={g.key} className="ib-day" aria-label={dayLabel(g.key, now, locale, t)}>
            <div className="ib-day__sep" aria-hidden>
              <span>{dayLabel(g.key, now, locale, t)}</span>
            </div>
            {g.messages.map((m, i) => (
              <MessageRow
                key={m.id}
                m={m}
                showAuthor={showsAuthor(g.messages[i - 1], m)}
                authorName={authorOf(m, personOf)}
                quote={quoteOf(m)}
                can={canOf(m)}
                locale={locale}
                t={t}
                onAction={onAction}
                onJump={jump}
                onOpenImage={openImage}
                onMediaLoad={onMediaLoad}
              />
            ))}
          </section>
        ))}
      </div>
      {unseen > 0 ? (
        <button type="button" className="ib-newpill" onClick={() => toBottom(true)}>
          ↓ {t.newMessages} ({unseen})
        </button>
      ) : null}
      {image ? (
        <Modal title={image.caption || t.openImage} onClose={() => setImage(null)} wide>
          <img className="ib-lightbox" src={image.url} alt={image.caption ?? ''} />
        </Modal>
      ) : null}
    </div>
  );
}
