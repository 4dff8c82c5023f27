// Creating or editing a message-bank entry: shortcut, title, text with variables, an optional
// file, and who may use it (everyone or one department).
import { Field, Select, TextArea, TextInput } from '../../ui/index.js';
import { api } from '../api.js';
import { fmt, useTexts } from '../i18n.js';
import { useToast } from '../toasts.js';
import { AttachmentInput } from './AttachmentInput.js';
import { FormDialog } from './FormDialog.js';
import { WithVariables } from './parts.js';
import { settingsTexts } from './texts.js';
import type { Department, QuickReply } from './types.js';
import { useSettingsForm } from './useSettingsForm.js';
import { normalizeShortcut, quickReplyIssues } from './validate.js';

interface Draft {
  shortcut: string;
  title: string;
  body: string;
  fileId: string | null;
  departmentId: string;
}

const FIELDS = ['shortcut', 'title', 'body', 'fileId', 'departmentId'] as const;

export function QuickReplyDialog({
  reply,
  departments,
  onClose,
  onSaved,
}: {
  reply: QuickReply | null;
  departments: Department[];
  onClose: () => void;
  onSaved: () => Promise<void> | void;
}) {
  const t = useTexts(settingsTexts);
  const toast = useToast();
  const form = useSettingsForm<Draft>(
    () => ({
      shortcut: reply?.shortcut ?? '',
      title: reply?.title ?? '',
      body: reply?.body ?? '',
      fileId: reply?.fileId ?? null,
      departmentId: reply?.departmentId ?? '',
    }),
    quickReplyIssues,
    FIELDS,
  );
  const { draft, set } = form;
  const submit = async () => {
    const shortcut = normalizeShortcut(draft.shortcut);
    const ok = await form.submit(async (d) => {
      const input = { shortcut, title: d.title.trim(), body: d.body, fileId: d.fileId, departmentId: d.departmentId || null };
      if (reply) await api.inbox.quickReplies.update.mutate({ id: reply.id, reply: input });
      else await api.inbox.quickReplies.create.mutate(input);
    });
    if (!ok) return;
    toast.show('success', fmt(reply ? t.quickReplies.updated : t.quickReplies.created, { shortcut }));
    onClose();
    await onSaved();
  };
  return (
    <FormDialog
      title={reply ? fmt(t.quickReplies.editTitle, { shortcut: reply.shortcut }) : t.quickReplies.createTitle}
      submitLabel={reply ? t.common.saveChanges : t.common.create}
      busy={form.busy}
      onSubmit={() => void submit()}
      onClose={onClose}
      formRef={form.formRef}
      wide
    >
      <div className="st-row st-row--shortcut">
        <Field label={t.quickReplies.shortcut} help={t.quickReplies.shortcutHelp} error={form.error('shortcut')}>
          <div className="st-prefixed">
            <span aria-hidden="true">/</span>
            <TextInput
              value={draft.shortcut}
              onChange={(v) => set('shortcut', v.replace(/^\//, ''))}
              placeholder={t.quickReplies.shortcutPlaceholder}
              maxLength={31}
              spellCheck={false}
              autoComplete="off"
              className="st-mono"
            />
          </div>
        </Field>
        <Field label={t.quickReplies.titleLabel} error={form.error('title')}>
          <TextInput value={draft.title} onChange={(v) => set('title', v)} placeholder={t.quickReplies.titlePlaceholder} maxLength={100} autoComplete="off" />
        </Field>
      </div>
      <Field label={t.quickReplies.body} help={<WithVariables text={t.quickReplies.bodyHelp} />} error={form.error('body')}>
        <TextArea value={draft.body} onChange={(v) => set('body', v)} minRows={4} maxRows={14} />
      </Field>
      <AttachmentInput fileId={draft.fileId} onChange={(id) => set('fileId', id)} error={form.error('fileId')} />
      <Field label={t.quickReplies.department} help={t.quickReplies.departmentHelp} error={form.error('departmentId')}>
        <Select
          value={draft.departmentId}
          onChange={(v) => set('departmentId', v)}
          options={[{ value: '', label: t.quickReplies.allDepartments }, ...departments.map((d) => ({ value: d.id, label: d.name }))]}
        />
      </Field>
    </FormDialog>
  );
}
