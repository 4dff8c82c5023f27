// My account: who I am, my status and signature (saved at once), and my password.
import { useState } from 'react';
import { Button, Field, Select, Switch, TextInput } from '../../ui/index.js';
import { api, errorMessage } from '../api.js';
import { fmt, useTexts } from '../i18n.js';
import type { User } from '../session.js';
import { useToast } from '../toasts.js';
import { useInboxEvents } from '../inbox/events.js';
import { Chip, LoadGate, SectionHeader } from './parts.js';
import { settingsTexts } from './texts.js';
import type { DepartmentSummary, Me, Status } from './types.js';
import { useLoad } from './useLoad.js';
import { useSettingsForm } from './useSettingsForm.js';
import { changePasswordIssues } from './validate.js';

export function AccountSection({ user }: { user: User }) {
  const t = useTexts(settingsTexts);
  const loaded = useLoad(async () => {
    const [me, departments] = await Promise.all([api.users.me.query(), api.departments.list.query()]);
    return { me, departments: departments as DepartmentSummary[] };
  });
  return (
    <section>
      <SectionHeader title={t.account.title} subtitle={t.account.subtitle} />
      <LoadGate loaded={loaded}>{({ me, departments }) => <AccountBody key={user.id} me={me} departments={departments} />}</LoadGate>
    </section>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase() || '?';
}

function AccountBody({ me: initial, departments }: { me: Me; departments: DepartmentSummary[] }) {
  const t = useTexts(settingsTexts);
  const toast = useToast();
  const [me, setMe] = useState(initial);
  const [saving, setSaving] = useState<'status' | 'signature' | null>(null);
  const mine = departments.filter((d) => me.departmentIds.includes(d.id));
  // The status menu in the top bar, another tab or the end of the last session may change it.
  useInboxEvents((e) => {
    if (e.type === 'presence' && e.userId === me.id) setMe((cur) => (cur.status === e.status ? cur : { ...cur, status: e.status }));
  });

  const changeStatus = async (status: Status) => {
    const before = me;
    setMe({ ...me, status });
    setSaving('status');
    try {
      setMe(await api.users.setStatus.mutate({ status }));
      toast.show('success', fmt(t.account.statusSaved, { status: t.statuses[status] }));
    } catch (e) {
      setMe(before);
      toast.show('error', errorMessage(e));
    } finally {
      setSaving(null);
    }
  };

  const changeSignature = async (on: boolean) => {
    const before = me;
    setMe({ ...me, signature: on });
    setSaving('signature');
    try {
      setMe(await api.users.setSignature.mutate({ on }));
      toast.show('success', on ? t.account.signatureOn : t.account.signatureOff);
    } catch (e) {
      setMe(before);
      toast.show('error', errorMessage(e));
    } finally {
      setSaving(null);
    }
  };

  return (
    <div className="st-cards st-cards--split">
      <div className="st-cards">
        <section className="st-card" aria-labelledby="st-profile">
          <h3 id="st-profile">{t.account.profile}</h3>
          <div className="st-profile">
            <span className="st-avatar" aria-hidden="true">
              {initials(me.name)}
            </span>
            <div className="st-profile__who">
              <strong>{me.name}</strong>
              <span className="muted">{me.email}</span>
            </div>
            <span className="st-badge">{t.roles[me.role]}</span>
          </div>
          <div className="st-profile__depts">
            <span className="st-label">{t.account.yourDepartments}</span>
            {mine.length ? (
              <div className="st-chips">
                {mine.map((d) => (
                  <Chip key={d.id} color={d.color}>
                    {d.name}
                  </Chip>
                ))}
              </div>
            ) : (
              <span className="muted">{t.account.noDepartments}</span>
            )}
          </div>
        </section>

        <section className="st-card" aria-labelledby="st-availability">
          <h3 id="st-availability">{t.account.availability}</h3>
          <Field label={t.account.status} help={t.account.statusHelp}>
            <Select
              value={me.status}
              disabled={saving === 'status'}
              onChange={(v) => void changeStatus(v as Status)}
              options={(['online', 'away', 'offline'] as const).map((s) => ({ value: s, label: t.statuses[s] }))}
              className="st-narrow"
            />
          </Field>
          <Field label={t.account.signature} help={fmt(t.account.signatureHelp, { name: me.name })} layout="inline">
            <Switch checked={me.signature} disabled={saving === 'signature'} onChange={(on) => void changeSignature(on)} />
          </Field>
        </section>
      </div>

      <PasswordCard email={me.email} />
    </div>
  );
}

function PasswordCard({ email }: { email: string }) {
  const t = useTexts(settingsTexts);
  const toast = useToast();
  const empty = { current: '', next: '', confirm: '' };
  const form = useSettingsForm(empty, (d) => changePasswordIssues(d.current, d.next, d.confirm), ['current', 'next']);
  const { draft, set } = form;
  const submit = async () => {
    const ok = await form.submit(async (d) => {
      await api.users.changePassword.mutate({ current: d.current, next: d.next });
    });
    if (ok) {
      form.reset(empty);
      toast.show('success', t.account.changed);
    }
  };
  return (
    <section className="st-card" aria-labelledby="st-password">
      <h3 id="st-password">{t.account.password}</h3>
      <p className="muted st-card__lead">{t.account.passwordHelp}</p>
      <form
        ref={form.formRef}
        className="st-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {/* Lets password managers tie the new password to this account. */}
        <input type="text" name="username" autoComplete="username" hidden readOnly value={email} />
        <Field label={t.account.current} error={form.error('current')}>
          <TextInput type="password" autoComplete="current-password" value={draft.current} onChange={(v) => set('current', v)} />
        </Field>
        <Field label={t.account.next} help={t.account.nextHelp} error={form.error('next')}>
          <TextInput type="password" autoComplete="new-password" value={draft.next} onChange={(v) => set('next', v)} />
        </Field>
        <Field label={t.account.confirm} error={form.error('confirm')}>
          <TextInput type="password" autoComplete="new-password" value={draft.confirm} onChange={(v) => set('confirm', v)} />
        </Field>
        <div>
          <Button variant="primary" type="submit" loading={form.busy}>
            {t.account.change}
          </Button>
        </div>
      </form>
    </section>
  );
}
