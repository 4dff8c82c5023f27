// Writing to the contact (when the agent serves the conversation) or to the team (internal
// notes, allowed to anyone who sees it). Enter sends, Shift+Enter breaks the line; `/` at the
// start picks a quick reply, `@` in a note mentions a colleague. Drafts are kept per
// conversation while the tab is open. The server signs agents' replies: nothing is added here.
import { useCallback, useEffect, useId, useImperativeHandle, useLayoutEffect, useMemo, useRef, useState, type ClipboardEvent, type DragEvent, type KeyboardEvent, type Ref } from 'react';
import { Button, CloseIcon, FileIcon, fitTextarea, IconButton, ProgressBar, Spinner } from '../../ui/index.js';
import { MAX_FILE_BYTES, megabytes } from '../../../blocks/limits.js';
import { TRPCClientError } from '@trpc/client';
import { api, errorMessage } from '../api.js';
import { formatBytes, uploadFailureReason, uploadFile, type UploadedFile } from '../builder/settings/MediaInput.js';
import { fmt, useLocale, useTexts } from '../i18n.js';
import { EmojiPicker, PersonItem, PickerList, QuickReplyItem } from './PickerLists.js';
import { filterPeople, filterQuickReplies, insertAt, insertMention, mentionQuery, slashQuery, stepIndex } from './pickers.js';
import { useInboxRefs } from './refs.js';
import { BoltIcon, LockIcon, PaperclipIcon, ReplyIcon, SmileIcon } from './icons.js';
import { inboxTexts } from './texts.js';
import { TemplatePicker, type TemplateChoice } from './TemplatePicker.js';
import { lengthCheck } from '../compose/limit.js';
import { LengthNote } from '../compose/LengthNote.js';
import type { Conversation, Message, Person, QuickReply } from './types.js';

const ACCEPT = [
  'image/jpeg,image/png,image/webp,image/gif',
  'video/mp4,video/3gpp,.mp4,.3gp',
  'audio/ogg,audio/mpeg,audio/mp4,audio/aac,audio/amr,.ogg,.opus,.mp3,.m4a,.aac,.amr',
  'application/pdf,text/plain,text/csv,application/zip,.doc,.docx,.xls,.xlsx,.ppt,.pptx',
].join(',');

interface Draft {
  text: string;
  note: boolean;
}
/** Unsent text per conversation, for this page's lifetime. */
const drafts = new Map<string, Draft>();

export interface ComposerHandle {
  focus(): void;
  toggleNote(): void;
}

/** `uploadedHere`: this composer uploaded it, so removing it before sending deletes it (a quick reply's file is kept). */
type Attachment = { file: UploadedFile; uploadedHere?: boolean } | { uploading: string; progress: number };

/** An upload the agent removed before sending is used nowhere: it is deleted, not left behind. */
function discardUpload(a: Attachment | null) {
  if (a && 'file' in a && a.uploadedHere) void fetch(a.file.url, { method: 'DELETE' }).catch(() => {});
}

/** Quick replies change rarely: one load serves every conversation opened within a minute. */
let quickRepliesCache: { at: number; list: Promise<QuickReply[]> } | null = null;
function loadQuickReplies(): Promise<QuickReply[]> {
  if (!quickRepliesCache || Date.now() - quickRepliesCache.at > 60_000) {
    const list = api.inbox.quickReplies.list.query();
    quickRepliesCache = { at: Date.now(), list };
    list.catch(() => (quickRepliesCache = null));
  }
  return quickRepliesCache.list;
}

/** Name, type and size of an uploaded file, read from its headers (quick replies carry only an id). */
async function fileInfo(fileId: string): Promise<UploadedFile> {
  const url = `/api/files/${encodeURIComponent(fileId)}`;
  try {
    const r = await fetch(url, { method: 'HEAD' });
    const cd = r.headers.get('content-disposition') ?? '';
    const name = /filename\*=UTF-8''([^;]+)/i.exec(cd)?.[1];
    return { id: fileId, url, name: name ? decodeURIComponent(name) : fileId, mime: r.headers.get('content-type') ?? '', size: Number(r.headers.get('content-length') ?? 0) };
  } catch {
    return { id: fileId, url, name: fileId, mime: '', size: 0 };
  }
}

