// One row of the transcript: the contact on the left; the bot, agents and automatic messages on
// the right; internal notes full width in yellow; system lines centered. Text is rendered with
// the WhatsApp formatter (React elements, never HTML).
import { memo } from 'react';
import { Formatted } from '../builder/testchat/Formatted.js';
import { fileNameOf, safeUrl } from '../builder/testchat/format.js';
import type { Locale } from '../i18n.js';
import { BotIcon, ClockIcon, LockIcon } from './icons.js';
import type { InboxTexts } from './texts.js';
import { readBody, rowKind, type Body } from './messages.js';
import type { Message } from './types.js';

export function timeOf(iso: string, locale: Locale): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
}

export interface MessageRowProps {
  m: Message;
  /** The author's name above the bubble (first of a run). */
  showAuthor: boolean;
  authorName: string | null;
  locale: Locale;
  t: InboxTexts;
  onOpenImage(url: string, caption?: string): void;
  onMediaLoad(): void;
}

function Status({ m, t }: { m: Message; t: InboxTexts }) {
  if (m.direction !== 'out') return null;
  if (m.status === 'pending')
    return (
      <span className="ib-status ib-status--pending" role="img" aria-label={t.statusPending} title={t.statusPending}>
        <ClockIcon size={11} strokeWidth={2.5} />
      </span>
    );
  if (m.status === 'failed')
    return (
      <span className="ib-status ib-status--failed" role="img" aria-label={t.statusFailed} title={t.statusFailed}>
        ⚠ {t.statusFailed}
      </span>
    );
  return (
    <span className="ib-status ib-status--sent" role="img" aria-label={t.statusSent} title={t.statusSent}>
      ✓
    </span>
  );
}

function BodyView({ body, t, onOpenImage, onMediaLoad }: { body: Body; t: InboxTexts; onOpenImage(url: string, caption?: string): void; onMediaLoad(): void }) {
  switch (body.type) {
    case 'text':
      return <Formatted text={body.text} className="ib-text" />;
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
    default: {
      const url = safeUrl(body.url);
      const caption = body.caption ? <Formatted text={body.caption} className="ib-text ib-caption" /> : null;
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
            <audio className="ib-audio" src={url} controls preload="metadata" />
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

export const MessageRow = memo(function MessageRow({ m, showAuthor, authorName, locale, t, onOpenImage, onMediaLoad }: MessageRowProps) {
  const kind = rowKind(m);
  const body = readBody(m.body);
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
          <BodyView body={body} t={t} onOpenImage={onOpenImage} onMediaLoad={onMediaLoad} />
        </div>
      </div>
    );
  }
  const label = kind === 'bot' ? t.bot : kind === 'auto' ? t.auto : kind === 'agent' && !signed(body, authorName) ? (authorName ?? t.someone) : null;
  const media = body.type !== 'text' && body.type !== 'choice' && body.type !== 'unknown';
  return (
    <div className={`ib-row ib-row--${kind === 'contact' ? 'in' : 'out'} ib-row--${kind}`} data-message-id={m.id}>
      {label && showAuthor ? <span className="ib-author">{kind === 'bot' ? <BotIcon size={12} /> : null}{label}</span> : null}
      <div className={`ib-bubble ib-bubble--${kind}${media ? ' ib-bubble--media' : ''}${m.status === 'failed' ? ' is-failed' : ''}`}>
        <BodyView body={body} t={t} onOpenImage={onOpenImage} onMediaLoad={onMediaLoad} />
        <span className="ib-meta">
          <time dateTime={m.createdAt} title={full}>
            {time}
          </time>
          <Status m={m} t={t} />
        </span>
      </div>
    </div>
  );
});

/** The server signs agents' replies with `*Name:*` on the first line: then the name is there already. */
function signed(body: Body, name: string | null): boolean {
  const text = body.type === 'text' ? body.text : body.type === 'choice' ? (body.text ?? '') : body.type === 'unknown' ? '' : (body.caption ?? '');
  return name ? text.startsWith(`*${name}:*`) : /^\*[^*\n]{1,80}:\*(\n|$)/.test(text);
}

/** The agent's name for a message, from the directory; null when unknown. */
export function authorOf(m: Message, person: (id: string | null) => { name: string } | undefined): string | null {
  return m.userId ? (person(m.userId)?.name ?? null) : null;
}
