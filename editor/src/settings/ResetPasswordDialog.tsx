// A supervisor sets a new password for someone (who is then logged out everywhere).
import { Field, TextInput } from '../../ui/index.js';
import { api } from '../api.js';
import { fmt, useTexts } from '../i18n.js';
import { useToast } from '../toasts.js';
import { FormDialog } from './FormDialog.js';
import { settingsTexts } from './texts.js';
import type { UserRow } from './types.js';
import { useSettingsForm } from './useSettingsForm.js';
import { newPasswordIssues } from './validate.js';

export function ResetPasswordDialog({ user, onClose }: { user: UserRow; onClose: () => void }) {
  const t = useTexts(settingsTexts);
  const toast = useToast();
  const form = useSettingsForm({ next: '', confirm: '' }, (d) => newPasswordIssues(d.next, d.confirm), ['password']);
  const submit = async () => {
    const ok = await form.submit((d) => api.users.resetPassword.mutate({ id: user.id, password: d.next }).then(() => undefined));
    if (!ok) return;
    toast.show('success', fmt(t.users.resetDone, { name: user.name }));
    onClose();
  };
  return (
    <FormDialog
      title={fmt(t.users.resetTitle, { name: user.name })}
      submitLabel={t.users.reset}
      busy={form.busy}
      onSubmit={() => void submit()}
      onClose={onClose}
      formRef={form.formRef}
    >
      <p className="muted">{fmt(t.users.resetHelp, { name: user.name })}</p>
      <Field label={t.users.newPassword} help={t.account.nextHelp} error={form.server.password ?? form.error('next')}>
        <TextInput type="password" autoComplete="new-password" value={form.draft.next} onChange={(v) => form.set('next', v)} />
      </Field>
      <Field label={t.users.confirmPassword} error={form.error('confirm')}>
        <TextInput type="password" autoComplete="new-password" value={form.draft.confirm} onChange={(v) => form.set('confirm', v)} />
      </Field>
    </FormDialog>
  );
}
