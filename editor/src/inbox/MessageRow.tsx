// One row of the transcript: the contact on the left; the bot, agents, automatic messages and
// what the business sent from its phone on the right; internal notes full width in yellow;
// system lines centered. Text is rendered with the WhatsApp formatter (React elements, never
// HTML). A bubble carries what the channel told: the message it quotes, delivery ticks (or the
// failure and "Reenviar"), reactions, "editada", "Mensagem apagada".
import { memo, type KeyboardEvent } from 'react';
import { Button, FileIcon } from '../../ui/index.js';
import { Formatted } from '../builder/testchat/Formatted.js';
import { fileNameOf, safeUrl } from '../builder/testchat/format.js';
import { formatBytes } from '../builder/settings/MediaInput.js';
import { fmt, type Locale } from '../i18n.js';
import { localizeServerMessage } from '../server-errors.js';
import { formatPhone, initials } from './format.js';
import { AlertIcon, BanIcon, BotIcon, CheckIcon, ClockIcon, DoubleCheckIcon, LockIcon, MicIcon, PhoneIcon, PinIcon, ReplyIcon, TrashIcon } from './icons.js';
import { MEDIA_ICONS } from './live.js';
import type { InboxTexts } from './texts.js';
import { bodyText, mapUrl, readBody, readStory, rowKind, type Body, type StoryBody } from './messages.js';
import type { Message } from './types.js';
import './template-picker.css';

export function timeOf(iso: string, locale: Locale): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
}

/** The quoted message as a bubble shows it; `hidden` when it belongs to a conversation the agent may not see. */
export type QuoteView = { id: number; hidden: true } | { id: number; hidden?: false; author: string; kind: string; text: string; deleted: boolean };

export type RowAction = 'reply' | 'resend' | 'revoke';

export interface MessageRowProps {
  m: Message;
  /** The author's name above the bubble (first of a run). */
  showAuthor: boolean;
  authorName: string | null;
  quote: QuoteView | null;
  /** What this agent may do with the message here. */
  can: { reply: boolean; resend: boolean; revoke: boolean };
  locale: Locale;
  t: InboxTexts;
  onAction(action: RowAction, m: Message): void;
  onJump(id: number): void;
  onOpenImage(url: string, caption?: string): void;
  onMediaLoad(): void;
}

function Ticks({ m, t, locale }: { m: Message; t: InboxTexts; locale: Locale }) {
  if (m.direction !== 'out') return null;
  // When it reached the phone and was read, on hover.
  const when = [m.deliveredAt ? `${t.statusDelivered} ${timeOf(m.deliveredAt, locale)}` : '', m.readAt ? `${t.statusRead} ${timeOf(m.readAt, locale)}` : ''].filter(Boolean).join(' · ');
  switch (m.status) {
    case 'pending':
      return (
        <span className="ib-status ib-status--pending" role="img" aria-label={t.statusPending} title={t.statusPending}>
          <ClockIcon size={11} strokeWidth={2.5} />
        </span>
      );
    case 'failed':
      return (
        <span className="ib-status ib-status--failed" role="img" aria-label={t.statusFailed} title={m.error ? localizeServerMessage(m.error, locale) : t.statusFailed}>
          <AlertIcon size={12} strokeWidth={2.5} /> {t.statusFailed}
        </span>
      );
    case 'delivered':
      return (
        <span className="ib-status ib-status--delivered" role="img" aria-label={t.statusDelivered} title={when || t.statusDelivered}>
          <DoubleCheckIcon size={15} strokeWidth={2.4} />
        </span>
      );
    case 'read':
      return (
        <span className="ib-status ib-status--read" role="img" aria-label={t.statusRead} title={when || t.statusRead}>
          <DoubleCheckIcon size={15} strokeWidth={2.4} />
        </span>
      );
    default:
      return (
        <span className="ib-status ib-status--sent" role="img" aria-label={t.statusSent} title={t.statusSent}>
          <CheckIcon size={13} strokeWidth={2.6} />
        </span>
      );
  }
}

function kindWord(kind: string, t: InboxTexts): string {
  const words: Record<string, string> = {
    image: t.image,
    video: t.video,
    audio: t.audio,
    document: t.document,
    sticker: t.sticker,
    location: t.location,
    contact: t.contactCard,
    undecryptable: t.undecryptable,
    unsupported: t.unsupported,
  };
  return words[kind] ?? '';
}

