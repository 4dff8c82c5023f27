// Adding or editing a Facebook Messenger Page or an Instagram Direct account: its name, who
// answers (a published flow, or the bot off and a department), Meta's ids and credentials
// (write-only: a saved one shows as ••••1234, and left blank it is kept), and, once saved, the
// webhook URL and verify token to paste at Meta with the fields to subscribe.
import { Field, NumberInput, Switch, TextInput } from '../../../ui/index.js';
import { api } from '../../api.js';
import { fmt, useTexts } from '../../i18n.js';
import { useToast } from '../../toasts.js';
import { FormDialog } from '../FormDialog.js';
import { AnsweringFields, answeringOf } from './AnsweringFields.js';
import { settingsTexts } from '../texts.js';
import { useSettingsForm } from '../useSettingsForm.js';
import { socialTexts, type SocialKind, type SocialTexts } from './social-texts.js';
import { channelTexts, type ChannelTexts } from './texts.js';
import type { ChannelAccount, DepartmentChoice, FlowChoice } from './types.js';
import { WebhookPanel } from './WebhookPanel.js';

interface Draft {
  name: string;
  mode: 'flow' | 'botOff';
  flowId: string;
  departmentId: string;
  splitLong: boolean;
  perMinute: number | undefined;
  pauseAfterPhoneMinutes: number | undefined;
  mediaMaxMb: number | undefined;
  pageId: string;
  instagramAccountId: string;
  accessToken: string;
  appSecret: string;
}

/** The server's field names, so its errors land under the right control. */
const FIELDS = [
  'name',
  'flowId',
  'botOffDepartmentId',
  'delivery.perMinute',
  'delivery.pauseAfterPhoneMinutes',
  'settings.mediaMaxMb',
  'settings.pageId',
  'settings.instagramAccountId',
  'settings.accessToken',
  'settings.appSecret',
] as const;

const META_ID = /^\d{5,25}$/;

function validate(d: Draft, t: ChannelTexts, s: SocialTexts, kind: SocialKind, creating: boolean): Partial<Record<string, string>> {
  const out: Partial<Record<string, string>> = {};
  if (!d.name.trim()) out.name = t.issues.name;
  else if (d.name.trim().length > 60) out.name = fmt(t.issues.tooLong, { max: 60 });
  if (d.mode === 'flow' && !d.flowId) out.flowId = t.issues.flowId;
  if (d.mode === 'botOff' && !d.departmentId) out.botOffDepartmentId = t.issues.botOffDepartmentId;
  if (!META_ID.test(d.pageId.trim())) out['settings.pageId'] = s.idIssue;
  if (kind === 'instagram' && !META_ID.test(d.instagramAccountId.trim())) out['settings.instagramAccountId'] = s.idIssue;
  if (creating && !d.accessToken.trim()) out['settings.accessToken'] = s.secretIssue;
  if (creating && !d.appSecret.trim()) out['settings.appSecret'] = s.secretIssue;
  const ranges = [
    ['settings.mediaMaxMb', d.mediaMaxMb, 1, 100],
    ['delivery.perMinute', d.perMinute, 0, 600],
    ['delivery.pauseAfterPhoneMinutes', d.pauseAfterPhoneMinutes, 0, 10080],
  ] as const;
  for (const [field, v, min, max] of ranges) if (v === undefined || !Number.isInteger(v) || v < min || v > max) out[field] = fmt(t.issues.number, { min, max });
  return out;
}

