// One message of the conversation: the bot's (text, media, choices) on the left, the contact's
// on the right, or, in WhatsApp preview, the bot's as the plain text the channel would send.
import { useState, type ReactNode } from 'react';
import { plainTextLines } from '../../../../blocks/plain-text.js';
import type { Locale } from '../../i18n.js';
import type { OutgoingMessage } from '../../../../blocks/contract.js';
import { type ChatMessage, type ChoiceMessage, type ChoiceStatus, type ContactMediaMessage } from './conversation.js';
import { fileNameOf, parseWhatsApp, plainText, safeUrl } from './format.js';
import { Formatted } from './Formatted.js';
import type { TestChatTexts } from './texts.js';

export function timeOf(iso: string, locale: Locale): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
}

function Meta({ time, children }: { time: string; children?: ReactNode }) {
  return (
    <span className="tc-meta">
      {time}
      {children}
    </span>
  );
}

/**
 * Room at the end of the last line for the time, which sits in the bubble's corner (as in
 * WhatsApp): an invisible copy of it, so it fits whatever the locale's time format.
 */
function Spacer({ time, ticks }: { time: string; ticks?: boolean }) {
  return (
    <span className="tc-meta-space" aria-hidden>
      {time}
      {ticks ? <span className="tc-tick">✓✓</span> : null}
    </span>
  );
}

/** A caption under media, or an empty line holding the time when there is none. */
function Caption({ text, time }: { text?: string; time: string }) {
  return text ? (
    <div className="tc-caption">
      <Formatted text={text} />
      <Spacer time={time} />
    </div>
  ) : (
    <div className="tc-meta-line" aria-hidden />
  );
}

/** The files of a contact's message: the first as the message's own, the others of an album after it. */
function filesOf(m: ContactMediaMessage): { kind: ContactMediaMessage['type']; url: string | null; name: string; mime?: string }[] {
  const first = { kind: m.type, url: safeUrl(m.url), name: m.fileName ?? fileNameOf(m.url ?? '', m.fileName), mime: m.mime };
  return [first, ...(m.more ?? []).map((a) => ({ kind: a.kind, url: safeUrl(a.url), name: a.name ?? fileNameOf(a.url), mime: a.mime }))];
}

/** What the tester sent: image thumbnails (opened in the lightbox) and a chip for any other file. */
function ContactFiles({ media, t, onOpenImage, onMediaLoad }: { media: ContactMediaMessage; t: TestChatTexts; onOpenImage?(url: string, caption?: string): void; onMediaLoad?(): void }) {
  return (
    <div className="tc-files">
      {filesOf(media).map((f, i) => {
        if ((f.kind === 'image' || f.kind === 'sticker') && f.url) {
          const url = f.url;
          return (
            <button key={i} type="button" className="tc-image" onClick={() => onOpenImage?.(url, media.caption)} aria-label={`${t.openImage}: ${f.name}`}>
              <img src={url} alt={f.name} loading="lazy" onLoad={onMediaLoad} />
            </button>
          );
        }
        const ext = /\.([a-z0-9]{1,5})$/i.exec(f.name)?.[1]?.toUpperCase();
        return (
          <a key={i} className="tc-doc tc-file-chip" href={f.url ?? undefined} target="_blank" rel="noopener noreferrer" download={f.name}>
            <span className="tc-doc-icon" aria-hidden>
              {ext ?? '📄'}
            </span>
            <span className="tc-doc-name">
              <strong title={f.name}>{f.name}</strong>
              <span className="muted small">{f.mime ?? t.document}</span>
            </span>
          </a>
        );
      })}
    </div>
  );
}