/** The message a reply answers, as the chip above the box shows it. */
export interface QuotingChip {
  id: number;
  author: string;
  text: string;
}

export function Composer({
  conv,
  onSent,
  onPickUp,
  pickingUp,
  quoting = null,
  onCancelQuote,
  onRefused,
  ref,
}: {
  conv: Conversation;
  onSent(m: Message): void;
  onPickUp(): void;
  pickingUp: boolean;
  quoting?: QuotingChip | null;
  onCancelQuote?(): void;
  /** The server refused the reply for how things stand now (a reply window closed, another agent took it): the conversation is read again. */
  onRefused?(): void;
  ref?: Ref<ComposerHandle>;
}) {
  const t = useTexts(inboxTexts);
  const locale = useLocale();
  const { user, people } = useInboxRefs();
  const saved = drafts.get(conv.id);
  const [text, setText] = useState(saved?.text ?? '');
  const [note, setNote] = useState(saved?.note ?? false);
  const [caret, setCaret] = useState(0);
  const [attachment, setAttachment] = useState<Attachment | null>(null);
  const [error, setError] = useState('');
  const [sending, setSending] = useState(false);
  const [emojiOpen, setEmojiOpen] = useState(false);
  const [qrAll, setQrAll] = useState<QuickReply[] | null>(null);
  const [qrError, setQrError] = useState('');
  const [active, setActive] = useState(0);
  /** The picker the agent closed with Esc stays closed until the text changes. */
  const [dismissed, setDismissed] = useState<string | null>(null);
  /** Opened with the button: the whole list, chosen text goes in at the caret. */
  const [qrButton, setQrButton] = useState(false);
  const [dragging, setDragging] = useState(false);
  const box = useRef<HTMLTextAreaElement | null>(null);
  const emojiBtn = useRef<HTMLButtonElement | null>(null);
  const fileInput = useRef<HTMLInputElement | null>(null);
  const abort = useRef<AbortController | null>(null);
  const listId = useId();
  const canReply = conv.canServe;
  const writing = note || canReply;

  useEffect(() => {
    drafts.set(conv.id, { text, note });
  }, [conv.id, text, note]);
  useEffect(() => () => abort.current?.abort(), []);
  useLayoutEffect(() => {
    if (box.current) fitTextarea(box.current, 1, 8);
  }, [text, note]);

  useImperativeHandle(ref, () => ({
    focus: () => box.current?.focus(),
    toggleNote: () => {
      setNote((n) => !n);
      requestAnimationFrame(() => box.current?.focus());
    },
  }));

  // Quick replies (reply mode) and mentions (note mode) read what is typed before the caret.
  const slash = !note && canReply ? slashQuery(text) : null;
  const qrOpen = (slash !== null && dismissed !== text) || qrButton;
  const mention = note ? mentionQuery(text, caret) : null;
  const mentionOpen = !!mention && dismissed !== text;

  useEffect(() => {
    if (!qrOpen || qrAll) return;
    loadQuickReplies().then(setQrAll, (e) => setQrError(errorMessage(e)));
  }, [qrOpen, qrAll]);

  const qrItems = useMemo(() => (qrOpen && qrAll ? filterQuickReplies(qrAll, qrButton ? '' : (slash ?? ''), conv.departmentId) : []), [qrOpen, qrAll, slash, qrButton, conv.departmentId]);
  const mentionItems = useMemo(() => (mentionOpen ? filterPeople(people, mention!.query, user.id).slice(0, 8) : []), [mentionOpen, people, mention?.query, user.id]);
  const pickerLength = qrOpen ? qrItems.length : mentionOpen ? mentionItems.length : 0;
  useEffect(() => setActive(0), [slash, mention?.query, qrButton]);

  const setTextAndCaret = (next: string, at: number) => {
    setText(next);
    setCaret(at);
    requestAnimationFrame(() => {
      const el = box.current;
      if (!el) return;
      el.focus();
      el.setSelectionRange(at, at);
    });
  };

  const chooseQuickReply = async (r: QuickReply) => {
    const fromButton = qrButton;
    setQrButton(false);
    try {
      const rendered = await api.inbox.renderQuickReply.mutate({ id: conv.id, quickReplyId: r.id });
      if (fromButton && text.trim()) {
        const el = box.current;
        const s = el?.selectionStart ?? text.length;
        const e = el?.selectionEnd ?? text.length;
        const gap = s > 0 && !/\s/.test(text[s - 1]) ? ' ' : '';
        const next = insertAt(text, s, e, gap + rendered.text);
        setTextAndCaret(next.text, next.caret);
      } else {
        setTextAndCaret(rendered.text, rendered.text.length);
      }
      if (rendered.fileId) setAttachment({ file: await fileInfo(rendered.fileId) });
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const chooseMention = (p: Person) => {
    if (!mention) return;
    const next = insertMention(text, mention.start, caret, p.name);
    setTextAndCaret(next.text, next.caret);
  };

  const upload = useCallback(
    async (file: File) => {
      setError('');
      if (file.size > MAX_FILE_BYTES) {
        setError(fmt(t.uploadFailed, { reason: `file: larger than ${megabytes(MAX_FILE_BYTES)} MB` }));
        return;
      }
      abort.current?.abort();
      const ctrl = new AbortController();
      abort.current = ctrl;
      setAttachment({ uploading: file.name, progress: 0 });
      try {
        const f = await uploadFile(file, (p) => setAttachment({ uploading: file.name, progress: p }), ctrl.signal);
        setAttachment({ file: f, uploadedHere: true });
      } catch (e) {
        if ((e as Error).name === 'AbortError') return;
        setAttachment(null);
        setError(fmt(t.uploadFailed, { reason: uploadFailureReason(e, t.uploadNetwork, locale) }));
      } finally {
        if (abort.current === ctrl) abort.current = null;
      }
      requestAnimationFrame(() => box.current?.focus());
    },
    [t],
  );

  // Counted as the server counts; past the limit the message is refused here, never cut.
  const length = useMemo(() => lengthCheck(text), [text]);
  const tooLong = length.over > 0;

  const send = async () => {
    if (sending || tooLong) return;
    const body = text.trim();
    const fileId = attachment && 'file' in attachment ? attachment.file.id : undefined;
    if (attachment && !fileId) return; // still uploading
    if (!body && !fileId) return;
    setSending(true);
    setError('');
    try {
      if (note) {
        const r = await api.inbox.whisper.mutate({ id: conv.id, text: body });
        onSent(r.message as Message);
      } else {
        const m = await api.inbox.reply.mutate({ id: conv.id, text: body || undefined, fileId, ...(quoting ? { quotedId: quoting.id } : {}) });
        onSent(m as Message);
        setAttachment(null);
        if (quoting) onCancelQuote?.();
      }
      // What the agent typed while it was being sent is the next message: it stays.
      if ((box.current?.value ?? text) === text) {
        setText('');
        setCaret(0);
        setDismissed(null);
        drafts.delete(conv.id);
      }
    } catch (e) {
      setError(errorMessage(e));
      if (e instanceof TRPCClientError && (e.data as { code?: string } | undefined)?.code === 'CONFLICT') onRefused?.();
    } finally {
      setSending(false);
      requestAnimationFrame(() => box.current?.focus());
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.nativeEvent.isComposing) return;
    const picking = qrOpen || mentionOpen;
    if (picking) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        setActive((i) => stepIndex(i, e.key === 'ArrowDown' ? 1 : -1, pickerLength));
        return;
      }
      if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') {
        if (pickerLength) {
          e.preventDefault();
          if (qrOpen) void chooseQuickReply(qrItems[Math.max(0, active)]);
          else chooseMention(mentionItems[Math.max(0, active)]);
          return;
        }
        if (e.key === 'Tab') return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        setQrButton(false);
        setDismissed(text);
        return;
      }
    }
    if (e.key === 'Escape' && quoting && !note) {
      e.preventDefault();
      e.stopPropagation();
      onCancelQuote?.();
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.altKey) {
      e.preventDefault();
      void send();
    }
  };

  const onPaste = (e: ClipboardEvent<HTMLTextAreaElement>) => {
    if (note || !canReply) return;
    const file = [...e.clipboardData.files][0];
    if (file) {
      e.preventDefault();
      void upload(file);
    }
  };
  const onDrop = (e: DragEvent) => {
    setDragging(false);
    if (note || !canReply) return;
    const file = e.dataTransfer.files?.[0];
    if (!file) return;
    e.preventDefault();
    void upload(file);
  };

  // The account's kind refuses free text now (a reply window): only its templates can go.
  const refusal = !note && canReply ? conv.freeText.refusal : null;
  const loadTemplates = useCallback(() => api.inbox.templates.query({ id: conv.id }), [conv.id]);
  const sendTemplate = async (choice: TemplateChoice) => {
    setSending(true);
    try {
      const m = await api.inbox.reply.mutate({ id: conv.id, template: choice });
      onSent(m as Message);
    } finally {
      setSending(false);
    }
  };

  const toggle = (
    <button
      type="button"
      className={`ib-notetoggle${note ? ' is-on' : ''}`}
      aria-pressed={note}
      title="Ctrl/⌘ + Shift + N"
      onClick={() => {
        setNote((n) => !n);
        setDismissed(null);
        requestAnimationFrame(() => box.current?.focus());
      }}
    >
      <span className="ib-notetoggle__track" aria-hidden>
        <span className="ib-notetoggle__thumb" />
      </span>
      <span>{t.internalNote}</span>
    </button>
  );

  if (!writing) {
    const other = conv.stage === 'in_service' && conv.agentName ? fmt(t.servedByOther, { name: conv.agentName }) : null;
    return (
      <div className="ib-composer ib-composer--locked">
        <div className="ib-locked">
          <p>{conv.stage === 'waiting' ? t.pickUpToReply : conv.stage === 'bot' ? t.botServing : conv.stage === 'closed' ? t.closedLocked : (other ?? t.pickUpToReply)}</p>
          <div className="ib-locked__actions">
            {conv.stage === 'waiting' ? (
              <Button variant="primary" loading={pickingUp} onClick={onPickUp}>
                {t.pickUp}
              </Button>
            ) : null}
            {toggle}
          </div>
        </div>
        {error ? (
          <p className="ib-composer__error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
    );
  }

  if (refusal) {
    return (
      <div className="ib-composer ib-composer--template">
        <TemplatePicker reason={refusal} offersTemplates={conv.can.templates} load={loadTemplates} onSend={sendTemplate} sending={sending} />
        <div className="ib-composer__tools">{toggle}</div>
      </div>
    );
  }

  const uploading = attachment && 'uploading' in attachment ? attachment : null;
  const file = attachment && 'file' in attachment ? attachment.file : null;
  const activeId = pickerLength && (qrOpen || mentionOpen) ? `${listId}-${Math.max(0, active)}` : undefined;

  return (
    <div
      className={`ib-composer${note ? ' ib-composer--note' : ''}${dragging ? ' is-dragging' : ''}`}
      onDragOver={(e) => {
        if (note || !canReply || !e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      {qrOpen ? (
        <PickerList
          id={listId}
          label={t.quickReplies}
          hint={t.quickRepliesHint}
          items={qrItems}
          active={active}
          onActive={setActive}
          onChoose={(r) => void chooseQuickReply(r)}
          keyOf={(r) => r.id}
          render={(r) => <QuickReplyItem r={r} />}
          empty={qrError || (!qrAll ? t.loading : qrAll.length ? t.quickRepliesNone : t.quickRepliesEmpty)}
        />
      ) : mentionOpen ? (
        <PickerList
          id={listId}
          label={t.colleagues}
          items={mentionItems}
          active={active}
          onActive={setActive}
          onChoose={chooseMention}
          keyOf={(p) => p.id}
          render={(p) => <PersonItem p={p} />}
          empty={t.mentionNone}
        />
      ) : null}
      {note ? (
        <div className="ib-composer__notehead">
          <LockIcon size={13} /> {t.noteHint}
        </div>
      ) : null}
      {quoting && !note ? (
        <div className="ib-quoting" role="group" aria-label={fmt(t.replyingTo, { name: quoting.author })}>
          <ReplyIcon size={15} aria-hidden />
          <div className="ib-quoting__body">
            <span className="ib-quoting__author">{fmt(t.replyingTo, { name: quoting.author })}</span>
            <span className="ib-quoting__text">{quoting.text || t.quotedMessage}</span>
            {!conv.can.quote ? <span className="ib-quoting__note">{t.quoteNotNative}</span> : null}
          </div>
          <IconButton size="sm" label={t.cancelReply} onClick={() => onCancelQuote?.()}>
            <CloseIcon size={14} />
          </IconButton>
        </div>
      ) : null}
      {uploading || file ? (
        <div className="ib-attachment">
          {uploading ? (
            <>
              <Spinner size={16} />
              <span className="ib-attachment__name">{uploading.uploading}</span>
              <ProgressBar value={uploading.progress} label={fmt(t.uploading, { name: uploading.uploading, pct: Math.round(uploading.progress * 100) })} />
            </>
          ) : file ? (
            <>
              {file.mime.startsWith('image/') ? <img className="ib-attachment__thumb" src={file.url} alt="" /> : <FileIcon size={18} />}
              <span className="ib-attachment__name" title={file.name}>
                {file.name}
              </span>
              {file.size ? <span className="ib-muted">{formatBytes(file.size, locale)}</span> : null}
            </>
          ) : null}
          <IconButton
            size="sm"
            label={t.removeAttachment}
            onClick={() => {
              abort.current?.abort();
              discardUpload(attachment);
              setAttachment(null);
            }}
          >
            <CloseIcon size={14} />
          </IconButton>
        </div>
      ) : null}
      <div className="ib-composer__row">
        <textarea
          ref={box}
          className="ib-composer__input"
          aria-label={t.message}
          placeholder={note ? t.notePlaceholder : t.messagePlaceholder}
          value={text}
          rows={1}
          dir="auto"
          aria-invalid={tooLong || undefined}
          aria-controls={qrOpen || mentionOpen ? listId : undefined}
          aria-activedescendant={activeId}
          onChange={(e) => {
            setText(e.target.value);
            setCaret(e.target.selectionStart ?? e.target.value.length);
            if (dismissed !== null && e.target.value !== dismissed) setDismissed(null);
          }}
          onSelect={(e) => setCaret((e.target as HTMLTextAreaElement).selectionStart ?? 0)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          onBlur={() => setQrButton(false)}
        />
      </div>
      <LengthNote check={length} />
      <div className="ib-composer__tools">
        {toggle}
        <span className="ib-composer__spacer" />
        <IconButton ref={emojiBtn} label={t.emoji} aria-expanded={emojiOpen} onClick={() => setEmojiOpen((o) => !o)}>
          <SmileIcon />
        </IconButton>
        {!note ? (
          <>
            <IconButton
              label={t.quickReplies}
              aria-expanded={qrOpen}
              onClick={() => {
                if (text.trim() && !text.startsWith('/')) {
                  setQrButton(true);
                  box.current?.focus();
                } else setTextAndCaret('/', 1);
              }}
            >
              <BoltIcon />
            </IconButton>
            <IconButton label={t.attach} onClick={() => fileInput.current?.click()} disabled={!!uploading}>
              <PaperclipIcon />
            </IconButton>
            <input
              ref={fileInput}
              type="file"
              hidden
              accept={ACCEPT}
              onChange={(e) => {
                const f = e.target.files?.[0];
                e.target.value = '';
                if (f) void upload(f);
              }}
            />
          </>
        ) : null}
        <Button variant="primary" size="sm" loading={sending} disabled={!!uploading || (!text.trim() && !file) || tooLong} onClick={() => void send()}>
          {note ? t.sendNote : t.send}
        </Button>
      </div>
      {error ? (
        <p className="ib-composer__error" role="alert">
          {error}
        </p>
      ) : null}
      <EmojiPicker
        open={emojiOpen}
        anchor={emojiBtn}
        onClose={() => {
          setEmojiOpen(false);
          box.current?.focus();
        }}
        onPick={(em) => {
          const el = box.current;
          const s = el?.selectionStart ?? text.length;
          const e2 = el?.selectionEnd ?? text.length;
          const next = insertAt(text, s, e2, em);
          setEmojiOpen(false);
          setTextAndCaret(next.text, next.caret);
        }}
      />
    </div>
  );
}
