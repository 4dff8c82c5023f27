// The test chat beside the canvas: a simulated WhatsApp conversation with the current draft,
// on the same engine that serves real contacts.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type JSX, type KeyboardEvent } from 'react';
import { fmt, useLocale, useTexts } from '../../i18n.js';
import { useToast } from '../../toasts.js';
import { answerText, choiceStatuses, contactMedia, pacedTimeline, timeline, type LogLine } from './conversation.js';
import { formatValue } from './format.js';
import { Formatted } from './Formatted.js';
import { BotMessage, ContactBubble, timeOf } from './Message.js';
import { texts, type TestChatTexts } from './texts.js';
import { blockOf, focusBlock, useTestChat, waitKind, type FlowDoc, type RunContact } from './useTestChat.js';
import { formatPhone } from '../../inbox/format.js';
import { lengthCheck } from '../../compose/limit.js';
import { LengthNote } from '../../compose/LengthNote.js';
import { isContactNameVariable } from '../../../../blocks/shared/contact-name.js';
import { ACCEPTED_FILES, carriesFiles, filesIn, PaperclipIcon, StagedChips, useStagedFiles } from './Attachments.js';
import './testchat.css';

export interface TestChatPanelProps {
  flowId: string;
  /** The group selected on the canvas, for "Start from this group". */
  selectedGroupId?: string | null;
  selectedGroupTitle?: string | null;
  /** Called with the block the session waits on (or the last block run), to highlight and follow it on the canvas; null when none. */
  onCurrentBlock(blockId: string | null): void;
  /** Resolves once pending edits are saved, before starting a run on the draft. */
  beforeStart?: () => Promise<void>;
  onClose(): void;
}

function usePersisted(key: string, initial: boolean): [boolean, (v: boolean) => void] {
  const [value, setValue] = useState(() => {
    try {
      const v = localStorage.getItem(key);
      return v === null ? initial : v === '1';
    } catch {
      return initial;
    }
  });
  const set = useCallback(
    (v: boolean) => {
      setValue(v);
      try {
        localStorage.setItem(key, v ? '1' : '0');
      } catch {
        // private mode: not remembered
      }
    },
    [key],
  );
  return [value, set];
}

