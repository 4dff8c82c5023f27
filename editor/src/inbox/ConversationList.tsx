// The left column: list tabs with counts, search, filters and the conversations of the view.
import { BlockedChip } from '../contacts/BlockControl.js';
import { memo, useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { Button, SearchIcon, Spinner } from '../../ui/index.js';
import { parseWhatsApp, plainText } from '../builder/testchat/format.js';
import { fmt, timeAgo, useLocale, useTexts, type Locale } from '../i18n.js';
import { navigate } from '../router.js';
import { CLOSED_COUNT_CAP, contactName, countLabel, initials, shortDuration, stars, waitLevel } from './format.js';
import { FiltersBar } from './FiltersBar.js';
import { accountLabel, ChannelTag, kindLabel, useChannelTexts } from './channel-kinds.js';
import { ClockIcon } from './icons.js';
import { useInboxRefs } from './refs.js';
import { inboxTexts, type InboxTexts } from './texts.js';
import type { Counts, Filters, ListView, Summary } from './types.js';
import { LIST_VIEWS } from './types.js';
import type { ListState } from './useConversationList.js';

export interface ConversationListProps {
  view: ListView;
  onView(v: ListView): void;
  counts: Counts;
  countsKnown: boolean;
  list: ListState & { loadMore(): void; reload(): void };
  openId: string | null;
  search: string;
  onSearch(s: string): void;
  searchRef: React.RefObject<HTMLInputElement | null>;
  filters: Filters;
  onFilters(f: Filters): void;
  filtersOpen: boolean;
  onToggleFilters(): void;
  now: number;
  toolbar: ReactNode;
}

export function ConversationList(p: ConversationListProps) {
  const t = useTexts(inboxTexts);
  const { user } = useInboxRefs();
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const scroller = useRef<HTMLDivElement | null>(null);
  const sentinel = useRef<HTMLDivElement | null>(null);
  const { loadMore } = p.list;
  const hasMore = !!p.list.nextCursor;

  // Infinite scroll: the next page loads when the end of the list comes into view.
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasMore || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && loadMore(), { root: scroller.current, rootMargin: '200px' });
    io.observe(el);
    return () => io.disconnect();
  }, [hasMore, loadMore]);

  // The open conversation stays in view while moving with j / k.
  useEffect(() => {
    if (!p.openId) return;
    scroller.current?.querySelector<HTMLElement>(`[data-id="${CSS.escape(p.openId)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [p.openId]);

  const label = (v: ListView) => (v === 'department' && user.role === 'supervisor' ? t.views.all : t.views[v]);
  const onTabKey = (e: KeyboardEvent, i: number) => {
    const d = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!d) return;
    e.preventDefault();
    e.stopPropagation();
    const next = (i + d + LIST_VIEWS.length) % LIST_VIEWS.length;
    p.onView(LIST_VIEWS[next]);
    tabRefs.current[next]?.focus();
  };
  const filtered = !!p.search.trim() || Object.values(p.filters).some((v) => v !== undefined && v !== '' && v !== false);

  return (
    <section className="ib-list" aria-label={t.title}>
      <div className="ib-list__head">
        <h1 className="ib-sr">{t.title}</h1>
        {p.toolbar}
      </div>
      <div className="ib-search">
        <SearchIcon size={16} className="ib-search__icon" />
        <input
          ref={p.searchRef}
          type="search"
          className="ib-search__input"
          aria-label={t.search}
          placeholder={t.searchPlaceholder}
          value={p.search}
          onChange={(e) => p.onSearch(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && p.search) {
              e.stopPropagation();
              p.onSearch('');
            }
          }}
        />
      </div>
      <FiltersBar filters={p.filters} onChange={p.onFilters} open={p.filtersOpen} onToggle={p.onToggleFilters} />
      <div className="ib-tabs" role="tablist" aria-label={t.listsLabel}>
        {LIST_VIEWS.map((v, i) => {
          const n = p.counts[v];
          return (
            <button
              key={v}
              ref={(el) => {
                tabRefs.current[i] = el;
              }}
              type="button"
              role="tab"
              id={`ib-tab-${v}`}
              aria-selected={p.view === v}
              aria-controls="ib-listpanel"
              tabIndex={p.view === v ? 0 : -1}
              className={`ib-tab${v === 'waiting' && n > 0 ? ' ib-tab--hot' : ''}`}
              onClick={() => p.onView(v)}
              onKeyDown={(e) => onTabKey(e, i)}
            >
              <span className="ib-tab__label">{label(v)}</span> <span className="ib-tab__count">{p.countsKnown ? countLabel(n, v === 'closed' ? CLOSED_COUNT_CAP : undefined) : '·'}</span>
            </button>
          );
        })}
      </div>
      <div className="ib-list__scroll" ref={scroller} role="tabpanel" id="ib-listpanel" aria-labelledby={`ib-tab-${p.view}`}>
        {p.list.status === 'loading' && !p.list.items.length ? (
          <div className="ib-state">
            <Spinner size={22} label={t.loading} />
          </div>
        ) : p.list.status === 'error' && !p.list.items.length ? (
          <div className="ib-state" role="alert">
            <p>{fmt(t.loadError, { error: p.list.error })}</p>
            <Button size="sm" onClick={p.list.reload}>
              {t.retry}
            </Button>
          </div>
        ) : !p.list.items.length ? (
          <div className="ib-state ib-empty">
            {filtered ? (
              <HiddenBy filters={p.filters} search={p.search} onClear={() => {
                p.onFilters({});
                p.onSearch('');
              }} />
            ) : (
              <>
                <div className="ib-empty__icon" aria-hidden>
                  {p.view === 'waiting' ? '☕' : p.view === 'mine' ? '🎧' : p.view === 'closed' ? '🗂️' : '💬'}
                </div>
                <h2>{t.empty[p.view][0]}</h2>
                <p>{t.empty[p.view][1]}</p>
              </>
            )}
          </div>
        ) : (
          <ul className="ib-items" role="list" aria-label={t.conversationsLabel}>
            {p.list.items.map((s) => (
              <ListItem key={s.id} s={s} view={p.view} active={s.id === p.openId} now={p.now} />
            ))}
          </ul>
        )}
        {hasMore ? (
          <div ref={sentinel} className="ib-more">
            <Button size="sm" variant="ghost" loading={p.list.loadingMore} onClick={() => p.list.loadMore()}>
              {p.list.loadingMore ? t.loadingMore : t.loadMore}
            </Button>
          </div>
        ) : null}
      </div>
    </section>
  );
}

const ListItem = memo(function ListItem({ s, view, active, now }: { s: Summary; view: ListView; active: boolean; now: number }) {
  const t = useTexts(inboxTexts);
  const locale = useLocale();
  const { department } = useInboxRefs();
  const dept = department(s.departmentId);
  const name = contactName(s.contact, t.noName);
  const href = `/inbox/${encodeURIComponent(s.id)}`;
  const when = view === 'closed' ? (s.closedAt ?? s.lastMessageAt) : s.lastMessageAt;
  return (
    <li className={`ib-item${active ? ' is-active' : ''}${s.unread > 0 ? ' is-unread' : ''}`} data-id={s.id}>
      <a
        href={href}
        aria-current={active ? 'true' : undefined}
        onClick={(e) => {
          if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
          e.preventDefault();
          navigate(href);
        }}
      >
        <span className="ib-avatar" style={dept ? { boxShadow: `0 0 0 2px var(--card), 0 0 0 4px ${dept.color}` } : undefined} aria-hidden>
          {initials(name)}
        </span>
        <span className="ib-item__main">
          <span className="ib-item__top">
            <span className="ib-item__name">{name}</span>
            <ItemTime s={s} view={view} when={when} now={now} locale={locale} t={t} />
          </span>
          <span className="ib-item__mid">
            <span className="ib-item__preview" dir="auto">{s.preview ? plainText(parseWhatsApp(s.preview)) : t.noPreview}</span>
            {s.unread > 0 ? (
              <span className="ib-unread" aria-label={s.unread === 1 ? t.unreadOne : fmt(t.unread, { n: s.unread })}>
                {s.unread > 99 ? '99+' : s.unread}
              </span>
            ) : null}
          </span>
          <span className="ib-item__chips">
            <ChannelTag kind={s.channelKind} name={s.channelName} size={13} className="ib-chip ib-chip--channel" />
            {s.contact.blocked ? <BlockedChip block={{ byName: null, reason: null }} /> : null}
            {dept ? (
              <span className="ib-chip ib-chip--dept">
                <span className="ib-dot" style={{ background: dept.color }} aria-hidden />
                {dept.name}
              </span>
            ) : null}
            {view === 'department' && s.agentName ? <span className="ib-chip ib-chip--agent">{fmt(t.servedBy, { name: s.agentName })}</span> : null}
            {s.tags.map((tag) => (
              <span key={tag.id} className="ib-chip ib-chip--tag" style={{ ['--tag' as string]: tag.color }}>
                {tag.name}
              </span>
            ))}
            {view === 'closed' && s.csatScore !== null ? (
              <span className="ib-stars" role="img" aria-label={fmt(t.csat, { score: s.csatScore })}>
                {stars(s.csatScore)}
              </span>
            ) : view === 'closed' && s.csatPending ? (
              <span className="ib-chip">{t.csatPending}</span>
            ) : null}
          </span>
        </span>
      </a>
    </li>
  );
});

function ItemTime({ s, view, when, now: tick, locale, t }: { s: Summary; view: ListView; when: string; now: number; locale: Locale; t: InboxTexts }) {
  // The ticking clock may lag a row that just arrived: never say "in 2 seconds".
  const now = Math.max(tick, Date.now());
  if (s.stage === 'waiting' && s.waitingSince && view !== 'closed') {
    const level = waitLevel(s.waitingSince, now);
    return (
      <span className={`ib-wait ib-wait--${level}`} title={new Date(s.waitingSince).toLocaleString(locale)}>
        <ClockIcon size={12} />
        <span className="ib-sr">{fmt(t.waitingFor, { time: '' })}</span>
        {shortDuration(s.waitingSince, now, locale)}
      </span>
    );
  }
  return (
    <time className="ib-item__time" dateTime={when} title={new Date(when).toLocaleString(locale)}>
      {timeAgo(when, locale, now)}
    </time>
  );
}

/** What hides every conversation: each filter set, by name ("Tipo de canal: WhatsApp"), and a way out. */
function HiddenBy({ filters: f, search, onClear }: { filters: Filters; search: string; onClear(): void }) {
  const t = useTexts(inboxTexts);
  const ct = useChannelTexts();
  const locale = useLocale();
  const { department, person, tags, accounts } = useInboxRefs();
  const account = accounts.find((a) => a.id === f.channel);
  const parts = [
    f.channelKind ? `${ct.kind}: ${kindLabel(f.channelKind, locale)}` : null,
    f.channel ? `${ct.account}: ${account ? accountLabel(account.kind, account.name, locale) : f.channel}` : null,
    f.departmentId ? `${t.department}: ${department(f.departmentId)?.name ?? '…'}` : null,
    f.agentId ? `${t.agent}: ${person(f.agentId)?.name ?? '…'}` : null,
    f.tagId ? `${t.tag}: ${tags.find((x) => x.id === f.tagId)?.name ?? '…'}` : null,
    f.unread ? t.unreadOnly : null,
    f.from ? `${t.from}: ${new Date(`${f.from}T12:00:00`).toLocaleDateString(locale)}` : null,
    f.to ? `${t.to}: ${new Date(`${f.to}T12:00:00`).toLocaleDateString(locale)}` : null,
    search.trim() ? `${t.search}: “${search.trim()}”` : null,
  ].filter((x): x is string => !!x);
  return (
    <>
      <p className="ib-hidden-by">{parts.length ? fmt(ct.hiddenBy, { filters: parts.join('; ') }) : t.noMatch}</p>
      <Button size="sm" variant="secondary" onClick={onClear}>
        {t.clearFilters}
      </Button>
    </>
  );
}
