// Adding or editing a WhatsApp number: its name, who answers (a published flow, or the bot off
// and a department), the pace of its messages and its kind's own options — WhatsApp by QR code,
// or the official Cloud API with Meta's ids and credentials (write-only: a saved one shows as
// ••••1234, and left blank it is kept).
import { Field, NumberInput, Switch, TextInput } from '../../../ui/index.js';
import { api } from '../../api.js';
import { fmt, useTexts } from '../../i18n.js';
import { useToast } from '../../toasts.js';
import { FormDialog } from '../FormDialog.js';
import { AnsweringFields, answeringOf } from './AnsweringFields.js';
import { settingsTexts } from '../texts.js';
import { useSettingsForm } from '../useSettingsForm.js';
import { channelTexts, type ChannelTexts } from './texts.js';
import type { ChannelAccount, DepartmentChoice, FlowChoice } from './types.js';

interface Draft {
  name: string;
  mode: 'flow' | 'botOff';
  flowId: string;
  departmentId: string;
  typingMsPerChar: number | undefined;
  typingMaxMs: number | undefined;
  splitLong: boolean;
  perMinute: number | undefined;
  pauseAfterPhoneMinutes: number | undefined;
  ignoreGroups: boolean;
  polls: boolean;
  mediaMaxMb: number | undefined;
  phoneNumberId: string;
  businessAccountId: string;
  accessToken: string;
  appSecret: string;
}

/** The kinds this dialog adds (the site chat has a dialog of its own). */
export type NumberKind = 'whatsapp' | 'cloud-api';

/** The server's field names, so its errors land under the right control. */
const FIELDS = [
  'name',
  'flowId',
  'botOffDepartmentId',
  'delivery.typingMsPerChar',
  'delivery.typingMaxMs',
  'delivery.perMinute',
  'delivery.pauseAfterPhoneMinutes',
  'settings.mediaMaxMb',
  'settings.phoneNumberId',
  'settings.businessAccountId',
  'settings.accessToken',
  'settings.appSecret',
] as const;

const RANGES = {
  'delivery.typingMsPerChar': ['typingMsPerChar', 0, 1000],
  'delivery.typingMaxMs': ['typingMaxMs', 0, 30000],
  'delivery.perMinute': ['perMinute', 0, 600],
  'delivery.pauseAfterPhoneMinutes': ['pauseAfterPhoneMinutes', 0, 10080],
  'settings.mediaMaxMb': ['mediaMaxMb', 1, 64],
} as const;

const META_ID = /^\d{5,25}$/;

function validate(d: Draft, t: ChannelTexts, kind: NumberKind, creating: boolean): Partial<Record<string, string>> {
  const out: Partial<Record<string, string>> = {};
  if (kind === 'cloud-api') {
    if (!META_ID.test(d.phoneNumberId.trim())) out['settings.phoneNumberId'] = t.cloud.idIssue;
    if (!META_ID.test(d.businessAccountId.trim())) out['settings.businessAccountId'] = t.cloud.idIssue;
    if (creating && !d.accessToken.trim()) out['settings.accessToken'] = t.cloud.secretIssue;
    if (creating && !d.appSecret.trim()) out['settings.appSecret'] = t.cloud.secretIssue;
  }
  const mediaMax = kind === 'cloud-api' ? 100 : 64;
  if (d.mediaMaxMb === undefined || !Number.isInteger(d.mediaMaxMb) || d.mediaMaxMb < 1 || d.mediaMaxMb > mediaMax) out['settings.mediaMaxMb'] = fmt(t.issues.number, { min: 1, max: mediaMax });
  if (!d.name.trim()) out.name = t.issues.name;
  else if (d.name.trim().length > 60) out.name = fmt(t.issues.tooLong, { max: 60 });
  if (d.mode === 'flow' && !d.flowId) out.flowId = t.issues.flowId;
  if (d.mode === 'botOff' && !d.departmentId) out.botOffDepartmentId = t.issues.botOffDepartmentId;
  for (const [field, [key, min, max]] of Object.entries(RANGES)) {
    if (field === 'settings.mediaMaxMb') continue;
    const v = d[key];
    if (v === undefined || !Number.isInteger(v) || v < min || v > max) out[field] = fmt(t.issues.number, { min, max });
  }
  return out;
}

