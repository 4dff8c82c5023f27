// The Contacts tab's list: search (debounced; `/` focuses it), filters, sortable columns and
// pages, all asked of the server and kept in the address. Saved filters put a filter back in one
// pick. The empty state tells "nobody yet" from "nobody with these filters" and names them.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Button, Field, IconButton, PlusIcon, ProgressBar, SearchIcon, Select, TextInput, TrashIcon, UploadIcon } from '../../ui/index.js';
import { api, errorMessage } from '../api.js';
import { confirmDialog, Modal } from '../dialog.js';
import { fmt, useLocale, useTexts, type Locale } from '../i18n.js';
import { ChannelIcon, accountLabel, kindLabel } from '../inbox/channel-kinds.js';
import { textOn } from '../inbox/format.js';
import { navigate } from '../router.js';
import { useToast } from '../toasts.js';
import { formatDate, formatDateTime, formatPhone } from './format.js';
import { NewContactDialog } from './NewContactDialog.js';
import { ImportDialog } from './ImportDialog.js';
import { exportContacts } from './csv-files.js';
import { EMPTY, fieldFilterOf, isFiltered, rememberList, stateFromSearch, stateToSearch, toQuery, type ListState, type Sort } from './query.js';
import { BlockedChip } from './BlockControl.js';
import { contactsTexts, type ContactsTexts } from './texts.js';
import type { ContactRow, FieldDefinition, SavedFilter } from './types.js';

const PAGE_SIZE = 25;

interface Lookups {
  tags: { id: string; name: string; color: string }[];
  fields: FieldDefinition[];
  accounts: { id: string; kind: string; name: string }[];
}

