// Creating or editing a department: identity, members, the messages the contact gets, and
// business hours.
import { Field, TextArea, TextInput } from '../../ui/index.js';
import { api } from '../api.js';
import { fmt, useTexts } from '../i18n.js';
import { useToast } from '../toasts.js';
import { CheckList } from './CheckList.js';
import { ColorPicker, SWATCHES } from './ColorPicker.js';
import { FormDialog } from './FormDialog.js';
import { draftFromHours, hoursFromDraft, hoursIssues, type HoursDraft } from './hours.js';
import { HoursEditor } from './HoursEditor.js';
import { WithVariables } from './parts.js';
import { settingsTexts } from './texts.js';
import type { Department, UserRow } from './types.js';
import { useSettingsForm } from './useSettingsForm.js';
import { departmentIssues, normalizeCode } from './validate.js';

interface Draft {
  name: string;
  code: string;
  color: string;
  greeting: string;
  outOfHoursMessage: string;
  memberIds: string[];
  hours: HoursDraft;
}

const FIELDS = ['name', 'code', 'color', 'greeting', 'outOfHoursMessage', 'memberIds', 'hours'] as const;

function validate(d: Draft) {
  const hoursBad = d.hours.enabled && Object.keys(hoursIssues(d.hours)).length > 0;
  return { ...departmentIssues(d), ...(hoursBad ? { hours: 'fixBelow' } : {}) };
}

export function DepartmentDialog({
  department,
  users,
  onClose,
  onSaved,
}: {
  /** null: a new department. */
  department: Department | null;
  users: UserRow[];
  onClose: () => void;
  onSaved: () => Promise<void> | void;
}) {
  const t = useTexts(settingsTexts);
  const toast = useToast();
  const form = useSettingsForm<Draft>(
    () => ({
      name: department?.name ?? '',
      code: department?.code ?? '',
      color: department?.color ?? SWATCHES[0],
      greeting: department?.greeting ?? '',
      outOfHoursMessage: department?.outOfHoursMessage ?? '',
      memberIds: department?.memberIds ?? [],
      hours: draftFromHours(department?.hours),
    }),
    validate,
    FIELDS,
  );
  const { draft, set } = form;

  const submit = async () => {
    const ok = await form.submit(async (d) => {
      const input = {
        name: d.name.trim(),
        code: normalizeCode(d.code) || null,
        color: d.color.toLowerCase(),
        greeting: d.greeting,
        outOfHoursMessage: d.outOfHoursMessage,
        memberIds: d.memberIds,
        hours: hoursFromDraft(d.hours),
      };
      if (department) await api.departments.update.mutate({ id: department.id, ...input });
      else await api.departments.create.mutate(input);
    });
    if (!ok) return;
    toast.show('success', fmt(department ? t.departments.updated : t.departments.created, { name: draft.name.trim() }));
    onClose();
    await onSaved();
  };

  // Members may be inactive: they stay listed (and marked) so saving does not drop them silently.
  const people = users.map((u) => ({ id: u.id, label: u.name, hint: u.active ? u.email : `${u.email} · ${t.departments.inactiveUser}` }));

  return (
    <FormDialog
      title={department ? fmt(t.departments.editTitle, { name: department.name }) : t.departments.createTitle}
      submitLabel={department ? t.common.saveChanges : t.departments.create}
      busy={form.busy}
      onSubmit={() => void submit()}
      onClose={onClose}
      formRef={form.formRef}
      wide
    >
      <div className="st-columns">
        <div className="st-column">
          <fieldset className="st-fieldset">
            <legend>{t.departments.identity}</legend>
            <Field label={t.departments.name} error={form.error('name')}>
              <TextInput value={draft.name} onChange={(v) => set('name', v)} maxLength={80} autoComplete="off" />
            </Field>
            <Field label={t.departments.code} hint={t.common.optional} help={<WithVariables text={t.departments.codeHelp} />} error={form.error('code')}>
              <TextInput
                value={draft.code}
                onChange={(v) => set('code', v)}
                onBlur={() => normalizeCode(draft.code) !== draft.code && set('code', normalizeCode(draft.code))}
                placeholder={t.departments.codePlaceholder}
                maxLength={30}
                spellCheck={false}
                autoComplete="off"
                className="st-mono"
              />
            </Field>
            <ColorPicker value={draft.color} onChange={(c) => set('color', c)} error={form.error('color')} />
          </fieldset>
          <fieldset className="st-fieldset">
            <legend>{t.departments.team}</legend>
            <CheckList
              label={t.departments.members}
              help={t.departments.membersHelp}
              error={form.error('memberIds')}
              items={people}
              value={draft.memberIds}
              onChange={(ids) => set('memberIds', ids)}
              empty={t.departments.noUsers}
            />
          </fieldset>
          <fieldset className="st-fieldset">
            <legend>{t.departments.messages}</legend>
            <Field label={t.departments.greeting} hint={t.common.optional} help={<WithVariables text={t.departments.greetingHelp} />} error={form.error('greeting')}>
              <TextArea value={draft.greeting} onChange={(v) => set('greeting', v)} placeholder={t.departments.greetingPlaceholder} minRows={2} maxRows={8} />
            </Field>
            <Field
              label={t.departments.outOfHours}
              hint={t.common.optional}
              help={<WithVariables text={t.departments.outOfHoursHelp} />}
              error={form.error('outOfHoursMessage')}
            >
              <TextArea value={draft.outOfHoursMessage} onChange={(v) => set('outOfHoursMessage', v)} placeholder={t.departments.outOfHoursPlaceholder} minRows={2} maxRows={8} />
            </Field>
          </fieldset>
        </div>
        <div className="st-column">
          <fieldset className="st-fieldset">
            <legend>{t.hours.title}</legend>
            <HoursEditor
              value={draft.hours}
              onChange={(h) => set('hours', h)}
              showIssues={form.tried}
              error={form.server.hours ?? (form.tried && form.issues.hours ? t.issues.fixBelow : undefined)}
            />
          </fieldset>
        </div>
      </div>
    </FormDialog>
  );
}
