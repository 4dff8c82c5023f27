// The middle column: the open conversation's header (contact, stage, department, agent, tags,
// actions), its transcript, kept live, and the composer.
import { BlockedChip } from '../contacts/BlockControl.js';
import { useCallback, useEffect, useMemo, useRef, useState, type Ref } from 'react';
import { Button, IconButton, Spinner } from '../../ui/index.js';
import { api, errorMessage } from '../api.js';
import { fmt, timeAgo, useLocale, useTexts } from '../i18n.js';
import { navigate } from '../router.js';
import { useToast } from '../toasts.js';
import { RetentionNotice } from '../settings/RetentionNotice.js';
import { AbsentAgentBanner } from './AbsentAgentBanner.js';
import { Composer, type ComposerHandle } from './Composer.js';
import { useInboxEvents } from './events.js';
import { FinishDialog } from './FinishDialog.js';
import { contactName, formatPhone, initials, stars } from './format.js';
import { HandBackDialog } from './HandBackDialog.js';
import { ChannelTag } from './channel-kinds.js';
import { BotIcon, HeadsetIcon, PanelIcon, UnreadIcon } from './icons.js';
import { useInboxRefs } from './refs.js';
import { TagPicker } from './TagPicker.js';
import { inboxTexts } from './texts.js';
import { Transcript } from './Transcript.js';
import { mergeMessages, oldestId, previewText, readBody, withStatuses, type HeardStatus } from './messages.js';
import { MEDIA_ICONS } from './live.js';
import { ActionDialog } from './ActionDialog.js';
import type { RowAction } from './MessageRow.js';
import { TransferDialog } from './TransferDialog.js';
import type { Conversation, Message } from './types.js';

type Dialog = 'transfer' | 'finish' | 'handBack' | null;

function forget(heard: ReadonlyMap<number, HeardStatus>, id: number): ReadonlyMap<number, HeardStatus> {
  if (!heard.has(id)) return heard;
  const next = new Map(heard);
  next.delete(id);
  return next;
}