export function ContactsList() {
  const t = useTexts(contactsTexts);
  const locale = useLocale();
  const toast = useToast();
  const [state, setState] = useState<ListState>(() => stateFromSearch(location.search));
  const [typed, setTyped] = useState(state.q);
  const [lookups, setLookups] = useState<Lookups>({ tags: [], fields: [], accounts: [] });
  const [saved, setSaved] = useState<SavedFilter[]>([]);
  const [result, setResult] = useState<{ items: ContactRow[]; total: number; totalCapped: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [creating, setCreating] = useState(false);
  const [saving, setSaving] = useState(false);
  const [importing, setImporting] = useState(false);
  const [exporting, setExporting] = useState<{ done: number; total: number; abort: AbortController } | null>(null);
  const search = useRef<HTMLInputElement | null>(null);
  const seq = useRef(0);

  const fieldType = lookups.fields.find((f) => f.key === state.fieldKey)?.type;
  const query = useMemo(() => toQuery(state, fieldType, PAGE_SIZE), [state, fieldType]);

  const load = useCallback(async () => {
    const n = ++seq.current;
    setLoading(true);
    setError(null);
    try {
      const r = await api.contacts.list.query(query);
      if (n === seq.current) setResult(r);
    } catch (e) {
      if (n === seq.current) setError(errorMessage(e));
    } finally {
      if (n === seq.current) setLoading(false);
    }
  }, [query]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    void Promise.all([api.inbox.tags.list.query(), api.contacts.fields.list.query(), api.inbox.accounts.query()]).then(
      ([tags, fields, accounts]) => setLookups({ tags, fields, accounts: accounts.filter((a) => !a.deleted) }),
      (e) => toast.show('error', errorMessage(e)),
    );
    void api.contacts.filters.list.query().then(setSaved, () => undefined);
  }, [toast]);

  // The address follows the list (replace: typing is not a history step).
  useEffect(() => {
    const s = stateToSearch(state);
    rememberList(s);
    if (location.pathname === '/contacts' && location.search !== s) navigate(`/contacts${s}`, { replace: true });
  }, [state]);

  // Leaving while typing: "Voltar para os contatos" brings back what was typed, not the last search sent.
  const latest = useRef({ state, typed });
  latest.current = { state, typed };
  useEffect(() => () => void rememberList(stateToSearch({ ...latest.current.state, q: latest.current.typed })), []);

  // The search box asks the server once typing pauses.
  useEffect(() => {
    if (typed === state.q) return;
    const timer = setTimeout(() => setState((s) => ({ ...s, q: typed, page: 1 })), 300);
    return () => clearTimeout(timer);
  }, [typed, state.q]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      if (el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName))) return;
      if (document.querySelector('[role="dialog"]')) return;
      e.preventDefault();
      search.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const change = (patch: Partial<ListState>) => setState((s) => ({ ...s, ...patch, page: patch.page ?? 1 }));
  const sortBy = (sort: Sort) =>
    setState((s) => {
      const natural = sort === 'name' ? 'asc' : 'desc';
      const current = s.dir || (s.sort === 'name' ? 'asc' : 'desc');
      const dir = s.sort === sort ? (current === 'asc' ? 'desc' : 'asc') : natural;
      return { ...s, sort, dir: dir === natural ? '' : dir, page: 1 };
    });
  const clear = () => {
    setTyped('');
    setState({ ...EMPTY, sort: state.sort, dir: state.dir });
  };

  const pick = (f: SavedFilter) => {
    const q = f.query;
    const next: ListState = {
      ...EMPTY,
      q: q.search ?? '',
      tag: q.tagId ?? '',
      kind: q.channelKind ?? '',
      channel: q.channel ?? '',
      createdFrom: q.createdFrom ?? '',
      createdTo: q.createdTo ?? '',
      lastFrom: q.lastContactFrom ?? '',
      lastTo: q.lastContactTo ?? '',
      blocked: q.blocked ? '1' : '',
      fieldKey: q.field?.key ?? '',
      fieldOp: q.field?.op ?? 'equals',
      fieldValue: q.field?.value === undefined ? '' : String(q.field.value),
      fieldFrom: q.field?.from === undefined ? '' : String(q.field.from),
      fieldTo: q.field?.to === undefined ? '' : String(q.field.to),
      sort: (['name', 'created', 'last_contact'] as const).find((x) => x === q.sort) ?? 'created',
      dir: q.dir ?? '',
    };
    setTyped(next.q);
    setState(next);
  };

  const removeSaved = async (f: SavedFilter) => {
    const ok = await confirmDialog({ title: fmt(t.saved.removeTitle, { name: f.name }), message: t.saved.removeText, confirm: t.saved.removeConfirm, cancel: t.contact.cancel, danger: true });
    if (!ok) return;
    try {
      await api.contacts.filters.remove.mutate({ id: f.id });
      setSaved((s) => s.filter((x) => x.id !== f.id));
      toast.show('success', t.saved.removed);
    } catch (e) {
      toast.show('error', errorMessage(e));
    }
  };

  /** Exports the contacts the list shows (all, or the filtered ones), with a progress bar and a way to cancel. */
  const startExport = async () => {
    if (exporting) return;
    const { page: _page, pageSize: _size, sort: _sort, dir: _dir, ...filters } = query;
    const abort = new AbortController();
    setExporting({ done: 0, total: result?.total ?? 0, abort });
    try {
      const r = await exportContacts(filters, locale, abort.signal, (done, total) => setExporting((x) => (x ? { ...x, done, total } : x)));
      toast.show('success', r.rows ? fmt(t.io.exported, { n: r.rows.toLocaleString(locale) }) : t.io.exportNothing);
    } catch (e) {
      if (abort.signal.aborted) toast.show('info', t.io.exportCancelled);
      else toast.show('error', fmt(t.io.exportFailed, { error: e instanceof Error ? e.message : String(e) }));
    } finally {
      setExporting(null);
    }
  };

  const filtered = isFiltered(state);
  const pages = result ? Math.max(1, Math.ceil(result.total / PAGE_SIZE)) : 1;
  // Past the count's cap the number of pages is unknown: next stays open while pages come full.
  const hasNext = result ? (result.totalCapped ? result.items.length === PAGE_SIZE : state.page < pages) : false;
  const pageLabel = result?.totalCapped ? fmt(t.pageOpen, { page: state.page }) : fmt(t.page, { page: state.page, pages });
  const filterWords = describeFilters(state, lookups, t, locale);

  return (
    <div className="ct-page">
      <header className="ct-head">
        <div>
          <h1>{t.title}</h1>
          <p className="muted" aria-live="polite">
            {result ? countText(result.total, result.totalCapped, t) : '\u00a0'}
          </p>
        </div>
        <div className="ct-head__actions">
          <Button variant="secondary" icon={<UploadIcon size={16} />} onClick={() => setImporting(true)}>
            {t.io.importButton}
          </Button>
          <Button variant="secondary" loading={!!exporting} disabled={!result || result.total === 0} onClick={() => void startExport()}>
            {t.io.exportButton}
          </Button>
          <Button variant="primary" icon={<PlusIcon size={16} />} onClick={() => setCreating(true)}>
            {t.add}
          </Button>
        </div>
      </header>
      {exporting ? (
        <div className="ct-export" role="status">
          <span>{t.io.exporting}</span>
          <ProgressBar label={t.io.exporting} value={exporting.total ? exporting.done / exporting.total : undefined} />
          <span className="muted">{fmt(t.io.exportProgress, { done: exporting.done.toLocaleString(locale), total: exporting.total.toLocaleString(locale) })}</span>
          <Button variant="ghost" size="sm" onClick={() => exporting.abort.abort()}>
            {t.io.exportCancel}
          </Button>
        </div>
      ) : null}

      <div className="ct-toolbar">
        <label className="ct-search">
          <SearchIcon size={16} />
          <input
            ref={search}
            type="search"
            className="ui-input"
            aria-label={t.searchLabel}
            placeholder={t.searchPlaceholder}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') change({ q: typed });
            }}
          />
        </label>
        <div className="ct-saved" role="group" aria-label={t.saved.label}>
          <Select
            aria-label={t.saved.label}
            value=""
            onChange={(id) => {
              const f = saved.find((x) => x.id === id);
              if (f) pick(f);
            }}
            options={saved.map((f) => ({ value: f.id, label: f.name }))}
            placeholder={saved.length ? t.saved.pick : t.saved.none}
          />
          <Button variant="secondary" disabled={!filtered} onClick={() => setSaving(true)}>
            {t.saved.save}
          </Button>
        </div>
      </div>

      <FilterBar state={state} lookups={lookups} onChange={change} onClear={clear} filtered={filtered} />
      {saved.length ? (
        <ul className="ct-saved-list" aria-label={t.saved.label}>
          {saved.map((f) => (
            <li key={f.id}>
              <button type="button" className="ct-chip-button" onClick={() => pick(f)}>
                {f.name}
              </button>
              <IconButton size="sm" label={fmt(t.saved.remove, { name: f.name })} onClick={() => void removeSaved(f)}>
                <TrashIcon size={14} />
              </IconButton>
            </li>
          ))}
        </ul>
      ) : null}

      <section className="ct-table-wrap" aria-busy={loading}>
        {error ? (
          <div className="ct-state" role="alert">
            <p>{fmt(t.loadError, { error })}</p>
            <Button variant="secondary" onClick={() => void load()}>
              {t.retry}
            </Button>
          </div>
        ) : !result ? (
          <div className="ct-state">
            <span className="spinner" aria-label={t.title} />
          </div>
        ) : result.items.length === 0 ? (
          <div className="ct-state">
            <h2>{filtered ? t.noneMatchTitle : t.emptyTitle}</h2>
            <p className="muted">{filtered ? fmt(t.noneMatchText, { filters: filterWords.join('; ') }) : t.emptyText}</p>
            {filtered ? (
              <Button variant="secondary" onClick={clear}>
                {t.clearFilters}
              </Button>
            ) : (
              <Button variant="primary" icon={<PlusIcon size={16} />} onClick={() => setCreating(true)}>
                {t.add}
              </Button>
            )}
          </div>
        ) : (
          <table className="ct-table" aria-label={t.title}>
            <thead>
              <tr>
                <SortHeader label={t.columns.name} sort="name" state={state} onSort={sortBy} />
                <th scope="col">{t.columns.phone}</th>
                <th scope="col">{t.columns.email}</th>
                <th scope="col">{t.columns.tags}</th>
                <th scope="col">{t.columns.channels}</th>
                <SortHeader label={t.columns.created} sort="created" state={state} onSort={sortBy} />
                <SortHeader label={t.columns.lastContact} sort="last_contact" state={state} onSort={sortBy} />
              </tr>
            </thead>
            <tbody className={loading ? 'ct-loading' : undefined}>
              {result.items.map((c) => (
                <tr key={c.id}>
                  <td>
                    <a
                      href={`/contacts/${encodeURIComponent(c.id)}`}
                      onClick={(e) => {
                        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
                        e.preventDefault();
                        navigate(`/contacts/${encodeURIComponent(c.id)}`);
                      }}
                    >
                      {c.name || <span className="muted">{t.noName}</span>}
                    </a>
                    {c.blockedAt && (
                      <>
                        {' '}
                        <BlockedChip block={{ byName: null, reason: null }} />
                      </>
                    )}
                  </td>
                  <td className="ct-nowrap">{formatPhone(c.phone)}</td>
                  <td>{c.email ?? ''}</td>
                  <td>
                    <span className="ct-tags">
                      {c.tags.map((tag) => (
                        <span key={tag.id} className="ct-tag" style={{ background: tag.color, color: textOn(tag.color) }}>
                          {tag.name}
                        </span>
                      ))}
                    </span>
                  </td>
                  <td>
                    <span className="ct-channels">
                      {c.channels.map((ch) => (
                        <span key={ch.channelId} title={accountLabel(ch.kind, ch.name, locale)}>
                          <ChannelIcon kind={ch.kind} size={18} label={accountLabel(ch.kind, ch.name, locale)} />
                        </span>
                      ))}
                    </span>
                  </td>
                  <td className="ct-nowrap">{formatDate(c.createdAt, locale)}</td>
                  <td className="ct-nowrap">{c.lastContactAt ? formatDateTime(c.lastContactAt, locale) : <span className="muted">{t.never}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {result && (result.total > PAGE_SIZE || state.page > 1) ? (
        <nav className="ct-pages" aria-label={pageLabel}>
          <Button variant="secondary" size="sm" disabled={state.page <= 1} onClick={() => change({ page: state.page - 1 })}>
            {t.previous}
          </Button>
          <span>{pageLabel}</span>
          <Button variant="secondary" size="sm" disabled={!hasNext} onClick={() => change({ page: state.page + 1 })}>
            {t.next}
          </Button>
        </nav>
      ) : null}

      {importing ? <ImportDialog fields={lookups.fields} onClose={() => setImporting(false)} onImported={() => void load()} /> : null}
      {creating ? <NewContactDialog fields={lookups.fields} onClose={() => setCreating(false)} onCreated={(id) => navigate(`/contacts/${encodeURIComponent(id)}`)} /> : null}
      {saving ? (
        <SaveFilterDialog
          onClose={() => setSaving(false)}
          onSave={async (name) => {
            const { page: _page, pageSize: _size, ...rest } = query;
            const f = await api.contacts.filters.save.mutate({ name, query: rest });
            setSaved((s) => [...s.filter((x) => x.id !== f.id && x.name !== f.name), f].sort((a, b) => a.name.localeCompare(b.name)));
            toast.show('success', fmt(t.saved.saved, { name }));
            setSaving(false);
          }}
        />
      ) : null}
    </div>
  );
}

function countText(n: number, capped: boolean, t: ContactsTexts): string {
  if (capped) return fmt(t.count.over, { n: n.toLocaleString() });
  return n === 0 ? t.count.none : n === 1 ? t.count.one : fmt(t.count.many, { n: n.toLocaleString() });
}

function SortHeader({ label, sort, state, onSort }: { label: string; sort: Sort; state: ListState; onSort: (s: Sort) => void }) {
  const t = useTexts(contactsTexts);
  const active = state.sort === sort;
  const dir = state.dir || (state.sort === 'name' ? 'asc' : 'desc');
  return (
    <th scope="col" aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="ct-sort" onClick={() => onSort(sort)} aria-label={fmt(t.sortBy, { name: label })}>
        {label}
        <span aria-hidden="true">{active ? (dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
      </button>
    </th>
  );
}

function FilterBar({ state, lookups, onChange, onClear, filtered }: { state: ListState; lookups: Lookups; onChange: (p: Partial<ListState>) => void; onClear: () => void; filtered: boolean }) {
  const t = useTexts(contactsTexts);
  const locale = useLocale();
  const field = lookups.fields.find((f) => f.key === state.fieldKey);
  const ops = field ? opsFor(field.type) : [];
  const kinds = [...new Set(lookups.accounts.map((a) => a.kind))];
  const channelValue = state.channel ? `a:${state.channel}` : state.kind ? `k:${state.kind}` : '';
  const date = (label: string, value: string, key: keyof ListState) => (
    <input type="date" className="ui-input ui-input--sm" aria-label={label} value={value} onChange={(e) => onChange({ [key]: e.target.value } as Partial<ListState>)} />
  );
  return (
    <div className="ct-filters" role="group" aria-label={t.filters.label}>
      <Select
        size="sm"
        aria-label={t.filters.tag}
        value={state.tag}
        onChange={(tag) => onChange({ tag })}
        placeholder={t.filters.anyTag}
        options={lookups.tags.map((x) => ({ value: x.id, label: x.name }))}
      />
      <Select
        size="sm"
        aria-label={t.filters.field}
        value={state.fieldKey}
        onChange={(fieldKey) => {
          const f = lookups.fields.find((x) => x.key === fieldKey);
          onChange({ fieldKey, fieldOp: f ? opsFor(f.type)[0] : 'equals', fieldValue: '', fieldFrom: '', fieldTo: '' });
        }}
        placeholder={t.filters.anyField}
        options={lookups.fields.map((f) => ({ value: f.key, label: f.label }))}
      />
      {field && ops.length > 1 ? (
        <Select
          size="sm"
          aria-label={`${field.label}: ${t.filters.value}`}
          value={state.fieldOp}
          onChange={(op) => onChange({ fieldOp: op as ListState['fieldOp'] })}
          options={ops.map((o) => ({ value: o, label: t.filters[o] }))}
        />
      ) : null}
      {field ? <FieldFilterValue field={field} state={state} onChange={onChange} /> : null}
      <Select
        size="sm"
        aria-label={t.filters.channel}
        value={channelValue}
        onChange={(v) => onChange(v.startsWith('a:') ? { channel: v.slice(2), kind: '' } : v.startsWith('k:') ? { kind: v.slice(2), channel: '' } : { kind: '', channel: '' })}
        placeholder={t.filters.anyChannel}
        options={[
          ...kinds.map((k) => ({ value: `k:${k}`, label: kindLabel(k, locale) })),
          ...lookups.accounts.map((a) => ({ value: `a:${a.id}`, label: accountLabel(a.kind, a.name, locale) })),
        ]}
      />
      <span className="ct-range">
        <span className="muted">{t.filters.created}</span>
        {date(`${t.filters.created}: ${t.filters.from}`, state.createdFrom, 'createdFrom')}
        {date(`${t.filters.created}: ${t.filters.to}`, state.createdTo, 'createdTo')}
      </span>
      <span className="ct-range">
        <span className="muted">{t.filters.lastContact}</span>
        {date(`${t.filters.lastContact}: ${t.filters.from}`, state.lastFrom, 'lastFrom')}
        {date(`${t.filters.lastContact}: ${t.filters.to}`, state.lastTo, 'lastTo')}
      </span>
      <label className="ct-check">
        <input type="checkbox" checked={state.blocked === '1'} onChange={(e) => onChange({ blocked: e.target.checked ? '1' : '' })} />
        {t.filters.blocked}
      </label>
      {filtered ? (
        <Button variant="ghost" size="sm" onClick={onClear}>
          {t.clearFilters}
        </Button>
      ) : null}
    </div>
  );
}

function opsFor(type: FieldDefinition['type']): ListState['fieldOp'][] {
  if (type === 'text') return ['contains', 'equals'];
  if (type === 'number' || type === 'date') return ['equals', 'between'];
  return ['equals'];
}

function FieldFilterValue({ field, state, onChange }: { field: FieldDefinition; state: ListState; onChange: (p: Partial<ListState>) => void }) {
  const t = useTexts(contactsTexts);
  const label = `${field.label}: ${t.filters.value}`;
  if (field.type === 'list' || field.type === 'yes_no') {
    const options = field.type === 'list' ? field.options.map((o) => ({ value: o, label: o })) : [{ value: 'true', label: t.filters.yes }, { value: 'false', label: t.filters.no }];
    return <Select size="sm" aria-label={label} value={state.fieldValue} onChange={(fieldValue) => onChange({ fieldValue })} placeholder={t.contact.choose} options={options} />;
  }
  const type = field.type === 'date' ? 'date' : 'text';
  if (state.fieldOp === 'between') {
    return (
      <span className="ct-range">
        <input type={type} className="ui-input ui-input--sm" aria-label={`${field.label}: ${t.filters.from}`} placeholder={t.filters.from} value={state.fieldFrom} onChange={(e) => onChange({ fieldFrom: e.target.value })} />
        <input type={type} className="ui-input ui-input--sm" aria-label={`${field.label}: ${t.filters.to}`} placeholder={t.filters.to} value={state.fieldTo} onChange={(e) => onChange({ fieldTo: e.target.value })} />
      </span>
    );
  }
  return <DebouncedInput type={type} label={label} value={state.fieldValue} onCommit={(fieldValue) => onChange({ fieldValue })} />;
}

function DebouncedInput({ type, label, value, onCommit }: { type: string; label: string; value: string; onCommit: (v: string) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return;
    const timer = setTimeout(() => onCommit(text), 300);
    return () => clearTimeout(timer);
  }, [text, value, onCommit]);
  return <input type={type} className="ui-input ui-input--sm" aria-label={label} placeholder={label} value={text} onChange={(e) => setText(e.target.value)} />;
}

/** The filters in words, for the empty state ("etiqueta VIP; Plano igual a Pro"). */
function describeFilters(s: ListState, l: Lookups, t: ContactsTexts, locale: Locale): string[] {
  const out: string[] = [];
  const f = t.filters;
  const range = (a: string, b: string) =>
    a && b ? fmt(f.fromTo, { a: formatDate(a, locale), b: formatDate(b, locale) }) : a ? fmt(f.since, { d: formatDate(a, locale) }) : fmt(f.until, { d: formatDate(b, locale) });
  if (s.q.trim()) out.push(fmt(f.search, { q: s.q.trim() }));
  if (s.tag) out.push(fmt(f.tagNamed, { name: l.tags.find((x) => x.id === s.tag)?.name ?? '?' }));
  const field = l.fields.find((x) => x.key === s.fieldKey);
  const filter = field ? fieldFilterOf(s, field.type) : undefined;
  if (field && filter) {
    const value =
      filter.op === 'between'
        ? range(String(filter.from ?? ''), String(filter.to ?? ''))
        : typeof filter.value === 'boolean'
          ? filter.value
            ? f.yes
            : f.no
          : String(filter.value);
    out.push(fmt(f.fieldNamed, { field: field.label, op: filter.op === 'between' ? '' : f[filter.op], value }).replace(/\s+/g, ' '));
  }
  if (s.channel) {
    const a = l.accounts.find((x) => x.id === s.channel);
    out.push(fmt(f.channelNamed, { name: a ? accountLabel(a.kind, a.name, locale) : '?' }));
  } else if (s.kind) out.push(fmt(f.channelNamed, { name: kindLabel(s.kind, locale) }));
  if (s.createdFrom || s.createdTo) out.push(fmt(f.createdRange, { range: range(s.createdFrom, s.createdTo) }));
  if (s.lastFrom || s.lastTo) out.push(fmt(f.lastRange, { range: range(s.lastFrom, s.lastTo) }));
  if (s.blocked) out.push(f.blockedOnly);
  return out;
}

function SaveFilterDialog({ onClose, onSave }: { onClose: () => void; onSave: (name: string) => Promise<void> }) {
  const t = useTexts(contactsTexts);
  const toast = useToast();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const submit = async () => {
    if (!name.trim()) return setProblem(errorMessage(new Error('name the filter')));
    setBusy(true);
    try {
      await onSave(name.trim());
    } catch (e) {
      toast.show('error', errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title={t.saved.save}
      onClose={onClose}
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            {t.contact.cancel}
          </Button>
          <Button variant="primary" loading={busy} onClick={() => void submit()}>
            {t.contact.save}
          </Button>
        </>
      }
    >
      <form
        className="st-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Field label={t.saved.name} error={problem}>
          <TextInput value={name} onChange={(v) => (setName(v), setProblem(undefined))} placeholder={t.saved.namePlaceholder} maxLength={60} autoFocus />
        </Field>
      </form>
    </Modal>
  );
}
