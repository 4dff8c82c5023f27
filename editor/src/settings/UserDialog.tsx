// Creating or editing a user. Editing sends every field (the server replaces the whole
// profile); turning "active" off asks first, because it logs the person out everywhere.
import { Field, NumberInput, Select, Switch, TextInput } from '../../ui/index.js';
import { api } from '../api.js';
import { confirmDialog } from '../dialog.js';
import { fmt, useTexts } from '../i18n.js';
import { useToast } from '../toasts.js';
import { CheckList } from './CheckList.js';
import { FormDialog } from './FormDialog.js';
import { settingsTexts } from './texts.js';
import type { Department, Role, UserRow } from './types.js';
import { useSettingsForm } from './useSettingsForm.js';
import { userIssues } from './validate.js';

interface Draft {
  name: string;
  email: string;
  role: Role;
  password: string;
  capacity: number | undefined;
  signature: boolean;
  departmentIds: string[];
  active: boolean;
}

const FIELDS = ['name', 'email', 'role', 'password', 'capacity', 'signature', 'departmentIds', 'active'] as const;

export function UserDialog({
  user,
  meId,
  departments,
  onClose,
  onSaved,
}: {
  /** null: a new user. */
  user: UserRow | null;
  meId: string;
  departments: Department[];
  onClose: () => void;
  onSaved: () => Promise<void> | void;
}) {
  const t = useTexts(settingsTexts);
  const toast = useToast();
  const creating = !user;
  const form = useSettingsForm<Draft>(
    () => ({
      name: user?.name ?? '',
      email: user?.email ?? '',
      role: user?.role ?? 'operator',
      password: '',
      capacity: user?.capacity ?? 5,
      signature: user?.signature ?? true,
      departmentIds: user?.departmentIds ?? [],
      active: user?.active ?? true,
    }),
    (d) => userIssues({ ...d, password: creating ? d.password : undefined }, creating),
    FIELDS,
  );
  const { draft, set } = form;

  const submit = async () => {
    if (user && user.active && !draft.active && !form.issues.name && !form.issues.email && !form.issues.capacity) {
      const ok = await confirmDialog({
        title: fmt(t.users.deactivateTitle, { name: user.name }),
        message: fmt(t.users.deactivateMessage, { name: user.name }),
        confirm: t.users.deactivate,
        cancel: t.common.cancel,
        danger: true,
      });
      if (!ok) return;
    }
    const ok = await form.submit(async (d) => {
      const profile = { name: d.name.trim(), email: d.email.trim(), role: d.role, capacity: d.capacity ?? 5, signature: d.signature, departmentIds: d.departmentIds };
      if (user) await api.users.update.mutate({ id: user.id, ...profile, active: d.active });
      else await api.users.create.mutate({ ...profile, password: d.password });
    });
    if (!ok) return;
    toast.show('success', fmt(creating ? t.users.created : t.users.updated, { name: draft.name.trim() }));
    onClose();
    await onSaved();
  };

  const self = user?.id === meId;
  return (
    <FormDialog
      title={user ? fmt(t.users.editTitle, { name: user.name }) : t.users.createTitle}
      submitLabel={user ? t.common.saveChanges : t.users.create}
      busy={form.busy}
      onSubmit={() => void submit()}
      onClose={onClose}
      formRef={form.formRef}
    >
      <Field label={t.users.name} error={form.error('name')}>
        <TextInput value={draft.name} onChange={(v) => set('name', v)} autoComplete="off" maxLength={120} />
      </Field>
      <Field label={t.users.email} error={form.error('email')}>
        <TextInput type="email" value={draft.email} onChange={(v) => set('email', v)} autoComplete="off" spellCheck={false} />
      </Field>
      <div className="st-row">
        <Field label={t.users.role} help={t.users.roleHelp} error={form.error('role')}>
          <Select
            value={draft.role}
            onChange={(v) => set('role', v as Role)}
            options={[
              { value: 'operator', label: t.roles.operator },
              { value: 'supervisor', label: t.roles.supervisor },
            ]}
          />
        </Field>
        <Field label={t.users.capacity} help={t.users.capacityHelp} error={form.error('capacity')}>
          <NumberInput value={draft.capacity} onChange={(v) => set('capacity', v)} min={1} max={100} integer />
        </Field>
      </div>
      {creating ? (
        <Field label={t.users.password} help={t.users.passwordHelp} error={form.error('password')}>
          <TextInput type="password" value={draft.password} onChange={(v) => set('password', v)} autoComplete="new-password" />
        </Field>
      ) : null}
      <Field label={t.users.signature} help={t.users.signatureHelp} layout="inline" error={form.error('signature')}>
        <Switch checked={draft.signature} onChange={(v) => set('signature', v)} />
      </Field>
      <CheckList
        label={t.users.departments}
        help={t.users.departmentsHelp}
        error={form.error('departmentIds')}
        items={departments.map((d) => ({ id: d.id, label: d.name, color: d.color }))}
        value={draft.departmentIds}
        onChange={(ids) => set('departmentIds', ids)}
        empty={t.users.noDepartments}
      />
      {user ? (
        <Field label={t.users.activeLabel} help={self ? t.users.selfActiveHelp : t.users.activeHelp} layout="inline" error={form.error('active')}>
          <Switch checked={draft.active} disabled={self && draft.active} onChange={(v) => set('active', v)} />
        </Field>
      ) : null}
    </FormDialog>
  );
}
