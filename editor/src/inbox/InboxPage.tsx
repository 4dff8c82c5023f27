// The Inbox tab (/inbox, /inbox/<conversationId>): conversation lists | conversation | contact.
// Everything stays live over one SSE stream: rows are patched at once and reloaded (debounced)
// from the server, new waiting conversations chime and count in the page title, mentions pop
// up as toasts. Keyboard: j/k or arrows move through the list, / writes, ? shows the shortcuts.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Button, IconButton, PlusIcon } from '../../ui/index.js';
import { fmt, useTexts } from '../i18n.js';
import { match, navigate, usePath } from '../router.js';
import type { User } from '../session.js';
import { useToast } from '../toasts.js';
import type { ComposerHandle } from './Composer.js';
import { ContactPanel } from './ContactPanel.js';
import { ConversationList } from './ConversationList.js';
import { ConversationView } from './ConversationView.js';
import { useInboxEvents, useLiveState } from './events.js';
import { cleanFilters, filtersFromQuery, filtersToQuery, titleWithBadge } from './format.js';
import { isTypingTarget, shortcutFor } from './keyboard.js';
import { applyNotice, isNewWaiting, nextUnseen, refreshPlan } from './live.js';
import { NewConversationDialog } from './NewConversationDialog.js';
import { SoundIcon, SoundOffIcon } from './icons.js';
import { InboxRefsProvider, useInboxRefs } from './refs.js';
import { ShortcutsHelp } from './ShortcutsHelp.js';
import { beep, setSoundEnabled, soundEnabled } from './sound.js';
import { inboxTexts } from './texts.js';
import { LIST_VIEWS, type Filters, type ListView } from './types.js';
import { useConversationList, useCounts, useDebounced, useNow } from './useConversationList.js';
import './inbox.css';

const VIEW_KEY = 'ozia.inbox.view';
const PANEL_KEY = 'ozia.inbox.panel';
const WIDE = 1280;

function initialView(): ListView {
  const v = sessionStorage.getItem(VIEW_KEY);
  return (LIST_VIEWS as readonly string[]).includes(v ?? '') ? (v as ListView) : 'waiting';
}

function initialPanel(): boolean {
  if (window.innerWidth < WIDE) return false;
  return localStorage.getItem(PANEL_KEY) !== '0';
}

export function InboxPage({ user }: { user: User }) {
  return (
    <InboxRefsProvider user={user}>
      <Inbox />
    </InboxRefsProvider>
  );
}