export function ContactBubble({
  text,
  time,
  pending,
  t,
  media,
  onOpenImage,
  onMediaLoad,
}: {
  text: string;
  time: string;
  pending?: boolean;
  t: TestChatTexts;
  /** Files the tester sent; `text` is then their caption. */
  media?: ContactMediaMessage;
  onOpenImage?(url: string, caption?: string): void;
  onMediaLoad?(): void;
}) {
  const names = media ? filesOf(media).map((f) => f.name).join(', ') : '';
  return (
    <div className={`tc-row tc-row-in${pending ? ' tc-pending' : ''}`}>
      <div className={`tc-bubble tc-bubble-in${media ? ' tc-bubble-media' : ''}`} aria-label={`${t.you}: ${[names, text].filter(Boolean).join(' · ')}`}>
        {media ? <ContactFiles media={media} t={t} onOpenImage={onOpenImage} onMediaLoad={onMediaLoad} /> : null}
        {media ? (text ? <div className="tc-caption"><Formatted text={text} /></div> : null) : <Formatted text={text} />}
        <Spacer time={time} ticks />
        <Meta time={time}>
          {pending ? (
            <span className="tc-tick tc-clock" title={t.sending} aria-label={t.sending}>
              <svg width="11" height="11" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" aria-hidden>
                <circle cx="12" cy="12" r="9" />
                <path d="M12 7v5l3 2" />
              </svg>
            </span>
          ) : (
            <span className="tc-tick tc-read">✓✓</span>
          )}
        </Meta>
      </div>
    </div>
  );
}

export interface BotMessageProps {
  message: ChatMessage;
  time: string;
  t: TestChatTexts;
  /** WhatsApp preview: the plain text the channel sends. */
  plain: boolean;
  plainLocale: Locale;
  choice?: ChoiceStatus;
  /** The contact clicked this message's options and the answer is on its way. */
  answering?: string[];
  onAnswer(ids: string[], labels: string[]): void;
  onOpenImage(url: string, caption?: string): void;
  onMediaLoad(): void;
}

export function BotMessage(props: BotMessageProps) {
  const { message: m, time, t, plain } = props;
  if (plain) {
    return (
      <div className="tc-row tc-row-out">
        <div className="tc-bubble tc-bubble-out tc-plain">
          <Formatted text={plainTextLines(m as OutgoingMessage, props.plainLocale).join('\n')} />
          <Spacer time={time} />
          <Meta time={time} />
        </div>
      </div>
    );
  }
  if (m.type === 'choice') return <Choice {...props} message={m} />;
  return (
    <div className="tc-row tc-row-out">
      <div className={`tc-bubble tc-bubble-out${m.type === 'text' || m.type === 'template' ? '' : ' tc-bubble-media'}`}>
        <Body {...props} />
        <Meta time={time} />
      </div>
    </div>
  );
}

function Body({ message: m, time, t, onOpenImage, onMediaLoad }: BotMessageProps) {
  if (m.type === 'text' || m.type === 'template') {
    return (
      <>
        <Formatted text={m.text} />
        <Spacer time={time} />
      </>
    );
  }
  if (m.type === 'choice') return null;
  const url = safeUrl(m.url);
  const caption = <Caption text={m.caption} time={time} />;
  if (!url) {
    return (
      <div className="tc-caption">
        <span className="muted">{t.unsupported}</span>
        <Spacer time={time} />
      </div>
    );
  }
  switch (m.type) {
    case 'image':
      return (
        <>
          <button type="button" className="tc-image" onClick={() => onOpenImage(url, m.caption)} aria-label={t.openImage}>
            <img src={url} alt={m.caption ?? ''} loading="lazy" onLoad={onMediaLoad} />
          </button>
          {caption}
        </>
      );
    case 'video':
      return (
        <>
          <video className="tc-video" src={url} controls preload="metadata" onLoadedMetadata={onMediaLoad} />
          {caption}
        </>
      );
    case 'audio':
      return (
        <>
          <audio className="tc-audio" src={url} controls preload="metadata" />
          {caption}
        </>
      );
    case 'document': {
      const name = fileNameOf(url, m.fileName);
      const ext = /\.([a-z0-9]{1,5})$/i.exec(name)?.[1]?.toUpperCase();
      return (
        <>
          <a className="tc-doc" href={url} target="_blank" rel="noopener noreferrer" download={m.fileName || undefined}>
            <span className="tc-doc-icon" aria-hidden>
              {ext ?? '📄'}
            </span>
            <span className="tc-doc-name">
              <strong title={name}>{name}</strong>
              <span className="muted small">
                {t.document}
                {ext ? ` · ${ext}` : ''}
              </span>
            </span>
            <span className="tc-doc-get" aria-label={t.download} title={t.download}>
              ⤓
            </span>
          </a>
          {caption}
        </>
      );
    }
  }
}

