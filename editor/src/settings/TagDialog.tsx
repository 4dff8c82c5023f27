// Creating or editing a tag: a name and a color, previewed as it shows on conversations.
import { Field, TextInput } from '../../ui/index.js';
import { api } from '../api.js';
import { fmt, useTexts } from '../i18n.js';
import { useToast } from '../toasts.js';
import { ColorPicker, SWATCHES } from './ColorPicker.js';
import { FormDialog } from './FormDialog.js';
import { Chip } from './parts.js';
import { settingsTexts } from './texts.js';
import type { Tag } from './types.js';
import { useSettingsForm } from './useSettingsForm.js';
import { isColor, tagIssues } from './validate.js';

export function TagDialog({ tag, onClose, onSaved }: { tag: Tag | null; onClose: () => void; onSaved: () => Promise<void> | void }) {
  const t = useTexts(settingsTexts);
  const toast = useToast();
  const form = useSettingsForm({ name: tag?.name ?? '', color: tag?.color ?? SWATCHES[2] }, tagIssues, ['name', 'color']);
  const { draft, set } = form;
  const submit = async () => {
    const ok = await form.submit(async (d) => {
      const input = { name: d.name.trim(), color: d.color.toLowerCase() };
      if (tag) await api.inbox.tags.update.mutate({ id: tag.id, ...input });
      else await api.inbox.tags.create.mutate(input);
    });
    if (!ok) return;
    toast.show('success', fmt(tag ? t.tags.updated : t.tags.created, { name: draft.name.trim() }));
    onClose();
    await onSaved();
  };
  return (
    <FormDialog
      title={tag ? t.tags.editTitle : t.tags.createTitle}
      submitLabel={tag ? t.common.saveChanges : t.common.create}
      busy={form.busy}
      onSubmit={() => void submit()}
      onClose={onClose}
      formRef={form.formRef}
    >
      <Field label={t.tags.name} error={form.error('name')}>
        <TextInput value={draft.name} onChange={(v) => set('name', v)} placeholder={t.tags.namePlaceholder} maxLength={60} autoComplete="off" />
      </Field>
      <ColorPicker value={draft.color} onChange={(c) => set('color', c)} error={form.error('color')} />
      <div className="st-preview" aria-hidden="true">
        <span className="st-label">{t.tags.preview}</span>
        <Chip color={isColor(draft.color) ? draft.color : '#8a94a6'}>{draft.name.trim() || t.tags.add}</Chip>
      </div>
    </FormDialog>
  );
}