export function AccountDialog({
  account,
  kind: newKind = 'whatsapp',
  flows,
  departments,
  onClose,
  onSaved,
}: {
  /** null: a new number. */
  account: ChannelAccount | null;
  /** The kind of a new account (an existing one keeps its own). */
  kind?: NumberKind;
  flows: FlowChoice[];
  departments: DepartmentChoice[];
  onClose: () => void;
  onSaved: (saved: { id: string }) => Promise<void> | void;
}) {
  const t = useTexts(channelTexts);
  const common = useTexts(settingsTexts).common;
  const toast = useToast();
  const kind: NumberKind = account ? (account.kind === 'cloud-api' ? 'cloud-api' : 'whatsapp') : newKind;
  const cloud = kind === 'cloud-api';
  const settings = (account?.settings ?? {}) as {
    ignoreGroups?: boolean;
    polls?: boolean;
    mediaMaxMb?: number;
    phoneNumberId?: string;
    businessAccountId?: string;
    accessTokenHint?: string;
    appSecretHint?: string;
  };
  const form = useSettingsForm<Draft>(
    () => ({
      name: account?.name ?? '',
      mode: account?.botOffDepartmentId ? 'botOff' : 'flow',
      flowId: account?.flowId ?? (flows.length === 1 ? flows[0].id : ''),
      departmentId: account?.botOffDepartmentId ?? '',
      typingMsPerChar: account?.delivery.typingMsPerChar ?? 40,
      typingMaxMs: account?.delivery.typingMaxMs ?? 3000,
      splitLong: account?.delivery.splitLong ?? true,
      perMinute: account?.delivery.perMinute ?? 30,
      pauseAfterPhoneMinutes: account?.delivery.pauseAfterPhoneMinutes ?? 30,
      ignoreGroups: settings.ignoreGroups ?? true,
      polls: settings.polls ?? false,
      mediaMaxMb: settings.mediaMaxMb ?? 16,
      phoneNumberId: settings.phoneNumberId ?? '',
      businessAccountId: settings.businessAccountId ?? '',
      accessToken: '',
      appSecret: '',
    }),
    (d) => validate(d, t, kind, !account),
    FIELDS,
  );
  const { draft, set } = form;

  const submit = async () => {
    let saved: { id: string } | null = null;
    const ok = await form.submit(async (d) => {
      const body = {
        name: d.name.trim(),
        ...answeringOf(d, account?.flowId),
        delivery: {
          typingMsPerChar: d.typingMsPerChar!,
          typingMaxMs: d.typingMaxMs!,
          splitLong: d.splitLong,
          perMinute: d.perMinute!,
          pauseAfterPhoneMinutes: d.pauseAfterPhoneMinutes!,
        },
        settings: cloud
          ? // Blank credentials are kept as stored.
            { phoneNumberId: d.phoneNumberId.trim(), businessAccountId: d.businessAccountId.trim(), accessToken: d.accessToken.trim(), appSecret: d.appSecret.trim(), mediaMaxMb: d.mediaMaxMb! }
          : { ignoreGroups: d.ignoreGroups, polls: d.polls, mediaMaxMb: d.mediaMaxMb! },
      };
      saved = account ? await api.channels.update.mutate({ id: account.id, ...body }) : await api.channels.create.mutate({ kind, ...body });
    });
    if (!ok || !saved) return;
    toast.show('success', fmt(account ? t.done.updated : t.done.created, { name: draft.name.trim() }));
    onClose();
    await onSaved(saved);
  };

  const number = (field: keyof typeof RANGES, label: string, help?: string) => {
    const [key, min, range] = RANGES[field];
    const max = field === 'settings.mediaMaxMb' && cloud ? 100 : range;
    return (
      <Field label={label} help={help} error={form.error(field)}>
        <NumberInput value={draft[key]} onChange={(v) => set(key, v)} min={min} max={max} integer />
      </Field>
    );
  };

  return (
    <FormDialog
      title={account ? fmt(t.form.editTitle, { name: account.name }) : cloud ? t.cloud.createTitle : t.form.createTitle}
      submitLabel={account ? common.saveChanges : t.form.create}
      busy={form.busy}
      onSubmit={() => void submit()}
      onClose={onClose}
      formRef={form.formRef}
      wide
    >
      <div className="st-columns">
        <div className="st-column">
          <fieldset className="st-fieldset">
            <legend>{t.form.identity}</legend>
            <Field label={t.form.name} help={t.form.nameHelp} error={form.error('name')}>
              <TextInput value={draft.name} onChange={(v) => set('name', v)} placeholder={t.form.namePlaceholder} maxLength={80} autoComplete="off" />
            </Field>
          </fieldset>
          <AnsweringFields
            mode={draft.mode}
            flowId={draft.flowId}
            departmentId={draft.departmentId}
            onChange={(key, value) => set(key, value as never)}
            flows={flows}
            departments={departments}
            error={form.error}
           />
          {cloud ? (
            <fieldset className="st-fieldset">
              <legend>{t.cloud.legend}</legend>
              <p className="muted">{t.cloud.lead}</p>
              <Field label={t.cloud.phoneNumberId} help={t.cloud.phoneNumberIdHelp} error={form.error('settings.phoneNumberId')}>
                <TextInput value={draft.phoneNumberId} onChange={(v) => set('phoneNumberId', v)} inputMode="numeric" autoComplete="off" maxLength={25} />
              </Field>
              <Field label={t.cloud.businessAccountId} help={t.cloud.businessAccountIdHelp} error={form.error('settings.businessAccountId')}>
                <TextInput value={draft.businessAccountId} onChange={(v) => set('businessAccountId', v)} inputMode="numeric" autoComplete="off" maxLength={25} />
              </Field>
              <Field
                label={t.cloud.accessToken}
                help={settings.accessTokenHint ? fmt(t.cloud.keep, { hint: settings.accessTokenHint }) : t.cloud.accessTokenHelp}
                error={form.error('settings.accessToken')}
              >
                <TextInput type="password" value={draft.accessToken} onChange={(v) => set('accessToken', v)} autoComplete="off" placeholder={settings.accessTokenHint} />
              </Field>
              <Field label={t.cloud.appSecret} help={settings.appSecretHint ? fmt(t.cloud.keep, { hint: settings.appSecretHint }) : t.cloud.appSecretHelp} error={form.error('settings.appSecret')}>
                <TextInput type="password" value={draft.appSecret} onChange={(v) => set('appSecret', v)} autoComplete="off" placeholder={settings.appSecretHint} />
              </Field>
              {number('settings.mediaMaxMb', t.form.mediaMax, t.cloud.mediaMaxHelp)}
            </fieldset>
          ) : (
            <fieldset className="st-fieldset">
              <legend>{t.form.whatsapp}</legend>
              <Field label={t.form.ignoreGroups} help={t.form.ignoreGroupsHelp} layout="inline">
                <Switch checked={draft.ignoreGroups} onChange={(v) => set('ignoreGroups', v)} />
              </Field>
              <Field label={t.form.polls} help={t.form.pollsHelp} layout="inline">
                <Switch checked={draft.polls} onChange={(v) => set('polls', v)} />
              </Field>
              {number('settings.mediaMaxMb', t.form.mediaMax, t.form.mediaMaxHelp)}
            </fieldset>
          )}
        </div>
        <div className="st-column">
          <fieldset className="st-fieldset">
            <legend>{t.form.pacing}</legend>
            {number('delivery.typingMsPerChar', t.form.typing, t.form.typingHelp)}
            {number('delivery.typingMaxMs', t.form.typingMax)}
            <Field label={t.form.split} help={t.form.splitHelp} layout="inline">
              <Switch checked={draft.splitLong} onChange={(v) => set('splitLong', v)} />
            </Field>
            {number('delivery.perMinute', t.form.perMinute, t.form.perMinuteHelp)}
            {number('delivery.pauseAfterPhoneMinutes', t.form.pause, t.form.pauseHelp)}
          </fieldset>
        </div>
      </div>
    </FormDialog>
  );
}