function Choice(props: BotMessageProps & { message: ChoiceMessage }) {
  const { message: m, time, t, choice, answering, onAnswer } = props;
  const [selected, setSelected] = useState<string[]>([]);
  const open = !!choice?.open && !answering;
  const picked = answering ?? choice?.picked ?? [];
  const pictures = m.items.some((i) => i.imageUrl);
  const label = m.text ? plainText(parseWhatsApp(m.text)) : undefined;
  const isOn = (id: string) => (open ? selected.includes(id) : picked.includes(id));

  function click(id: string) {
    if (!open) return;
    if (!m.multiple) {
      const item = m.items.find((i) => i.id === id)!;
      onAnswer([id], [item.label]);
      return;
    }
    setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  }
  function submit() {
    const ids = m.items.filter((i) => selected.includes(i.id));
    if (!ids.length) return;
    onAnswer(
      ids.map((i) => i.id),
      ids.map((i) => i.label),
    );
    setSelected([]);
  }

  return (
    <div className="tc-row tc-row-out">
      <div className="tc-choice">
        {(m.text || m.multiple) && (
          <div className="tc-bubble tc-bubble-out">
            {m.text ? <Formatted text={m.text} /> : null}
            {m.multiple && open ? (
              <span className="tc-hint">
                {t.pickSome}
                <Spacer time={time} />
              </span>
            ) : (
              <Spacer time={time} />
            )}
            <Meta time={time} />
          </div>
        )}
        {pictures ? (
          <div className="tc-pictures" role="group" aria-label={label}>
            {m.items.map((item) => {
              const src = safeUrl(item.imageUrl);
              return (
                <button
                  key={item.id}
                  type="button"
                  className={`tc-picture${isOn(item.id) ? ' on' : ''}`}
                  disabled={!open}
                  aria-pressed={isOn(item.id)}
                  onClick={() => click(item.id)}
                >
                  {src ? <img src={src} alt="" loading="lazy" onLoad={props.onMediaLoad} /> : <span className="tc-picture-empty" />}
                  <span className="tc-picture-label">{item.label}</span>
                  {item.description ? <span className="tc-picture-desc">{item.description}</span> : null}
                  {isOn(item.id) ? (
                    <span className="tc-check" aria-hidden>
                      ✓
                    </span>
                  ) : null}
                </button>
              );
            })}
          </div>
        ) : (
          <div className="tc-buttons" role="group" aria-label={label}>
            {m.items.map((item) => (
              <button
                key={item.id}
                type="button"
                className={`tc-choice-btn${isOn(item.id) ? ' on' : ''}`}
                disabled={!open}
                aria-pressed={m.multiple ? isOn(item.id) : undefined}
                onClick={() => click(item.id)}
              >
                {m.multiple ? (
                  <span className="tc-box" aria-hidden>
                    {isOn(item.id) ? '✓' : ''}
                  </span>
                ) : isOn(item.id) ? (
                  <span className="tc-picked" aria-hidden>
                    ✓
                  </span>
                ) : null}
                <span className="tc-choice-label">
                  {item.label}
                  {item.description ? <span className="tc-choice-desc">{item.description}</span> : null}
                </span>
              </button>
            ))}
          </div>
        )}
        {m.multiple && open ? (
          <button type="button" className="tc-submit" disabled={!selected.length} onClick={submit}>
            {t.submitChoices}
            {selected.length ? ` (${selected.length})` : ''}
          </button>
        ) : null}
      </div>
    </div>
  );
}