export function ConversationView({
  id,
  panelOpen,
  onTogglePanel,
  composerRef,
}: {
  id: string;
  panelOpen: boolean;
  onTogglePanel(): void;
  composerRef: Ref<ComposerHandle>;
}) {
  const t = useTexts(inboxTexts);
  const locale = useLocale();
  const toast = useToast();
  const { department, person } = useInboxRefs();
  const [conv, setConv] = useState<Conversation | null>(null);
  const [messages, setMessages] = useState<Message[]>([]);
  // Delivery statuses heard on the live stream, applied to whatever copy of a message is shown.
  const [heard, setHeard] = useState<ReadonlyMap<number, HeardStatus>>(new Map());
  /** The message the agent is answering ("Responder"), shown quoted above the composer. */
  const [quoting, setQuoting] = useState<Message | null>(null);
  const [revoking, setRevoking] = useState<Message | null>(null);
  const shown = useMemo(() => withStatuses(messages, heard), [messages, heard]);
  const [more, setMore] = useState(false);
  const [status, setStatus] = useState<'loading' | 'ready' | 'error'>('loading');
  const [error, setError] = useState('');
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [pickingUp, setPickingUp] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);
  const idRef = useRef(id);
  idRef.current = id;
  /** The stream (re)connected while the first load was on its way: what changed in between is fetched after it. */
  const readyWhileLoading = useRef(false);

  const reloadConv = useCallback(async () => {
    const c = await api.inbox.get.query({ id });
    if (idRef.current === id) setConv(c);
    return c;
  }, [id]);

  const load = useCallback(async () => {
    setStatus('loading');
    setError('');
    readyWhileLoading.current = false;
    try {
      const [c, m] = await Promise.all([api.inbox.get.query({ id }), api.inbox.messages.query({ id })]);
      if (idRef.current !== id) return;
      setConv(c);
      setMessages(m.messages as Message[]);
      setMore(m.more);
      setStatus('ready');
      api.inbox.markRead.mutate({ id }).catch(() => undefined);
      // A change made between this load's read and the stream's connection was told to nobody.
      if (readyWhileLoading.current) {
        readyWhileLoading.current = false;
        api.inbox.messages.query({ id, limit: 100 }).then((later) => idRef.current === id && setMessages((cur) => mergeMessages(cur, later.messages as Message[])), () => undefined);
      }
    } catch (e) {
      if (idRef.current !== id) return;
      setError(errorMessage(e));
      setStatus('error');
    }
  }, [id]);

  useEffect(() => {
    setConv(null);
    setMessages([]);
    setHeard(new Map());
    setQuoting(null);
    setRevoking(null);
    setMore(false);
    setDialog(null);
    void load();
  }, [load]);

  // Live: messages of this conversation go in at once; changes to it reload the header.
  const convTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const readTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (convTimer.current) clearTimeout(convTimer.current);
      if (readTimer.current) clearTimeout(readTimer.current);
    },
    [],
  );
  const reloadSoon = useCallback(() => {
    if (convTimer.current) clearTimeout(convTimer.current);
    convTimer.current = setTimeout(() => void reloadConv().catch(() => undefined), 120);
  }, [reloadConv]);
  useInboxEvents((e) => {
    if (e.type === 'ready') {
      // Back online: fetch what may have been said meanwhile.
      if (status === 'loading') readyWhileLoading.current = true;
      if (status !== 'ready') return;
      reloadSoon();
      api.inbox.messages.query({ id, limit: 100 }).then((m) => idRef.current === id && setMessages((cur) => mergeMessages(cur, m.messages as Message[])), () => undefined);
      return;
    }
    if (!('conversationId' in e) || e.conversationId !== id) return;
    if (e.type === 'message') {
      setMessages((cur) => mergeMessages(cur, [e.message as Message], { live: true }));
      // A resent message starts over: what was heard of its failure no longer holds.
      if (e.message.status === 'pending') setHeard((cur) => forget(cur, e.message.id));
      // The contact wrote: a reply window the composer was waiting on may be open again.
      if (e.message.direction === 'in' && conv?.freeText.refusal) reloadSoon();
      if (e.message.direction === 'in' && document.visibilityState === 'visible') {
        if (readTimer.current) clearTimeout(readTimer.current);
        readTimer.current = setTimeout(() => api.inbox.markRead.mutate({ id }).catch(() => undefined), 400);
      }
    } else if (e.type === 'status') {
      setHeard((cur) => {
        const next = new Map(cur);
        for (const m of e.messageIds) next.set(m, { status: e.status, ...(e.errors?.[m] ? { error: e.errors[m] } : {}) });
        return next;
      });
    } else if (e.type === 'conversation') {
      reloadSoon();
    }
  });

  const loadOlder = async () => {
    const before = oldestId(messages);
    if (!before) return;
    setLoadingOlder(true);
    try {
      const m = await api.inbox.messages.query({ id, beforeId: before });
      if (idRef.current !== id) return;
      setMessages((cur) => mergeMessages(cur, m.messages as Message[]));
      setMore(m.more);
    } catch (e) {
      toast.show('error', errorMessage(e));
    } finally {
      setLoadingOlder(false);
    }
  };

  const pickUp = async () => {
    setPickingUp(true);
    try {
      await api.inbox.pickUp.mutate({ id });
      const c = await reloadConv();
      toast.show('success', fmt(t.pickedUp, { name: contactName(c.contact, t.noName) }));
      requestAnimationFrame(() => (composerRef as { current: ComposerHandle | null } | null)?.current?.focus());
    } catch (e) {
      // Someone else got there first: say so and show who has it now.
      toast.show('error', errorMessage(e));
      void reloadConv().catch(() => undefined);
    } finally {
      setPickingUp(false);
    }
  };

  const markUnread = async () => {
    try {
      await api.inbox.markUnread.mutate({ id });
      toast.show('info', t.markedUnread);
      navigate('/inbox');
    } catch (e) {
      toast.show('error', errorMessage(e));
    }
  };

  const afterDialog = async (message: string) => {
    setDialog(null);
    toast.show('success', message);
    try {
      await reloadConv();
    } catch {
      // Transferred out of the agent's departments: it is no longer theirs to see.
      navigate('/inbox');
    }
  };

  const onSent = useCallback((m: Message) => setMessages((cur) => mergeMessages(cur, [m])), []);

  const onAction = useCallback(
    (action: RowAction, m: Message) => {
      if (action === 'reply') {
        setQuoting(m);
        requestAnimationFrame(() => (composerRef as { current: ComposerHandle | null } | null)?.current?.focus());
      } else if (action === 'revoke') {
        setRevoking(m);
      } else {
        api.inbox.resend.mutate({ messageId: m.id }).then(
          (r) => {
            setHeard((cur) => forget(cur, m.id));
            setMessages((cur) => mergeMessages(cur, [r as Message], { live: true }));
            toast.show('success', t.resent);
          },
          (e) => toast.show('error', errorMessage(e)),
        );
      }
    },
    [composerRef, toast, t],
  );

  if (status === 'loading' && !conv) {
    return (
      <section className="ib-conv ib-conv--state">
        <Spinner size={24} label={t.loading} />
      </section>
    );
  }
  if (status === 'error' || !conv) {
    const notFound = /not found|NOT_FOUND/i.test(error);
    return (
      <section className="ib-conv ib-conv--state">
        <div className="ib-state" role="alert">
          <p>{notFound ? t.notFound : fmt(t.loadError, { error })}</p>
          <div className="ib-row-actions">
            <Button size="sm" variant="ghost" onClick={() => navigate('/inbox')}>
              {t.backToList}
            </Button>
            {!notFound ? (
              <Button size="sm" onClick={() => void load()}>
                {t.retry}
              </Button>
            ) : null}
          </div>
        </div>
      </section>
    );
  }

  const name = contactName(conv.contact, t.noName);
  const quoteAuthor = (m: Message) =>
    m.direction === 'in' ? name : m.author === 'agent' ? (person(m.userId)?.name ?? t.someone) : m.author === 'bot' ? t.bot : m.author === 'phone' ? t.fromPhone : t.auto;
  const dept = department(conv.departmentId);
  const open = conv.stage === 'waiting' || conv.stage === 'in_service';
  const canTransfer = conv.stage === 'waiting' || conv.canServe;
  const canFinish = conv.stage === 'waiting' || conv.canServe;
  const agent = conv.agentName ?? person(conv.agentId)?.name ?? null;

  return (
    <section className="ib-conv" aria-label={name}>
      <header className="ib-conv__head">
        <button type="button" className="ib-back" aria-label={t.backToList} title={t.backToList} onClick={() => navigate('/inbox')}>
          ←
        </button>
        <span className="ib-avatar" style={dept ? { boxShadow: `0 0 0 2px var(--card), 0 0 0 4px ${dept.color}` } : undefined} aria-hidden>
          {initials(name)}
        </span>
        <div className="ib-conv__who">
          <h2 className="ib-conv__name">{name}</h2>
          <div className="ib-conv__meta">
            {conv.contact.phone && conv.contact.name ? <span>{formatPhone(conv.contact.phone)}</span> : null}
            <ChannelTag kind={conv.channelKind} name={conv.channelName} className="ib-conv__channel" />
            <span className={`ib-stage ib-stage--${conv.stage}`}>{t.stages[conv.stage]}</span>
            {conv.contact.blocked ? <BlockedChip block={{ byName: null, reason: null }} /> : null}
            <span className="ib-chip ib-chip--dept">
              {dept ? <span className="ib-dot" style={{ background: dept.color }} aria-hidden /> : null}
              {dept?.name ?? t.noDepartment}
            </span>
            {agent ? (
              <span className="ib-conv__agent">
                <HeadsetIcon size={13} /> {agent}
              </span>
            ) : null}
            {conv.csatScore !== null ? (
              <span className="ib-stars" role="img" aria-label={fmt(t.csat, { score: conv.csatScore })} title={conv.csatComment ?? undefined}>
                {stars(conv.csatScore)}
              </span>
            ) : null}
          </div>
          <TagPicker conv={conv} onChanged={(tags) => setConv((c) => (c ? { ...c, tags } : c))} />
        </div>
        <div className="ib-conv__actions">
          {canTransfer ? (
            <Button size="sm" variant="secondary" onClick={() => setDialog('transfer')}>
              {t.transfer}
            </Button>
          ) : null}
          {canFinish ? (
            <Button size="sm" variant="secondary" onClick={() => setDialog('finish')}>
              {t.finish}
            </Button>
          ) : null}
          {conv.canServe ? (
            <IconButton label={t.handBack} onClick={() => setDialog('handBack')}>
              <BotIcon />
            </IconButton>
          ) : null}
          {open ? (
            <IconButton label={t.markUnread} onClick={() => void markUnread()}>
              <UnreadIcon />
            </IconButton>
          ) : null}
          <IconButton label={panelOpen ? t.hidePanel : t.showPanel} aria-pressed={panelOpen} onClick={onTogglePanel}>
            <PanelIcon />
          </IconButton>
        </div>
      </header>
      {conv.stage === 'closed' ? (
        <div className="ib-banner">{fmt(t.closedBanner, { when: timeAgo(conv.closedAt ?? conv.finishedAt ?? conv.openedAt, locale) })}</div>
      ) : conv.csatState === 'asked' ? (
        <div className="ib-banner">{t.surveyAsked}</div>
      ) : null}
      <AbsentAgentBanner conv={conv} onMoved={() => void reloadConv().catch(() => undefined)} />
      <RetentionNotice className="ib-banner" before={conv.purgedBefore} />
      <Transcript
        conversationId={id}
        messages={shown}
        more={more}
        loadingOlder={loadingOlder}
        onLoadOlder={() => void loadOlder()}
        contactName={name}
        can={conv.can}
        channelKind={conv.channelKind}
        canServe={conv.canServe}
        onAction={onAction}
      />
      <Composer
        ref={composerRef}
        conv={conv}
        onSent={onSent}
        onPickUp={() => void pickUp()}
        pickingUp={pickingUp}
        quoting={quoting ? { id: quoting.id, author: quoteAuthor(quoting), text: previewText(readBody(quoting.body), MEDIA_ICONS) } : null}
        onCancelQuote={() => setQuoting(null)}
        onRefused={reloadSoon}
      />
      {revoking ? (
        <ActionDialog
          title={t.revokeTitle}
          confirmLabel={t.revoke}
          onClose={() => setRevoking(null)}
          action={() => api.inbox.revoke.mutate({ messageId: revoking.id })}
          onDone={(r) => {
            setRevoking(null);
            setMessages((cur) => mergeMessages(cur, [r as Message], { live: true }));
            toast.show('success', t.revoked);
          }}
        >
          <p>{t.revokeText}</p>
          <blockquote className="ib-revoke-preview">{previewText(readBody(revoking.body), MEDIA_ICONS)}</blockquote>
        </ActionDialog>
      ) : null}
      {dialog === 'transfer' ? <TransferDialog conv={conv} onClose={() => setDialog(null)} onDone={() => void afterDialog(t.transferred)} /> : null}
      {dialog === 'finish' ? <FinishDialog conv={conv} onClose={() => setDialog(null)} onDone={() => void afterDialog(t.finished)} /> : null}
      {dialog === 'handBack' ? <HandBackDialog conv={conv} onClose={() => setDialog(null)} onDone={() => void afterDialog(t.handedBack)} /> : null}
    </section>
  );
}
