// Inbox-wide rules: close conversations nobody wrote in for a while, and what the contact is told.
import { useState } from 'react';
import { Button, Field, NumberInput, TextArea } from '../../ui/index.js';
import { api } from '../api.js';
import { fmt, useLocale, useTexts } from '../i18n.js';
import { useToast } from '../toasts.js';
import { LoadGate, SectionHeader } from './parts.js';
import { settingsTexts } from './texts.js';
import type { InboxSettings } from './types.js';
import { useLoad } from './useLoad.js';
import { useSettingsForm } from './useSettingsForm.js';
import { describeMinutes, inboxSettingsIssues, MAX_AUTO_CLOSE_MINUTES } from './validate.js';

export function InboxSettingsSection() {
  const t = useTexts(settingsTexts);
  const loaded = useLoad(() => api.inbox.settings.get.query());
  return (
    <section>
      <SectionHeader title={t.inbox.title} subtitle={t.inbox.subtitle} />
      <LoadGate loaded={loaded}>{(settings) => <InboxSettingsForm saved={settings} />}</LoadGate>
    </section>
  );
}

function InboxSettingsForm({ saved: initial }: { saved: InboxSettings }) {
  const t = useTexts(settingsTexts);
  const locale = useLocale();
  const toast = useToast();
  const [saved, setSaved] = useState(initial);
  const form = useSettingsForm<{ autoCloseMinutes: number | undefined; autoCloseMessage: string }>(initial, inboxSettingsIssues, ['autoCloseMinutes', 'autoCloseMessage']);
  const { draft, set } = form;
  const minutes = draft.autoCloseMinutes;
  const dirty = minutes !== saved.autoCloseMinutes || draft.autoCloseMessage !== saved.autoCloseMessage;

  const submit = async () => {
    const ok = await form.submit(async (d) => {
      const next = await api.inbox.settings.set.mutate({ autoCloseMinutes: d.autoCloseMinutes ?? 0, autoCloseMessage: d.autoCloseMessage });
      setSaved(next);
      form.reset(next);
    });
    if (ok) toast.show('success', t.inbox.saved);
  };

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
      <section className="st-card" aria-labelledby="st-autoclose">
        <h3 id="st-autoclose">{t.inbox.autoCloseTitle}</h3>
        <Field label={t.inbox.autoClose} help={t.inbox.autoCloseHelp} error={form.error('autoCloseMinutes')}>
          <NumberInput className="st-narrow" value={minutes} onChange={(v) => set('autoCloseMinutes', v)} min={0} max={MAX_AUTO_CLOSE_MINUTES} integer step={15} />
        </Field>
        {minutes !== undefined && Number.isInteger(minutes) && minutes >= 0 && minutes <= MAX_AUTO_CLOSE_MINUTES ? (
          <p className="st-callout" aria-live="polite">
            {minutes === 0 ? t.inbox.never : fmt(t.inbox.after, { duration: describeMinutes(minutes, locale) })}
          </p>
        ) : null}
        <Field label={t.inbox.message} help={t.inbox.messageHelp} error={form.error('autoCloseMessage')}>
          <TextArea value={draft.autoCloseMessage} onChange={(v) => set('autoCloseMessage', v)} placeholder={t.inbox.defaultMessage} minRows={3} maxRows={10} />
        </Field>
        <div className="st-card__actions">
          {dirty ? (
            <Button variant="ghost" onClick={() => form.reset(saved)}>
              {t.common.cancel}
            </Button>
          ) : null}
          <Button variant="primary" type="submit" loading={form.busy} disabled={!dirty}>
            {t.common.saveChanges}
          </Button>
        </div>
      </section>
    </form>
  );
}