export function SocialDialog({
  account,
  kind,
  flows,
  departments,
  onClose,
  onSaved,
}: {
  /** null: a new account. */
  account: ChannelAccount | null;
  kind: SocialKind;
  flows: FlowChoice[];
  departments: DepartmentChoice[];
  onClose: () => void;
  onSaved: (saved: { id: string }) => Promise<void> | void;
}) {
  const t = useTexts(channelTexts);
  const s = useTexts(socialTexts);
  const common = useTexts(settingsTexts).common;
  const toast = useToast();
  const settings = (account?.settings ?? {}) as { mediaMaxMb?: number; pageId?: string; instagramAccountId?: string; accessTokenHint?: string; appSecretHint?: string };
  const form = useSettingsForm<Draft>(
    () => ({
      name: account?.name ?? '',
      mode: account?.botOffDepartmentId ? 'botOff' : 'flow',
      flowId: account?.flowId ?? (flows.length === 1 ? flows[0].id : ''),
      departmentId: account?.botOffDepartmentId ?? '',
      splitLong: account?.delivery.splitLong ?? true,
      perMinute: account?.delivery.perMinute ?? 30,
      pauseAfterPhoneMinutes: account?.delivery.pauseAfterPhoneMinutes ?? 30,
      mediaMaxMb: settings.mediaMaxMb ?? 25,
      pageId: settings.pageId ?? '',
      instagramAccountId: settings.instagramAccountId ?? '',
      accessToken: '',
      appSecret: '',
    }),
    (d) => validate(d, t, s, kind, !account),
    FIELDS,
  );
  const { draft, set } = form;

  const submit = async () => {
    let saved: { id: string } | null = null;
    const ok = await form.submit(async (d) => {
      const body = {
        name: d.name.trim(),
        ...answeringOf(d, account?.flowId),
        // Meta shows no typing here: only the pace and the pause after the business wrote in Meta's inbox.
        delivery: { typingMsPerChar: 0, typingMaxMs: 0, splitLong: d.splitLong, perMinute: d.perMinute!, pauseAfterPhoneMinutes: d.pauseAfterPhoneMinutes! },
        settings: {
          pageId: d.pageId.trim(),
          ...(kind === 'instagram' ? { instagramAccountId: d.instagramAccountId.trim() } : {}),
          // Blank credentials are kept as stored.
          accessToken: d.accessToken.trim(),
          appSecret: d.appSecret.trim(),
          mediaMaxMb: d.mediaMaxMb!,
        },
      };
      saved = account ? await api.channels.update.mutate({ id: account.id, ...body }) : await api.channels.create.mutate({ kind, ...body });
    });
    if (!ok || !saved) return;
    toast.show('success', fmt(account ? s.updated : s.created, { name: draft.name.trim() }));
    onClose();
    await onSaved(saved);
  };

  const number = (field: 'settings.mediaMaxMb' | 'delivery.perMinute' | 'delivery.pauseAfterPhoneMinutes', key: 'mediaMaxMb' | 'perMinute' | 'pauseAfterPhoneMinutes', label: string, min: number, max: number, help?: string) => (
    <Field label={label} help={help} error={form.error(field)}>
      <NumberInput value={draft[key]} onChange={(v) => set(key, v)} min={min} max={max} integer />
    </Field>
  );

  return (
    <FormDialog
      title={account ? fmt(t.form.editTitle, { name: account.name }) : s.createTitle[kind]}
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
            <legend>{s.identity}</legend>
            <Field label={t.form.name} help={s.nameHelp} error={form.error('name')}>
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
          >
            <p className="muted">{s.window}</p>
          </AnsweringFields>
          <fieldset className="st-fieldset">
            <legend>{t.form.pacing}</legend>
            <Field label={t.form.split} help={s.splitHelp} layout="inline">
              <Switch checked={draft.splitLong} onChange={(v) => set('splitLong', v)} />
            </Field>
            {number('delivery.perMinute', 'perMinute', t.form.perMinute, 0, 600, t.form.perMinuteHelp)}
            {number('delivery.pauseAfterPhoneMinutes', 'pauseAfterPhoneMinutes', s.pause, 0, 10080, s.pauseHelp)}
          </fieldset>
        </div>
        <div className="st-column">
          <fieldset className="st-fieldset">
            <legend>{s.legend[kind]}</legend>
            <p className="muted">{s.lead[kind]}</p>
            {kind === 'instagram' ? (
              <Field label={s.instagramAccountId} help={s.instagramAccountIdHelp} error={form.error('settings.instagramAccountId')}>
                <TextInput value={draft.instagramAccountId} onChange={(v) => set('instagramAccountId', v)} inputMode="numeric" autoComplete="off" maxLength={25} />
              </Field>
            ) : null}
            <Field label={s.pageId} help={s.pageIdHelp[kind]} error={form.error('settings.pageId')}>
              <TextInput value={draft.pageId} onChange={(v) => set('pageId', v)} inputMode="numeric" autoComplete="off" maxLength={25} />
            </Field>
            <Field label={s.accessToken} help={settings.accessTokenHint ? fmt(s.keep, { hint: settings.accessTokenHint }) : s.accessTokenHelp[kind]} error={form.error('settings.accessToken')}>
              <TextInput type="password" value={draft.accessToken} onChange={(v) => set('accessToken', v)} autoComplete="off" placeholder={settings.accessTokenHint} />
            </Field>
            <Field label={s.appSecret} help={settings.appSecretHint ? fmt(s.keep, { hint: settings.appSecretHint }) : s.appSecretHelp} error={form.error('settings.appSecret')}>
              <TextInput type="password" value={draft.appSecret} onChange={(v) => set('appSecret', v)} autoComplete="off" placeholder={settings.appSecretHint} />
            </Field>
            {number('settings.mediaMaxMb', 'mediaMaxMb', t.form.mediaMax, 1, 100, s.mediaMaxHelp)}
          </fieldset>
          {account ? (
            <SocialWebhookPanel account={account} kind={kind} />
          ) : (
            <div className="st-card ch-webhook">
              <h3>{s.webhookTitle}</h3>
              <p className="muted">{s.afterSave}</p>
              <p className="muted">
                <strong>{s.fieldsTitle}:</strong> {s.fields[kind]}
              </p>
            </div>
          )}
        </div>
      </div>
    </FormDialog>
  );
}

/** The account's webhook URL and verify token, with what to subscribe at Meta. */
export function SocialWebhookPanel({ account, kind }: { account: { id: string; settings: unknown }; kind: SocialKind }) {
  const s = useTexts(socialTexts);
  return (
    <WebhookPanel account={account} title={s.webhookTitle} lead={s.webhookLead[kind]}>
      <p className="muted ch-fields">
        <strong>{s.fieldsTitle}:</strong> {s.fields[kind]}
      </p>
    </WebhookPanel>
  );
}
