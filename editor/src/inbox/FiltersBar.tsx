// The collapsible filter bar: department, agent, tag, channel kind and account, unread only, date range.
import { Button, ChevronDownIcon, Field, Select, Switch, useFieldControl } from '../../ui/index.js';
import { fmt, useLocale, useTexts } from '../i18n.js';
import { accountLabel, kindLabel, useChannelTexts } from './channel-kinds.js';
import { activeFilterCount } from './format.js';
import { useInboxRefs } from './refs.js';
import { inboxTexts } from './texts.js';
import type { Filters } from './types.js';

export function FiltersBar({ filters, onChange, open, onToggle }: { filters: Filters; onChange(f: Filters): void; open: boolean; onToggle(): void }) {
  const t = useTexts(inboxTexts);
  const ct = useChannelTexts();
  const locale = useLocale();
  const { myDepartments, people, tags, accounts } = useInboxRefs();
  const kinds = [...new Set(accounts.map((a) => a.kind))];
  const ofKind = accounts.filter((a) => !filters.channelKind || a.kind === filters.channelKind);
  const n = activeFilterCount(filters);
  const set = (patch: Partial<Filters>) => onChange({ ...filters, ...patch });
  return (
    <div className={`ib-filters${open ? ' is-open' : ''}`}>
      <div className="ib-filters__bar">
        <button type="button" className="ib-filters__toggle" aria-expanded={open} aria-controls="ib-filters-body" onClick={onToggle}>
          <ChevronDownIcon size={14} className="ib-filters__chevron" />
          {n ? fmt(t.filtersCount, { n }) : t.filters}
        </button>
        {n ? (
          <Button size="sm" variant="link" onClick={() => onChange({})}>
            {t.clearFilters}
          </Button>
        ) : null}
      </div>
      {open ? (
        <div className="ib-filters__body" id="ib-filters-body">
          <Field label={t.department}>
            <Select
              size="sm"
              value={filters.departmentId ?? ''}
              onChange={(v) => set({ departmentId: v || undefined })}
              options={[{ value: '', label: t.any }, ...myDepartments.map((d) => ({ value: d.id, label: d.name }))]}
            />
          </Field>
          <Field label={t.agent}>
            <Select
              size="sm"
              value={filters.agentId ?? ''}
              onChange={(v) => set({ agentId: v || undefined })}
              options={[{ value: '', label: t.any }, ...people.map((p) => ({ value: p.id, label: p.name }))]}
            />
          </Field>
          <Field label={t.tag}>
            <Select size="sm" value={filters.tagId ?? ''} onChange={(v) => set({ tagId: v || undefined })} options={[{ value: '', label: t.any }, ...tags.map((x) => ({ value: x.id, label: x.name }))]} />
          </Field>
          <Field label={ct.kind}>
            <Select
              size="sm"
              value={filters.channelKind ?? ''}
              onChange={(v) => {
                const keep = filters.channel && accounts.some((a) => a.id === filters.channel && (!v || a.kind === v));
                set({ channelKind: v || undefined, channel: keep ? filters.channel : undefined });
              }}
              options={[{ value: '', label: t.any }, ...kinds.map((k) => ({ value: k, label: kindLabel(k, locale) }))]}
            />
          </Field>
          <Field label={ct.account}>
            <Select
              size="sm"
              value={filters.channel ?? ''}
              onChange={(v) => set({ channel: v || undefined })}
              options={[
                { value: '', label: t.any },
                ...ofKind.map((a) => {
                  const label = accountLabel(a.kind, a.name, locale);
                  return { value: a.id, label: a.deleted ? fmt(ct.deletedAccount, { name: label }) : label };
                }),
              ]}
            />
          </Field>
          <Field label={t.from}>
            <DateInput value={filters.from} max={filters.to} onChange={(v) => set({ from: v })} />
          </Field>
          <Field label={t.to}>
            <DateInput value={filters.to} min={filters.from} onChange={(v) => set({ to: v })} />
          </Field>
          <div className="ib-filters__switch">
            <Switch size="sm" checked={!!filters.unread} onChange={(v) => set({ unread: v || undefined })} label={t.unreadOnly} aria-label={t.unreadOnly} />
          </div>
        </div>
      ) : null}
    </div>
  );
}

function DateInput({ value, onChange, min, max }: { value?: string; onChange(v: string | undefined): void; min?: string; max?: string }) {
  const a11y = useFieldControl({});
  return <input type="date" {...a11y} className="ui-input ui-input--sm" value={value ?? ''} min={min} max={max} onChange={(e) => onChange(e.target.value || undefined)} />;
}