function Quote({ q, t, onJump }: { q: QuoteView; t: InboxTexts; onJump(id: number): void }) {
  if (q.hidden) {
    return (
      <div className="ib-quote ib-quote--hidden">
        <span className="ib-quote__text">{t.quoteHidden}</span>
      </div>
    );
  }
  const icon = (MEDIA_ICONS as Record<string, string>)[q.kind];
  const text = q.deleted ? t.deleted : q.text || kindWord(q.kind, t) || t.quotedMessage;
  return (
    <button type="button" className="ib-quote" onClick={() => onJump(q.id)} title={t.jumpToQuoted}>
      <span className="ib-quote__author">{q.author}</span>
      <span className={`ib-quote__text${q.deleted ? ' ib-muted' : ''}`}>
        {icon && !q.deleted ? `${icon} ` : ''}
        {text}
      </span>
    </button>
  );
}

function Unavailable({ reason, kind, t }: { reason: string; kind: string; t: InboxTexts }) {
  const tooLarge = /limit|larger|exceed|maior|acima/i.test(reason);
  return (
    <div className="ib-placeholder" role="note">
      <span className="ib-placeholder__icon" aria-hidden>
        {kind === 'audio' ? <MicIcon size={16} /> : <FileIcon size={16} />}
      </span>
      <span>
        <strong>{tooLarge ? t.fileTooLarge : t.fileUnavailable}</strong>
        {reason ? <span className="ib-muted ib-placeholder__why">{reason}</span> : null}
      </span>
    </div>
  );
}

interface BodyProps {
  body: Body;
  t: InboxTexts;
  locale: Locale;
  onOpenImage(url: string, caption?: string): void;
  onMediaLoad(): void;
}

/** "Respondeu ao seu story" / "Mencionou você num story", above the story's picture or video when it was kept. */
function StoryView({ story, t, onOpenImage, onMediaLoad }: { story: StoryBody; t: InboxTexts; onOpenImage: (url: string, caption?: string) => void; onMediaLoad?: () => void }) {
  const url = story.url ? safeUrl(story.url) : null;
  const label = story.type === 'reply' ? t.storyReply : t.storyMention;
  return (
    <div className="ib-story" data-story={story.type}>
      <span className="ib-story__label">{label}</span>
      {url && story.kind === 'video' ? (
        <video className="ib-video ib-story__media" src={url} controls preload="metadata" onLoadedMetadata={onMediaLoad} />
      ) : url ? (
        <button type="button" className="ib-image ib-story__media" onClick={() => onOpenImage(url, label)} aria-label={label}>
          <img src={url} alt={label} loading="lazy" onLoad={onMediaLoad} />
        </button>
      ) : (
        <span className="ib-muted ib-story__gone">{t.storyGone}</span>
      )}
    </div>
  );
}