export function TestChatPanel(props: TestChatPanelProps): JSX.Element {
  const t = useTexts(texts);
  const locale = useLocale();
  const toast = useToast();
  const [preview, setPreview] = usePersisted('ozia.testchat.whatsapp', false);
  const [varsOpen, setVarsOpen] = usePersisted('ozia.testchat.variables', true);
  const [answering, setAnswering] = useState<Map<number, string[]>>(new Map());
  const [lightbox, setLightbox] = useState<{ url: string; caption?: string } | null>(null);

  const { state, doc, start, send, held } = useTestChat({
    flowId: props.flowId,
    beforeStart: props.beforeStart,
    onError: (message) => toast.show('error', message),
    liveLost: (error) => fmt(t.liveLost, { error }),
  });

  // The canvas follows the conversation: after every turn, and cleared when the panel closes.
  const onCurrentBlock = useRef(props.onCurrentBlock);
  onCurrentBlock.current = props.onCurrentBlock;
  const focus = focusBlock(state);
  useEffect(() => {
    onCurrentBlock.current(focus);
  }, [state.turnSeq]); // every turn, even when the block is the same one
  useEffect(() => () => onCurrentBlock.current(null), []);

  const restart = useCallback(() => {
    setAnswering(new Map());
    void start();
  }, [start]);
  const startFromGroup = useCallback(() => {
    if (!props.selectedGroupId) return;
    setAnswering(new Map());
    void start({ groupId: props.selectedGroupId, title: props.selectedGroupTitle ?? null });
  }, [start, props.selectedGroupId, props.selectedGroupTitle]);

  const active = state.status === 'active';
  const ended = state.status === 'ended' || state.status === 'none';
  const busy = state.status === 'saving' || state.status === 'starting' || state.status === 'rejoining';
  const waiting = active ? waitKind(state, doc) : null;

  // With the flow's typing delay, bot messages show one by one after "typing…", as on WhatsApp.
  const items = useMemo(() => pacedTimeline(timeline(state.entries, state.groups, state.pending), held), [state.entries, state.groups, state.pending, held]);
  const typing = state.inFlight > 0 || held !== null;
  const choices = useMemo(
    () => choiceStatuses(state.entries, { active: active && waiting === 'reply', currentBlockId: state.currentBlockId }),
    [state.entries, active, waiting, state.currentBlockId],
  );

  // Scroll to the bottom on new content, unless the tester scrolled up to read.
  const scroller = useRef<HTMLDivElement>(null);
  const stick = useRef(true);

  const answer = useCallback(
    async (entryId: number, ids: string[], labels: string[]) => {
      setAnswering((m) => new Map(m).set(entryId, ids));
      stick.current = true;
      const ok = await send(labels.join(', '), ids);
      setAnswering((m) => {
        const next = new Map(m);
        next.delete(entryId);
        return next;
      });
      return ok;
    },
    [send],
  );

  const toBottom = useCallback(() => {
    const el = scroller.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, []);
  useLayoutEffect(toBottom, [items.length, typing, state.status, waiting, preview, toBottom]);
  useEffect(() => {
    if (state.status === 'saving' || state.status === 'starting') stick.current = true;
  }, [state.status]);

  // Files the tester attaches as the contact: by the clip button, dropped on the panel, or pasted.
  const staged = useStagedFiles(t, (message) => toast.show('error', message));
  const [dragging, setDragging] = useState(0);
  const canAttach = active || state.status === 'ended';

  const plainLocale = doc?.settings.locale ?? locale;
  const fromGroupLabel = props.selectedGroupId && props.selectedGroupTitle ? fmt(t.fromGroupNamed, { title: props.selectedGroupTitle }) : t.fromGroup;
  const planned = waiting === 'timer' ? waitSeconds(doc, state.currentBlockId) : null;

  return (
    <aside
      className={`tc-panel${dragging > 0 && canAttach ? ' is-dropping' : ''}`}
      aria-label={t.title}
      onDragEnter={(e) => {
        if (!carriesFiles(e.dataTransfer)) return;
        e.preventDefault();
        setDragging((n) => n + 1);
      }}
      onDragLeave={(e) => {
        if (carriesFiles(e.dataTransfer)) setDragging((n) => Math.max(0, n - 1));
      }}
      onDragOver={(e) => {
        if (!carriesFiles(e.dataTransfer)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = canAttach ? 'copy' : 'none';
      }}
      onDrop={(e) => {
        if (!carriesFiles(e.dataTransfer)) return;
        e.preventDefault();
        setDragging(0);
        if (canAttach) staged.add(filesIn(e.dataTransfer));
      }}
    >
      {dragging > 0 && canAttach ? (
        <div className="tc-dropzone" aria-hidden>
          <PaperclipIcon /> {t.dropHere}
        </div>
      ) : null}
      <header className="tc-header">
        <span className="tc-avatar" aria-hidden>
          <BotIcon />
        </span>
        <div className="tc-heading">
          <strong>{t.title}</strong>
          <span className="tc-sub">
            {state.status === 'saving' ? t.saving : state.status === 'starting' ? t.starting : state.status === 'rejoining' ? t.rejoining : state.contact ? <RunContactLine contact={state.contact} t={t} /> : t.subtitle}
          </span>
        </div>
        <button type="button" className="tc-icon" onClick={restart} disabled={busy} aria-label={t.restart} title={t.restartHint}>
          <RestartIcon />
        </button>
        <button type="button" className="tc-icon" onClick={props.onClose} aria-label={t.close} title={t.close}>
          <CloseIcon />
        </button>
      </header>

      <div className="tc-toolbar" role="toolbar" aria-label={t.title}>
        <button
          type="button"
          className="tc-tool tc-tool-group"
          onClick={startFromGroup}
          disabled={!props.selectedGroupId || busy}
          title={props.selectedGroupId ? `${fromGroupLabel}: ${t.fromGroupHint}` : t.fromGroupNone}
        >
          <PlayIcon />
          <span className="tc-ellipsis">{fromGroupLabel}</span>
        </button>
        <label className="tc-switch" title={t.whatsappPreviewHint}>
          <input type="checkbox" role="switch" checked={preview} onChange={(e) => setPreview(e.target.checked)} />
          <span className="tc-switch-track" aria-hidden>
            <span className="tc-switch-thumb" />
          </span>
          {t.whatsappPreview}
        </label>
      </div>

      <Variables t={t} open={varsOpen} onToggle={() => setVarsOpen(!varsOpen)} rows={state.variables} changed={state.changed} />

      <div
        className={`tc-chat${preview ? ' tc-chat-plain' : ''}`}
        ref={scroller}
        onScroll={(e) => {
          const el = e.currentTarget;
          stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 60;
        }}
        role="log"
        aria-label={t.conversation}
        aria-busy={busy || state.inFlight > 0}
      >
        {state.startedFrom ? (
          <div className="tc-divider">
            {fmt(t.startedFrom, {
              title: state.startedFrom.title || doc?.groups.find((g) => g.id === state.startedFrom?.groupId)?.title || state.startedFrom.groupId,
            })}
          </div>
        ) : null}
        {items.map((it) => {
          if (it.kind === 'log') return <Log key={`log-${it.key}`} line={it.line} t={t} doc={doc} />;
          if (it.kind === 'pending') return <ContactBubble key={`p-${it.pending.key}`} text={it.pending.text} time="" pending t={t} />;
          const e = it.entry;
          const time = timeOf(e.createdAt, locale);
          if (e.direction === 'in') {
            const media = contactMedia(e.message);
            return media ? (
              <ContactBubble
                key={e.id}
                text={media.caption ?? ''}
                media={media}
                time={time}
                t={t}
                onOpenImage={(url, caption) => setLightbox({ url, caption })}
                onMediaLoad={toBottom}
              />
            ) : (
              <ContactBubble key={e.id} text={answerText(state.entries, e)} time={time} t={t} />
            );
          }
          return (
            <BotMessage
              key={e.id}
              message={e.message}
              time={time}
              t={t}
              plain={preview}
              plainLocale={plainLocale}
              choice={choices.get(e.id)}
              answering={answering.get(e.id)}
              onAnswer={(ids, labels) => void answer(e.id, ids, labels)}
              onOpenImage={(url, caption) => setLightbox({ url, caption })}
              onMediaLoad={toBottom}
            />
          );
        })}
        {busy ? (
          <div className="tc-status" role="status">
            <span className="spinner" /> {state.status === 'saving' ? t.saving : state.status === 'rejoining' ? t.rejoining : t.starting}
          </div>
        ) : null}
        {typing ? <Typing t={t} /> : null}
        {waiting === 'timer' && !typing ? <WaitNote t={t} since={state.waitSince ?? Date.now()} seconds={planned} /> : null}
        {waiting === 'human' && !typing ? (
          <div className="tc-wait" role="status">
            🧑‍💼 {t.withHuman}
          </div>
        ) : null}
        {state.status === 'none' && state.entries.length === 0 ? <div className="tc-log tc-log-warn">{t.notStarted}</div> : null}
        {state.status === 'failed' ? (
          <div className="tc-failed" role="alert">
            <p>{t.startFailed}</p>
            <button type="button" className="primary" onClick={restart}>
              {t.tryAgain}
            </button>
          </div>
        ) : null}
      </div>

      <Composer
        t={t}
        disabled={!active && state.status !== 'ended'}
        ended={ended && !typing}
        busy={busy}
        onRestart={restart}
        staged={staged}
        onSend={async (text) => {
          stick.current = true;
          const files = staged.files.flatMap((f) => (f.fileId ? [{ fileId: f.fileId, name: f.name }] : []));
          const ok = await send(text, undefined, files);
          if (ok && files.length) staged.clear();
          return ok;
        }}
      />

      {lightbox ? <Lightbox url={lightbox.url} caption={lightbox.caption} t={t} onClose={() => setLightbox(null)} /> : null}
    </aside>
  );
}

/** "Teste 7 · +55 11 90000-0007": who this run is in the Inbox, the bot's collected name once it has one. */
function RunContactLine({ contact, t }: { contact: RunContact; t: TestChatTexts }) {
  const phone = formatPhone(contact.phone);
  const line = [contact.name, phone].filter(Boolean).join(' · ');
  return (
    <span className="tc-contact" title={fmt(t.contactHint, { name: line })} data-testid="tc-contact">
      {line}
    </span>
  );
}

function waitSeconds(doc: FlowDoc | null, blockId: string | null): number | null {
  const hit = blockOf(doc, blockId);
  const s = (hit?.block.options as { seconds?: unknown } | undefined)?.seconds;
  return hit?.block.kind === 'wait' && typeof s === 'number' ? s : null;
}

function Variables({
  t,
  open,
  onToggle,
  rows,
  changed,
}: {
  t: TestChatTexts;
  open: boolean;
  onToggle(): void;
  rows: { id: string; name: string; value?: unknown }[];
  changed: Set<string>;
}) {
  const set = rows.filter((r) => r.value !== undefined && r.value !== null).length;
  const fresh = rows.filter((r) => changed.has(r.id)).length;
  return (
    <section className={`tc-vars${open ? ' open' : ''}`}>
      <button type="button" className="tc-vars-head" aria-expanded={open} onClick={onToggle}>
        <span className="tc-chevron" aria-hidden>
          ▸
        </span>
        {t.variables}
        <span className="tc-count">
          {set}/{rows.length}
        </span>
        {fresh ? (
          <span className="tc-fresh" title={t.changed}>
            +{fresh}
          </span>
        ) : null}
      </button>
      {open ? (
        rows.length ? (
          <dl className="tc-vars-list">
            {rows.map((r) => {
              const unset = r.value === undefined || r.value === null;
              const shown = formatValue(r.value);
              return (
                <div key={r.id} className={`tc-var${changed.has(r.id) ? ' changed' : ''}`} title={changed.has(r.id) ? t.changed : undefined}>
                  <dt>
                    {r.name}
                    {isContactNameVariable(r.name) ? (
                      <span className="tc-var-contact" title={t.contactNameVariable} aria-label={t.contactNameVariable}>
                        👤
                      </span>
                    ) : null}
                  </dt>
                  <dd className={unset ? 'unset' : undefined} title={unset ? t.unset : shown}>
                    {shown}
                  </dd>
                </div>
              );
            })}
          </dl>
        ) : (
          <p className="tc-vars-empty muted small">{t.variablesEmpty}</p>
        )
      ) : null}
    </section>
  );
}

function Log({ line, t, doc }: { line: LogLine; t: TestChatTexts; doc: FlowDoc | null }) {
  const group = blockOf(doc, line.blockId ?? null)?.group;
  return (
    <div className={`tc-log tc-log-${line.level}`} role={line.level === 'error' ? 'alert' : 'note'}>
      <LevelIcon level={line.level} />
      <span>
        <span className="tc-visually-hidden">{t.log[line.level]}: </span>
        {line.message}
        {group?.title ? <span className="tc-log-where"> · {fmt(t.inGroup, { title: group.title })}</span> : null}
      </span>
    </div>
  );
}

function Typing({ t }: { t: TestChatTexts }) {
  return (
    <div className="tc-row tc-row-out" role="status" aria-label={t.typing}>
      <div className="tc-bubble tc-bubble-out tc-typing">
        <span />
        <span />
        <span />
      </div>
    </div>
  );
}

function WaitNote({ t, since, seconds }: { t: TestChatTexts; since: number; seconds: number | null }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  let text = t.waitingTimerUnknown;
  if (seconds !== null) {
    const left = Math.ceil((since + seconds * 1000 - now) / 1000);
    text = left > 0 ? fmt(t.waitingTimer, { n: left }) : t.resuming;
  }
  return (
    <div className="tc-wait" role="status">
      <span className="tc-wait-icon" aria-hidden>
        <svg {...svg} width={13} height={13}>
          <circle cx="12" cy="12" r="9" />
          <path d="M12 7v5l3 2" />
        </svg>
      </span>
      {text}
    </div>
  );
}

function Composer({
  t,
  disabled,
  ended,
  busy,
  onRestart,
  onSend,
  staged,
}: {
  t: TestChatTexts;
  disabled: boolean;
  ended: boolean;
  busy: boolean;
  onRestart(): void;
  onSend(text: string): Promise<boolean>;
  staged: ReturnType<typeof useStagedFiles>;
}) {
  const [text, setText] = useState('');
  const box = useRef<HTMLTextAreaElement>(null);
  const chooser = useRef<HTMLInputElement>(null);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 140)}px`;
  }, [text]);
  useEffect(() => {
    if (!disabled) box.current?.focus({ preventScroll: true });
  }, [disabled]);

  // Counted as the server counts; past the limit the message is refused here, never cut.
  const length = useMemo(() => lengthCheck(text), [text]);
  const tooLong = length.over > 0;

  // With files, the text is their caption and may be empty; a file still uploading holds the send.
  const canSend = !disabled && !tooLong && !staged.uploading && (staged.ready || !!text.trim());

  async function submit() {
    const value = text;
    if (!canSend) return;
    setText('');
    const ok = await onSend(value);
    if (!ok) setText((now) => (now ? now : value));
  }
  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void submit();
    }
  }

  return (
    <footer className="tc-composer">
      {ended ? (
        <div className="tc-endbar" role="status">
          <span>{t.ended}</span>
          <button type="button" className="primary" onClick={onRestart}>
            <RestartIcon /> {t.restart}
          </button>
        </div>
      ) : null}
      <StagedChips files={staged.files} t={t} onRemove={staged.remove} />
      <div className="tc-inputrow">
        <button type="button" className="tc-attach" disabled={disabled} onClick={() => chooser.current?.click()} aria-label={t.attach} title={t.attachHint}>
          <PaperclipIcon />
        </button>
        <input
          ref={chooser}
          type="file"
          multiple
          accept={ACCEPTED_FILES}
          hidden
          data-testid="tc-file-input"
          onChange={(e) => {
            staged.add(Array.from(e.target.files ?? []));
            e.target.value = ''; // the same file can be picked again
          }}
        />
        <textarea
          ref={box}
          rows={1}
          value={text}
          disabled={disabled}
          placeholder={ended ? t.placeholderEnded : busy ? t.placeholderStarting : t.placeholder}
          aria-label={t.placeholder}
          title={t.sendHint}
          dir="auto"
          aria-invalid={tooLong || undefined}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          onPaste={(e) => {
            const files = filesIn(e.clipboardData);
            if (!files.length || disabled) return;
            e.preventDefault(); // a pasted screenshot is an attachment, not text
            staged.add(files);
          }}
        />
        <button type="button" className="tc-send" onClick={() => void submit()} disabled={!canSend} aria-label={t.send} title={t.sendHint}>
          <SendIcon />
        </button>
      </div>
      <LengthNote check={length} className="tc-length" />
    </footer>
  );
}

function Lightbox({ url, caption, t, onClose }: { url: string; caption?: string; t: TestChatTexts; onClose(): void }) {
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="tc-lightbox" role="dialog" aria-modal="true" aria-label={t.openImage} onClick={onClose}>
      <img src={url} alt={caption ?? ''} onClick={(e) => e.stopPropagation()} />
      <div className="tc-lightbox-bar" onClick={(e) => e.stopPropagation()}>
        {caption ? <Formatted text={caption} className="tc-text tc-lightbox-caption" /> : <span />}
        <a href={url} target="_blank" rel="noopener noreferrer">
          {t.openOriginal}
        </a>
        <button type="button" className="tc-icon" onClick={onClose} aria-label={t.close}>
          <CloseIcon />
        </button>
      </div>
    </div>
  );
}

const svg = { width: 16, height: 16, viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', strokeWidth: 2, strokeLinecap: 'round', strokeLinejoin: 'round' } as const;

function CloseIcon() {
  return (
    <svg {...svg} aria-hidden>
      <path d="M18 6 6 18M6 6l12 12" />
    </svg>
  );
}
function RestartIcon() {
  return (
    <svg {...svg} aria-hidden>
      <path d="M3 12a9 9 0 1 0 3-6.7L3 8" />
      <path d="M3 3v5h5" />
    </svg>
  );
}
function PlayIcon() {
  return (
    <svg {...svg} aria-hidden>
      <path d="M6 4l14 8-14 8z" />
    </svg>
  );
}
function SendIcon() {
  return (
    <svg {...svg} width={18} height={18} aria-hidden>
      <path d="M22 2 11 13" />
      <path d="M22 2 15 22l-4-9-9-4z" />
    </svg>
  );
}
function BotIcon() {
  return (
    <svg {...svg} width={18} height={18} aria-hidden>
      <rect x="4" y="8" width="16" height="12" rx="3" />
      <path d="M12 4v4M9 13h.01M15 13h.01M9 17h6" />
    </svg>
  );
}
function LevelIcon({ level }: { level: LogLine['level'] }) {
  return (
    <svg {...svg} width={13} height={13} className="tc-log-icon" aria-hidden>
      {level === 'info' ? (
        <>
          <circle cx="12" cy="12" r="9" />
          <path d="M12 11v6M12 7.5h.01" />
        </>
      ) : level === 'warn' ? (
        <>
          <path d="M10.3 3.9 2.4 17.5A2 2 0 0 0 4.1 20.5h15.8a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z" />
          <path d="M12 9v4M12 17h.01" />
        </>
      ) : (
        <>
          <circle cx="12" cy="12" r="9" />
          <path d="M15 9l-6 6M9 9l6 6" />
        </>
      )}
    </svg>
  );
}
