// Settings → Campos personalizados (supervisors): the fields every contact may hold, in the order
// the contact page shows them. Deleting one says first how many contacts' values go with it.
import { useCallback, useState } from 'react';
import { ArrowDownIcon, ArrowUpIcon, Button, Field, IconButton, Menu, PlusIcon, Select, TextArea, TextInput, TrashIcon } from '../../ui/index.js';
import { api, errorMessage } from '../api.js';
import { contactsTexts } from '../contacts/texts.js';
import type { FieldDefinition, FieldType } from '../contacts/types.js';
import { confirmDialog } from '../dialog.js';
import { fmt, useTexts } from '../i18n.js';
import { useToast } from '../toasts.js';
import { FormDialog } from './FormDialog.js';
import { EditIcon, VariableFieldIcon } from './icons.js';
import { countText, EmptyState, LoadGate, SectionHeader } from './parts.js';
import { settingsTexts } from './texts.js';
import { useLoad } from './useLoad.js';
import { useSettingsForm } from './useSettingsForm.js';

const TYPES: FieldType[] = ['text', 'number', 'date', 'list', 'yes_no', 'cpf_cnpj'];

type Dialog = { kind: 'create' } | { kind: 'edit'; field: FieldDefinition } | null;

export function ContactFieldsSection() {
  const t = useTexts(contactsTexts).fieldsSection;
  const common = useTexts(settingsTexts).common;
  const toast = useToast();
  const loaded = useLoad(() => api.contacts.fields.list.query());
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = useCallback(() => setDialog(null), []);
  const { reload } = loaded;

  const move = async (fields: FieldDefinition[], i: number, by: -1 | 1) => {
    const ids = fields.map((f) => f.id);
    [ids[i], ids[i + by]] = [ids[i + by], ids[i]];
    try {
      await api.contacts.fields.reorder.mutate({ ids });
      await reload();
    } catch (e) {
      toast.show('error', errorMessage(e));
    }
  };

  const remove = async (field: FieldDefinition) => {
    try {
      const { contacts } = await api.contacts.fields.usage.query({ id: field.id });
      const ok = await confirmDialog({
        title: fmt(t.deleteTitle, { name: field.label }),
        message: fmt(countText(contacts, t.deleteUnused, t.deleteUsedOne, t.deleteUsedMany), { n: contacts }),
        confirm: common.delete,
        cancel: common.cancel,
        danger: true,
      });
      if (!ok) return;
      await api.contacts.fields.remove.mutate({ id: field.id });
      toast.show('success', fmt(t.deleted, { name: field.label }));
      await reload();
    } catch (e) {
      toast.show('error', errorMessage(e));
    }
  };

  const add = (
    <Button variant="primary" icon={<PlusIcon size={16} />} onClick={() => setDialog({ kind: 'create' })}>
      {t.add}
    </Button>
  );

  return (
    <section>
      <SectionHeader title={t.title} subtitle={t.subtitle} actions={loaded.data?.length === 0 ? undefined : add} />
      <LoadGate loaded={loaded}>
        {(fields) => (
          <>
            {fields.length === 0 ? (
              <EmptyState icon={<VariableFieldIcon size={28} />} title={t.empty} text={t.emptyHint} action={add} />
            ) : (
              <ul className="st-list" aria-label={t.title}>
                {fields.map((f, i) => (
                  <li key={f.id} className="st-item">
                    <div className="st-item__main">
                      <strong>{f.label}</strong>
                      <span className="muted">
                        {t.types[f.type]} · <code>{`{{contact.${f.key}}}`}</code>
                        {f.type === 'list' ? ` · ${f.options.join(', ')}` : ''}
                      </span>
                    </div>
                    <IconButton label={fmt(t.moveUp, { name: f.label })} size="sm" disabled={i === 0} onClick={() => void move(fields, i, -1)}>
                      <ArrowUpIcon size={16} />
                    </IconButton>
                    <IconButton label={fmt(t.moveDown, { name: f.label })} size="sm" disabled={i === fields.length - 1} onClick={() => void move(fields, i, 1)}>
                      <ArrowDownIcon size={16} />
                    </IconButton>
                    <Menu
                      label={fmt(common.actions, { name: f.label })}
                      size="sm"
                      items={[
                        { label: common.edit, icon: <EditIcon size={16} />, onSelect: () => setDialog({ kind: 'edit', field: f }) },
                        { label: common.delete, icon: <TrashIcon size={16} />, danger: true, onSelect: () => void remove(f) },
                      ]}
                    />
                  </li>
                ))}
              </ul>
            )}
            {dialog ? <FieldDialog field={dialog.kind === 'edit' ? dialog.field : null} onClose={close} onSaved={reload} /> : null}
          </>
        )}
      </LoadGate>
    </section>
  );
}

function FieldDialog({ field, onClose, onSaved }: { field: FieldDefinition | null; onClose: () => void; onSaved: () => Promise<void> | void }) {
  const t = useTexts(contactsTexts).fieldsSection;
  const common = useTexts(settingsTexts).common;
  const issuesT = useTexts(settingsTexts).issues;
  const toast = useToast();
  const form = useSettingsForm(
    { label: field?.label ?? '', type: (field?.type ?? 'text') as FieldType, options: (field?.options ?? []).join('\n') },
    (d) => ({
      label: d.label.trim() ? undefined : issuesT.name,
      options: d.type === 'list' && !lines(d.options).length ? t.optionsMissing : undefined,
    }),
    ['label', 'type', 'options', 'key'],
  );
  const { draft, set } = form;
  const submit = async () => {
    const ok = await form.submit(async (d) => {
      const options = d.type === 'list' ? lines(d.options) : [];
      if (field) await api.contacts.fields.update.mutate({ id: field.id, label: d.label.trim(), options });
      else await api.contacts.fields.create.mutate({ label: d.label.trim(), type: d.type, options });
    });
    if (!ok) return;
    toast.show('success', fmt(field ? t.updated : t.created, { name: draft.label.trim() }));
    onClose();
    await onSaved();
  };
  return (
    <FormDialog
      title={field ? t.editTitle : t.createTitle}
      submitLabel={field ? common.saveChanges : common.create}
      busy={form.busy}
      onSubmit={() => void submit()}
      onClose={onClose}
      formRef={form.formRef}
    >
      <Field label={t.label} error={form.error('label') ?? form.error('key')}>
        <TextInput value={draft.label} onChange={(v) => set('label', v)} placeholder={t.labelPlaceholder} maxLength={60} autoComplete="off" />
      </Field>
      <Field label={t.type} help={field ? t.typeFixed : undefined} error={form.error('type')}>
        <Select value={draft.type} onChange={(v) => set('type', v as FieldType)} options={TYPES.map((v) => ({ value: v, label: t.types[v] }))} disabled={!!field} />
      </Field>
      {draft.type === 'list' ? (
        <Field label={t.options} help={t.optionsHelp} error={form.error('options')}>
          <TextArea value={draft.options} onChange={(v) => set('options', v)} minRows={3} />
        </Field>
      ) : null}
      {field ? <p className="muted">{fmt(t.keyHelp, { key: field.key })}</p> : null}
    </FormDialog>
  );
}

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}