function BodyView({ body, t, locale, onOpenImage, onMediaLoad }: BodyProps) {
  switch (body.type) {
    case 'text':
      return (
        <>
          {body.template ? <span className="ib-muted ib-template-mark">{fmt(t.sentAsTemplate, { name: body.template })}</span> : null}
          <Formatted text={body.text} className="ib-text" />
        </>
      );
    case 'choice':
      return (
        <>
          {body.text ? <Formatted text={body.text} className="ib-text" /> : null}
          <ul className="ib-choices" aria-label={t.choices}>
            {body.items.map((i) => (
              <li key={i.id}>{i.label}</li>
            ))}
          </ul>
        </>
      );
    case 'unknown':
      return <span className="ib-muted">{t.unsupported}</span>;
    case 'location': {
      const label = body.name ?? body.address ?? `${body.latitude.toFixed(5)}, ${body.longitude.toFixed(5)}`;
      return (
        <a className="ib-location" href={mapUrl(body.latitude, body.longitude)} target="_blank" rel="noopener noreferrer">
          <span className="ib-location__pin" aria-hidden>
            <PinIcon size={22} />
          </span>
          <span className="ib-location__words">
            <strong>{label}</strong>
            {body.name && body.address ? <span className="ib-muted">{body.address}</span> : null}
            <span className="ib-location__open">{t.openMap} ↗</span>
          </span>
        </a>
      );
    }
    case 'contact':
      return (
        <ul className="ib-cards" aria-label={body.contacts.length > 1 ? fmt(t.contactCards, { n: body.contacts.length }) : t.contactCard}>
          {body.contacts.map((c, i) => (
            <li key={`${c.name}-${i}`} className="ib-card">
              <span className="ib-card__avatar" aria-hidden>
                {initials(c.name || '?')}
              </span>
              <span className="ib-card__who">
                <strong>{c.name || t.noName}</strong>
                {c.phones.map((p) => (
                  <span key={p} className="ib-muted">
                    {formatPhone(p)}
                  </span>
                ))}
              </span>
            </li>
          ))}
        </ul>
      );
    case 'undecryptable':
      return (
        <div className="ib-placeholder" role="note">
          <span className="ib-placeholder__icon" aria-hidden>
            <LockIcon size={16} />
          </span>
          <span>
            <strong>{t.undecryptable}</strong>
            <span className="ib-muted ib-placeholder__why">{t.undecryptableHint}</span>
          </span>
        </div>
      );
    case 'unsupported':
      return <span className="ib-muted ib-unsupported">{fmt(t.unsupportedKind, { what: body.what || '?' })}</span>;
    default: {
      const caption = body.caption ? <Formatted text={body.caption} className="ib-text ib-caption" /> : null;
      if (body.unavailable) {
        return (
          <>
            <Unavailable reason={body.unavailable.reason} kind={body.type} t={t} />
            {caption}
          </>
        );
      }
      const url = safeUrl(body.url ?? '');
      if (!url) return <span className="ib-muted">{t.unsupported}</span>;
      if (body.type === 'image')
        return (
          <>
            <button type="button" className="ib-image" onClick={() => onOpenImage(url, body.caption)} aria-label={t.openImage}>
              <img src={url} alt={body.caption ?? ''} loading="lazy" onLoad={onMediaLoad} />
            </button>
            {caption}
          </>
        );
      if (body.type === 'sticker') return <img className="ib-sticker" src={url} alt={t.sticker} loading="lazy" onLoad={onMediaLoad} />;
      if (body.type === 'video')
        return (
          <>
            <video className="ib-video" src={url} controls preload="metadata" onLoadedMetadata={onMediaLoad} />
            {caption}
          </>
        );
      if (body.type === 'audio')
        return (
          <>
            <div className={`ib-audio-wrap${body.voice ? ' is-voice' : ''}`}>
              {body.voice ? (
                <span className="ib-voice" role="img" aria-label={t.voiceNote} title={t.voiceNote}>
                  <MicIcon size={16} />
                </span>
              ) : null}
              <audio className="ib-audio" src={url} controls preload="metadata" aria-label={body.voice ? t.voiceNote : t.audio} />
            </div>
            {caption}
          </>
        );
      const name = fileNameOf(url, body.fileName);
      const ext = /\.([a-z0-9]{1,5})$/i.exec(name)?.[1]?.toUpperCase();
      return (
        <>
          <a className="ib-doc" href={url} target="_blank" rel="noopener noreferrer" download={body.fileName || undefined}>
            <span className="ib-doc__icon" aria-hidden>
              {ext ?? '📄'}
            </span>
            <span className="ib-doc__name">
              <strong title={name}>{name}</strong>
              <span className="ib-muted">
                {t.document}
                {ext ? ` · ${ext}` : ''}
                {body.size ? ` · ${formatBytes(body.size, locale)}` : ''}
              </span>
            </span>
            <span className="ib-doc__get" aria-label={t.download} title={t.download}>
              ⤓
            </span>
          </a>
          {caption}
        </>
      );
    }
  }
}

