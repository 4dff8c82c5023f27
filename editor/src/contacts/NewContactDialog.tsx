// "Novo contato": a name, a phone (any format) and an e-mail, at least one of them. A phone or an
// e-mail another contact already has is refused; the dialog then links to that contact.
import { useState } from 'react';
import { Button, Field, TextArea, TextInput } from '../../ui/index.js';
import { api, rawErrorMessage } from '../api.js';
import { Modal } from '../dialog.js';
import { useLocale, useTexts } from '../i18n.js';
import { navigate } from '../router.js';
import { localizeServerMessage } from '../server-errors.js';
import { useToast } from '../toasts.js';
import { contactsTexts } from './texts.js';
import type { FieldDefinition } from './types.js';

type Key = 'name' | 'phone' | 'email' | 'notes';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Server lines "phone: …" routed to the form's fields, with the existing contact's id when named. */
export function routeErrors(message: string, locale: ReturnType<typeof useLocale>, fields: readonly string[]) {
  const out: { fields: Record<string, string>; existing: string | null; other: string[] } = { fields: {}, existing: null, other: [] };
  for (const line of message.split('\n')) {
    const m = /^(?:patch\.)?([\w.]+): (.+)$/s.exec(line.trim());
    const id = /^contact "([^"]+)" already has/.exec(m?.[2] ?? '');
    if (id) out.existing = id[1];
    if (m && fields.some((f) => m[1] === f || m[1].startsWith(`${f}.`))) out.fields[m[1]] ??= localizeServerMessage(m[2], locale);
    else out.other.push(localizeServerMessage(m ? m[2] : line, locale));
  }
  return out;
}

export function NewContactDialog({ onClose, onCreated }: { fields: FieldDefinition[]; onClose: () => void; onCreated: (id: string) => void }) {
  const t = useTexts(contactsTexts);
  const locale = useLocale();
  const toast = useToast();
  const [draft, setDraft] = useState<Record<Key, string>>({ name: '', phone: '', email: '', notes: '' });
  const [errors, setErrors] = useState<Partial<Record<Key, string>>>({});
  const [existing, setExisting] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: Key, v: string) => {
    setDraft((d) => ({ ...d, [k]: v }));
    setErrors((e) => ({ ...e, [k]: undefined }));
    setExisting(null);
  };
  const submit = async () => {
    const local: Partial<Record<Key, string>> = {};
    if (!draft.name.trim() && !draft.phone.trim() && !draft.email.trim()) local.name = t.needOne;
    if (draft.email.trim() && !EMAIL.test(draft.email.trim())) local.email = t.emailInvalid;
    if (draft.phone.trim() && draft.phone.replace(/\D/g, '').length < 10) local.phone = t.phoneInvalid;
    if (Object.keys(local).length) return setErrors(local);
    setBusy(true);
    try {
      const { id } = await api.contacts.create.mutate({
        name: draft.name.trim() || undefined,
        phone: draft.phone.trim() || undefined,
        email: draft.email.trim() || undefined,
        notes: draft.notes.trim() || undefined,
      });
      toast.show('success', t.dialog.created);
      onClose();
      onCreated(id);
    } catch (e) {
      const r = routeErrors(rawErrorMessage(e), locale, ['name', 'phone', 'email', 'notes']);
      setErrors(r.fields as Partial<Record<Key, string>>);
      setExisting(r.existing);
      for (const line of r.other) toast.show('error', line);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title={t.dialog.title}
      onClose={onClose}
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            {t.contact.cancel}
          </Button>
          <Button variant="primary" loading={busy} type="submit" form="new-contact">
            {t.dialog.create}
          </Button>
        </>
      }
    >
      <form
        id="new-contact"
        className="st-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Field label={t.contact.name} error={errors.name}>
          <TextInput value={draft.name} onChange={(v) => set('name', v)} maxLength={120} autoComplete="off" autoFocus />
        </Field>
        <Field label={t.contact.phone} help={t.contact.phoneHelp} error={errors.phone}>
          <TextInput value={draft.phone} onChange={(v) => set('phone', v)} inputMode="tel" maxLength={40} autoComplete="off" />
        </Field>
        <Field label={t.contact.email} error={errors.email}>
          <TextInput value={draft.email} onChange={(v) => set('email', v)} inputMode="email" maxLength={200} autoComplete="off" />
        </Field>
        <Field label={t.contact.notes}>
          <TextArea value={draft.notes} onChange={(v) => set('notes', v)} placeholder={t.contact.notesPlaceholder} minRows={2} />
        </Field>
        {existing ? (
          <p className="ct-existing" role="status">
            <a
              href={`/contacts/${encodeURIComponent(existing)}`}
              onClick={(e) => {
                e.preventDefault();
                onClose();
                navigate(`/contacts/${encodeURIComponent(existing)}`);
              }}
            >
              {t.dialog.openExisting}
            </a>
          </p>
        ) : null}
      </form>
    </Modal>
  );
}
