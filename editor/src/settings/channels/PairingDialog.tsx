// Connecting by pairing code: the number to link; the code itself then shows on the account page
// (it arrives with the status, like the QR).
import { Field, TextInput } from '../../../ui/index.js';
import { api } from '../../api.js';
import { useTexts } from '../../i18n.js';
import { FormDialog } from '../FormDialog.js';
import { useSettingsForm } from '../useSettingsForm.js';
import { channelTexts } from './texts.js';

export function PairingDialog({ accountId, onClose }: { accountId: string; onClose: () => void }) {
  const t = useTexts(channelTexts);
  const form = useSettingsForm<{ pairingPhone: string }>(
    { pairingPhone: '' },
    (d) => (/^[1-9]\d{7,14}$/.test(d.pairingPhone.replace(/[\s()+.-]/g, '')) ? {} : { pairingPhone: t.pairing.badPhone }),
    ['pairingPhone'],
  );
  const submit = async () => {
    const ok = await form.submit((d) => api.channels.connect.mutate({ id: accountId, pairingPhone: d.pairingPhone }).then(() => undefined));
    if (ok) onClose();
  };
  return (
    <FormDialog title={t.pairing.title} submitLabel={t.pairing.submit} busy={form.busy} onSubmit={() => void submit()} onClose={onClose} formRef={form.formRef}>
      <p className="muted st-note">{t.pairing.lead}</p>
      <Field label={t.pairing.phone} help={t.pairing.phoneHelp} error={form.error('pairingPhone')}>
        <TextInput value={form.draft.pairingPhone} onChange={(v) => form.set('pairingPhone', v)} inputMode="tel" autoComplete="tel" placeholder="+55 11 98888-7777" />
      </Field>
    </FormDialog>
  );
}