export const MessageRow = memo(function MessageRow({ m, showAuthor, authorName, quote, can, locale, t, onAction, onJump, onOpenImage, onMediaLoad }: MessageRowProps) {
  const kind = rowKind(m);
  const body = readBody(m.body);
  const story = readStory(m.body);
  const time = timeOf(m.createdAt, locale);
  const full = new Date(m.createdAt).toLocaleString(locale);
  if (kind === 'notice') {
    return (
      <div className="ib-row ib-row--notice" data-message-id={m.id}>
        <span className="ib-notice">
          {body.type === 'text' ? body.text : t.system} · <time dateTime={m.createdAt} title={full}>{time}</time>
        </span>
      </div>
    );
  }
  const media = { t, locale, onOpenImage, onMediaLoad };
  if (kind === 'whisper') {
    return (
      <div className="ib-row ib-row--whisper" data-message-id={m.id}>
        <div className="ib-whisper">
          <div className="ib-whisper__head">
            <LockIcon size={13} />
            <span className="ib-whisper__label">{t.internalNote}</span>
            <span className="ib-whisper__author">· {authorName ?? t.someone}</span>
            <time dateTime={m.createdAt} title={full} className="ib-whisper__time">
              {time}
            </time>
          </div>
          <BodyView body={body} {...media} />
        </div>
      </div>
    );
  }
  const label = kind === 'bot' ? t.bot : kind === 'auto' ? t.auto : kind === 'agent' && !signed(body, authorName) ? (authorName ?? t.someone) : null;
  const deleted = !!m.deletedAt;
  const isMedia = !deleted && body.type !== 'text' && body.type !== 'choice' && body.type !== 'unknown' && body.type !== 'unsupported';
  const previous = 'previous' in body ? body.previous : undefined;
  const editedTitle = previous?.length ? previous.map((p) => fmt(t.editedBefore, { text: p.text })).join('\n') : undefined;
  const actions = !deleted && (can.reply || can.revoke);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key.toLowerCase() === 'r' && can.reply) {
      e.preventDefault();
      onAction('reply', m);
    }
  };
  const side = kind === 'contact' ? 'in' : 'out';
  return (
    <div className={`ib-row ib-row--${side} ib-row--${kind}`} data-message-id={m.id}>
      {label && showAuthor ? (
        <span className="ib-author">
          {kind === 'bot' ? <BotIcon size={12} /> : null}
          {label}
        </span>
      ) : null}
      <div className={`ib-line ib-line--${side}`}>
        <div
          className={`ib-bubble ib-bubble--${kind}${isMedia ? ' ib-bubble--media' : ''}${m.status === 'failed' ? ' is-failed' : ''}${deleted ? ' is-deleted' : ''}`}
          tabIndex={can.reply ? 0 : undefined}
          onKeyDown={can.reply ? onKeyDown : undefined}
        >
          {quote && !deleted ? <Quote q={quote} t={t} onJump={onJump} /> : null}
          {deleted ? (
            <>
              <span className="ib-deleted">
                <BanIcon size={14} /> {t.deleted}
              </span>
              {body.type !== 'unknown' ? (
                <details className="ib-deleted__original">
                  <summary>{t.showOriginal}</summary>
                  <BodyView body={body} {...media} />
                </details>
              ) : null}
            </>
          ) : (
            <>
              {story ? <StoryView story={story} t={t} onOpenImage={onOpenImage} onMediaLoad={onMediaLoad} /> : null}
              {story && body.type === 'text' && !body.text.trim() ? null : <BodyView body={body} {...media} />}
            </>
          )}
          <span className="ib-meta">
            {kind === 'phone' ? <span className="ib-fromphone">
                <PhoneIcon size={11} /> {t.fromPhone}
              </span> : null}
            {m.editedAt && !deleted ? (
              <span className="ib-edited" title={editedTitle} tabIndex={editedTitle ? 0 : undefined}>
                {t.edited}
              </span>
            ) : null}
            <time dateTime={m.createdAt} title={full}>
              {time}
            </time>
            <Ticks m={m} t={t} locale={locale} />
          </span>
        </div>
        {actions ? (
          <div className="ib-msg-actions" role="group" aria-label={t.messageActions}>
            {can.reply ? (
              <button type="button" className="ib-msg-action" aria-label={t.reply} title={`${t.reply} (R)`} onClick={() => onAction('reply', m)}>
                <ReplyIcon size={15} />
              </button>
            ) : null}
            {can.revoke ? (
              <button type="button" className="ib-msg-action ib-msg-action--danger" aria-label={t.revoke} title={t.revoke} onClick={() => onAction('revoke', m)}>
                <TrashIcon size={15} />
              </button>
            ) : null}
          </div>
        ) : null}
      </div>
      {m.reactions?.length ? (
        <ul className={`ib-reactions ib-reactions--${side}`} aria-label={t.reactions}>
          {m.reactions.map((r) => (
            <li key={`${r.by}-${r.emoji}`} title={t.reactionBy[r.by] ?? r.by}>
              {r.emoji}
            </li>
          ))}
        </ul>
      ) : null}
      {m.status === 'failed' && !deleted ? (
        <div className="ib-failed">
          <span>{fmt(t.notDelivered, { reason: m.error ? localizeServerMessage(m.error, locale) : t.statusFailed })}</span>
          {can.resend ? (
            <Button size="sm" variant="secondary" onClick={() => onAction('resend', m)}>
              {t.resend}
            </Button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
});

/** The server signs agents' replies with `*Name:*` on the first line: then the name is there already. */
function signed(body: Body, name: string | null): boolean {
  const text = bodyText(body);
  return name ? text.startsWith(`*${name}:*`) : /^\*[^*\n]{1,80}:\*(\n|$)/.test(text);
}

/** The agent's name for a message, from the directory; null when unknown. */
export function authorOf(m: Message, person: (id: string | null) => { name: string } | undefined): string | null {
  return m.userId ? (person(m.userId)?.name ?? null) : null;
}
