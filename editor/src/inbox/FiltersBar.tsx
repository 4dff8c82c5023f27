// The collapsible filter bar: department, agent, tag, channel, unread only, date range.
import { Button, ChevronDownIcon, Field, Select, Switch, useFieldControl } from '../../ui/index.js';
import { fmt, useTexts } from '../i18n.js';
import { activeFilterCount } from './format.js';
import { useInboxRefs } from './refs.js';
import { inboxTexts } from './texts.js';
import type { Filters } from './types.js';

const CHANNELS = ['whatsapp', 'web', 'test'];

export function FiltersBar({ filters, onChange, open, onToggle }: { filters: Filters; onChange(f: Filters): void; open: boolean; onToggle(): void }) {
  const t = useTexts(inboxTexts);
  const { myDepartments, people, tags } = useInboxRefs();
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
          <Field label={t.channel}>
            <Select
              size="sm"
              value={filters.channel ?? ''}
              onChange={(v) => set({ channel: v || undefined })}
              options={[{ value: '', label: t.any }, ...CHANNELS.map((c) => ({ value: c, label: t.channels[c] ?? c }))]}
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
