// Settings → Dados: how long transcripts are kept. Turning it on or shortening the period asks
// first (what goes cannot come back); what would go is counted on demand, and the last run says
// what it removed.
import { useState } from 'react';
import { Button, Field, NumberInput, Switch } from '../../ui/index.js';
import { api, errorMessage } from '../api.js';
import { confirmDialog } from '../dialog.js';
import { fmt, useLocale, useTexts } from '../i18n.js';
import { useToast } from '../toasts.js';
import { countText, LoadGate, SectionHeader } from './parts.js';
import { retentionTexts, type RetentionTexts } from './retention-texts.js';
import { settingsTexts } from './texts.js';
import type { Result } from './types.js';
import { useLoad } from './useLoad.js';
import { useSettingsForm } from './useSettingsForm.js';

type Saved = Result<typeof api.retention.get.query>;
type Draft = { enabled: boolean; days: number | undefined };

const PRESETS = [30, 90, 180, 365] as const;
const MAX_DAYS = 3650;
const validDays = (d: number | undefined): d is number => d !== undefined && Number.isInteger(d) && d >= 1 && d <= MAX_DAYS;

const amounts = (t: RetentionTexts, messages: number, files: number) => ({
  messages: fmt(countText(messages, t.messages.none, t.messages.one, t.messages.many), { n: messages }),
  files: fmt(countText(files, t.files.none, t.files.one, t.files.many), { n: files }),
});

export function RetentionSection() {
  const t = useTexts(retentionTexts);
  const loaded = useLoad(() => api.retention.get.query());
  return (
    <section>
      <SectionHeader title={t.title} subtitle={t.subtitle} />
      <LoadGate loaded={loaded}>{(saved) => <RetentionForm initial={saved} />}</LoadGate>
    </section>
  );
}

function RetentionForm({ initial }: { initial: Saved }) {
  const t = useTexts(retentionTexts);
  const common = useTexts(settingsTexts).common;
  const locale = useLocale();
  const toast = useToast();
  const [saved, setSaved] = useState(initial.settings);
  const [lastRun, setLastRun] = useState(initial.lastRun);
  const [preview, setPreview] = useState<{ days: number; messages: number; files: number } | null>(null);
  const [counting, setCounting] = useState(false);
  const [running, setRunning] = useState(false);
  const form = useSettingsForm<Draft>(initial.settings, (d) => (d.enabled && !validDays(d.days) ? { days: 'retentionDays' } : {}), ['enabled', 'days']);
  const { draft, set } = form;
  const dirty = draft.enabled !== saved.enabled || (draft.enabled && draft.days !== saved.days);
  const when = (iso: string) => new Date(iso).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' });

  const submit = async () => {
    const days = validDays(draft.days) ? draft.days : saved.days;
    // Turning it on, or a shorter period, deletes what was kept until now: ask first.
    const deletesMore = draft.enabled && (!saved.enabled || days < saved.days);
    if (draft.enabled && !validDays(draft.days)) {
      await form.submit(async () => {});
      return;
    }
    if (deletesMore) {
      const ok = await confirmDialog({
        title: fmt(t.confirmTitle, { n: days }),
        message: fmt(t.confirmMessage, { n: days }),
        confirm: t.confirm,
        cancel: common.cancel,
        danger: true,
      });
      if (!ok) return;
    }
    const ok = await form.submit(async () => {
      const next = await api.retention.set.mutate({ enabled: draft.enabled, days });
      setSaved(next);
      form.reset(next);
    });
    if (ok) toast.show('success', t.saved);
  };

  const count = async () => {
    if (!validDays(draft.days)) return;
    setCounting(true);
    try {
      const days = draft.days;
      const r = await api.retention.preview.query({ days });
      setPreview({ days, messages: r.messages, files: r.files });
    } catch (e) {
      toast.show('error', errorMessage(e));
    } finally {
      setCounting(false);
    }
  };

  const runNow = async () => {
    setRunning(true);
    try {
      const run = await api.retention.runNow.mutate();
      if (run) {
        setLastRun(run);
        toast.show('success', fmt(t.ran, amounts(t, run.messages, run.files)));
      }
      setPreview(null);
    } catch (e) {
      toast.show('error', errorMessage(e));
    } finally {
      setRunning(false);
    }
  };

  const shownDays = validDays(draft.days) ? draft.days : saved.days;
  return (
    <form
      ref={form.formRef}
      className="st-cards"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <section className="st-card" aria-labelledby="st-retention">
        <h3 id="st-retention">{t.cardTitle}</h3>
        <Switch checked={draft.enabled} onChange={(v) => set('enabled', v)} label={t.switchLabel} aria-label={t.switchLabel} />
        {draft.enabled ? (
          <>
            <Field label={t.days} help={t.daysHelp} error={form.error('days') ? t.badDays : undefined}>
              <NumberInput className="st-narrow" value={draft.days} onChange={(v) => set('days', v)} min={1} max={MAX_DAYS} integer step={1} />
            </Field>
            <div className="st-retention__presets" role="group" aria-label={t.presets}>
              {PRESETS.map((n) => (
                <Button key={n} size="sm" variant={draft.days === n ? 'primary' : 'secondary'} aria-pressed={draft.days === n} onClick={() => set('days', n)}>
                  {fmt(t.preset, { n })}
                </Button>
              ))}
            </div>
            <p className="st-callout" aria-live="polite">
              {fmt(t.what, { n: shownDays })}
            </p>
            <div className="st-retention__count">
              <Button size="sm" variant="ghost" loading={counting} disabled={!validDays(draft.days)} onClick={() => void count()}>
                {counting ? t.counting : t.count}
              </Button>
              {preview && preview.days === draft.days ? <span role="status">{fmt(t.counted, { n: preview.days, ...amounts(t, preview.messages, preview.files) })}</span> : null}
            </div>
          </>
        ) : (
          <p className="st-callout">{t.off}</p>
        )}
        <p className="st-retention__last" data-testid="retention-last-run">
          {lastRun ? fmt(lastRun.complete ? t.lastRun : t.lastRunPartial, { at: when(lastRun.at), ...amounts(t, lastRun.messages, lastRun.files) }) : t.neverRan}
        </p>
        <div className="st-card__actions">
          {saved.enabled && !dirty ? (
            <Button variant="ghost" loading={running} onClick={() => void runNow()}>
              {t.runNow}
            </Button>
          ) : null}
          {dirty ? (
            <Button variant="ghost" onClick={() => form.reset(saved)}>
              {common.cancel}
            </Button>
          ) : null}
          <Button variant="primary" type="submit" loading={form.busy} disabled={!dirty}>
            {common.saveChanges}
          </Button>
        </div>
      </section>
    </form>
  );
}
