// "Quem atende" in every channel account's form: new conversations run a published flow, or the
// bot stays off and they go straight to a department.
import type { ReactNode } from 'react';
import { Field, SegmentedControl, Select } from '../../../ui/index.js';
import { useTexts } from '../../i18n.js';
import { channelTexts } from './texts.js';
import type { DepartmentChoice, FlowChoice } from './types.js';

export type AnsweringMode = 'flow' | 'botOff';

export function AnsweringFields({
  mode,
  flowId,
  departmentId,
  onChange,
  flows,
  departments,
  error,
  children,
}: {
  mode: AnsweringMode;
  flowId: string;
  departmentId: string;
  onChange(key: 'mode' | 'flowId' | 'departmentId', value: string): void;
  flows: readonly FlowChoice[];
  departments: readonly DepartmentChoice[];
  /** The form's error for a field path, if any. */
  error(path: string): string | undefined;
  /** What the kind adds under the choice (Meta's reply windows). */
  children?: ReactNode;
}) {
  const t = useTexts(channelTexts);
  return (
    <fieldset className="st-fieldset">
      <legend>{t.form.answering}</legend>
      <Field label={t.form.mode} group>
        <SegmentedControl
          value={mode}
          onChange={(m) => onChange('mode', m)}
          options={[
            { value: 'flow', label: t.form.modeFlow },
            { value: 'botOff', label: t.form.modeBotOff },
          ]}
        />
      </Field>
      {mode === 'flow' ? (
        <Field label={t.form.flow} help={flows.length ? undefined : t.form.flowNone} error={error('flowId')}>
          <Select value={flowId} onChange={(v) => onChange('flowId', v)} placeholder={t.form.flowPick} options={flows.map((f) => ({ value: f.id, label: f.name }))} />
        </Field>
      ) : (
        <Field label={t.form.department} help={departments.length ? t.form.departmentHelp : t.form.departmentNone} error={error('botOffDepartmentId')}>
          <Select value={departmentId} onChange={(v) => onChange('departmentId', v)} placeholder={t.form.departmentPick} options={departments.map((d) => ({ value: d.id, label: d.name }))} />
        </Field>
      )}
      {children}
    </fieldset>
  );
}

/**
 * What the choice saves: the flow, or the department with the bot off. A bot-off account keeps
 * the flow it had, so turning the bot back on needs no new pick.
 */
export function answeringOf(d: { mode: AnsweringMode; flowId: string; departmentId: string }, previousFlowId: string | null | undefined) {
  return {
    flowId: d.mode === 'flow' ? d.flowId || null : (previousFlowId ?? null),
    botOffDepartmentId: d.mode === 'botOff' ? d.departmentId || null : null,
  };
}