function Inbox() {
  const t = useTexts(inboxTexts);
  const toast = useToast();
  const { user, setPresence } = useInboxRefs();
  const path = usePath();
  const openId = match('/inbox/:id', path)?.id ?? null;
  const [view, setViewState] = useState<ListView>(initialView);
  const [filters, setFilters] = useState<Filters>(() => filtersFromQuery(location.search));
  const [search, setSearch] = useState('');
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [panelOpen, setPanelOpen] = useState(initialPanel);
  const [helpOpen, setHelpOpen] = useState(false);
  const [newOpen, setNewOpen] = useState(false);
  const [unseen, setUnseen] = useState(0);
  const [sound, setSound] = useState(soundEnabled);
  const [visible, setVisible] = useState(() => document.visibilityState === 'visible');
  const live = useLiveState();
  const now = useNow(30_000);
  const searchRef = useRef<HTMLInputElement | null>(null);
  const composer = useRef<ComposerHandle | null>(null);

  // The filters live in the address, like the open conversation: a filtered list can be linked, and a reload keeps it.
  useEffect(() => {
    const query = filtersToQuery(filters);
    if (location.pathname.startsWith('/inbox') && location.search !== query) navigate(location.pathname + query, { replace: true });
  }, [filters, path]);

  const debouncedSearch = useDebounced(search, 300);
  const effective = useMemo(() => cleanFilters({ ...filters, search: debouncedSearch }), [filters, debouncedSearch]);
  const list = useConversationList(view, effective);
  const { counts, known, refresh: refreshCounts } = useCounts(effective);

  const setView = useCallback((v: ListView) => {
    setViewState(v);
    sessionStorage.setItem(VIEW_KEY, v);
  }, []);
  const togglePanel = useCallback(() => {
    setPanelOpen((o) => {
      if (window.innerWidth >= WIDE) localStorage.setItem(PANEL_KEY, o ? '0' : '1');
      return !o;
    });
  }, []);

  // --- live updates --------------------------------------------------------------------------
  const plan = useRef({ list: false, counts: false });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const { refresh: refreshList, patch } = list;
  const schedule = useCallback(
    (p: { list: boolean; counts: boolean }) => {
      plan.current = { list: plan.current.list || p.list, counts: plan.current.counts || p.counts };
      if (timer.current) return;
      timer.current = setTimeout(() => {
        timer.current = null;
        const todo = plan.current;
        plan.current = { list: false, counts: false };
        if (todo.list) void refreshList();
        if (todo.counts) void refreshCounts();
      }, 150);
    },
    [refreshList, refreshCounts],
  );
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  const looking = useRef({ waitingTab: view === 'waiting', visible });
  looking.current = { waitingTab: view === 'waiting', visible };

  useInboxEvents((e) => {
    if (e.type === 'ready') {
      schedule({ list: true, counts: true });
      return;
    }
    if (e.type === 'presence') {
      setPresence(e.userId, e.status);
      return;
    }
    if (e.type === 'mention') {
      toast.show('info', fmt(t.mentionToast, { name: e.byName }), [{ label: t.open, onClick: () => navigate(`/inbox/${encodeURIComponent(e.conversationId)}`) }]);
      return;
    }
    patch((items) => applyNotice(items, e, view, user.id, openId));
    schedule(refreshPlan(e, openId));
    if (isNewWaiting(e)) {
      setUnseen((n) => nextUnseen(n, e, looking.current));
      beep();
    }
  });

  // The open conversation is read (the server is told by the conversation view).
  useEffect(() => {
    if (openId) patch((items) => (items.some((s) => s.id === openId && s.unread) ? items.map((s) => (s.id === openId ? { ...s, unread: 0 } : s)) : items));
  }, [openId, patch, list.items]);

  // Looking at Waiting in a visible page clears the title count.
  useEffect(() => {
    const onVis = () => setVisible(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', onVis);
    return () => document.removeEventListener('visibilitychange', onVis);
  }, []);
  useEffect(() => {
    if (view === 'waiting' && visible) setUnseen(0);
  }, [view, visible]);
  useEffect(() => {
    document.title = titleWithBadge(document.title, unseen);
  }, [unseen]);
  useEffect(() => () => void (document.title = titleWithBadge(document.title, 0)), []);

  // --- keyboard ------------------------------------------------------------------------------
  const items = list.items;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || document.querySelector('.modal-backdrop')) return;
      if (e.key === 'Escape' && helpOpen) {
        setHelpOpen(false);
        return;
      }
      const action = shortcutFor(e, isTypingTarget(e.target));
      if (!action) return;
      // Arrows belong to whatever control has the focus (tabs, menus, selects…).
      if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && e.target instanceof HTMLElement && e.target.closest('[role="tablist"],[role="menu"],[role="listbox"],[role="dialog"],[role="radiogroup"]')) return;
      switch (action) {
        case 'next':
        case 'previous': {
          if (!items.length) return;
          e.preventDefault();
          const i = items.findIndex((s) => s.id === openId);
          const next = i < 0 ? 0 : Math.max(0, Math.min(items.length - 1, i + (action === 'next' ? 1 : -1)));
          if (items[next].id !== openId) navigate(`/inbox/${encodeURIComponent(items[next].id)}`);
          return;
        }
        case 'focusComposer':
          if (!openId) return;
          e.preventDefault();
          composer.current?.focus();
          return;
        case 'toggleNote':
          if (!openId) return;
          e.preventDefault();
          composer.current?.toggleNote();
          return;
        case 'search':
          e.preventDefault();
          searchRef.current?.focus();
          return;
        case 'help':
          e.preventDefault();
          setHelpOpen((o) => !o);
          return;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [items, openId, helpOpen]);

  const toolbar = (
    <>
      <Button size="sm" variant="primary" icon={<PlusIcon size={14} />} onClick={() => setNewOpen(true)} title={t.newConversation} aria-label={t.newConversation}>
        <span className="ib-new-label">{t.newConversation}</span>
      </Button>
      <span className="ib-list__spacer" />
      <span className={`ib-live ib-live--${live}`} role="status" aria-label={live === 'lost' ? t.reconnecting : t.live} title={live === 'lost' ? t.reconnecting : t.live}>
        <span className="ib-live__dot" aria-hidden />
        {live === 'lost' ? <span className="ib-live__text">{t.reconnecting}</span> : null}
      </span>
      <IconButton
        size="sm"
        label={sound ? t.soundOn : t.soundOff}
        aria-pressed={sound}
        onClick={() => {
          setSoundEnabled(!sound);
          setSound(!sound);
        }}
      >
        {sound ? <SoundIcon size={16} /> : <SoundOffIcon size={16} />}
      </IconButton>
      <ShortcutsHelp open={helpOpen} onOpen={setHelpOpen} />
    </>
  );

  return (
    <div className={`ib${openId ? ' ib--open' : ''}${openId && panelOpen ? ' ib--panel' : ''}`}>
      <ConversationList
        view={view}
        onView={setView}
        counts={counts}
        countsKnown={known}
        list={list}
        openId={openId}
        search={search}
        onSearch={setSearch}
        searchRef={searchRef}
        filters={filters}
        onFilters={setFilters}
        filtersOpen={filtersOpen}
        onToggleFilters={() => setFiltersOpen((o) => !o)}
        now={now}
        toolbar={toolbar}
      />
      {openId ? (
        <ConversationView key={openId} id={openId} panelOpen={panelOpen} onTogglePanel={togglePanel} composerRef={composer} />
      ) : (
        <section className="ib-conv ib-conv--none">
          <div className="ib-state ib-empty">
            <div className="ib-empty__icon" aria-hidden>
              💬
            </div>
            <h2>{t.pickConversation}</h2>
            <p>{t.pickConversationHint}</p>
          </div>
        </section>
      )}
      {openId && panelOpen ? <ContactPanel conversationId={openId} onClose={togglePanel} /> : null}
      {newOpen ? <NewConversationDialog onClose={() => setNewOpen(false)} /> : null}
    </div>
  );
}
