// Adding or editing a site chat: its name and flow, how the widget looks (title, colour, greeting
// and when it shows, side of the page, language), which sites may embed it and how many messages
// a visitor may send a minute.
import { Field, NumberInput, SegmentedControl, Select, TextArea, TextInput } from '../../../ui/index.js';
import { api } from '../../api.js';
import { fmt, useTexts } from '../../i18n.js';
import { useToast } from '../../toasts.js';
import { AttachmentInput } from '../AttachmentInput.js';
import { ColorPicker } from '../ColorPicker.js';
import { FormDialog } from '../FormDialog.js';
import { settingsTexts } from '../texts.js';
import { useSettingsForm } from '../useSettingsForm.js';
import { channelTexts } from './texts.js';
import type { ChannelAccount, FlowChoice } from './types.js';
import { webchatTexts, type WebchatTexts } from './webchat-texts.js';

export interface WebchatSettingsView {
  publicId: string;
  title: string;
  color: string;
  avatarFileId: string | null;
  greeting: string;
  greetingDelaySeconds: number;
  position: 'right' | 'left';
  allowedOrigins: string[];
  messagesPerMinute: number;
  language: 'auto' | 'pt-BR' | 'en';
}

interface Draft {
  name: string;
  flowId: string;
  title: string;
  color: string;
  avatarFileId: string | null;
  greeting: string;
  greetingDelaySeconds: number | undefined;
  position: 'right' | 'left';
  origins: string;
  messagesPerMinute: number | undefined;
  language: 'auto' | 'pt-BR' | 'en';
}

const FIELDS = [
  'name',
  'flowId',
  'settings.title',
  'settings.color',
  'settings.avatarFileId',
  'settings.greeting',
  'settings.greetingDelaySeconds',
  'settings.position',
  'settings.allowedOrigins',
  'settings.messagesPerMinute',
  'settings.language',
] as const;

/** The lines of the origins box, as the server will read them. */
export const originLines = (text: string) =>
  text
    .split(/[\n,]+/)
    .map((s) => s.trim().replace(/\/+$/, '').toLowerCase())
    .filter(Boolean);

function badOrigin(site: string): boolean {
  try {
    const u = new URL(site);
    const local = ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
    return !((u.protocol === 'https:' || (u.protocol === 'http:' && local)) && u.origin === site);
  } catch {
    return true;
  }
}

function validate(d: Draft, t: WebchatTexts): Partial<Record<string, string>> {
  const out: Partial<Record<string, string>> = {};
  if (!d.name.trim()) out.name = t.issues.name;
  if (!d.flowId) out.flowId = t.issues.flowId;
  if (!d.title.trim()) out['settings.title'] = t.issues.title;
  if (!/^#[0-9a-fA-F]{6}$/.test(d.color)) out['settings.color'] = t.issues.color;
  const bad = originLines(d.origins).find(badOrigin);
  if (bad) out['settings.allowedOrigins'] = fmt(t.issues.origin, { site: bad });
  const delay = d.greetingDelaySeconds;
  if (delay === undefined || !Number.isInteger(delay) || delay < 0 || delay > 600) out['settings.greetingDelaySeconds'] = fmt(t.issues.number, { min: 0, max: 600 });
  const rate = d.messagesPerMinute;
  if (rate === undefined || !Number.isInteger(rate) || rate < 1 || rate > 600) out['settings.messagesPerMinute'] = fmt(t.issues.number, { min: 1, max: 600 });
  return out;
}

export function WebchatDialog({
  account,
  flows,
  onClose,
  onSaved,
}: {
  account: ChannelAccount | null;
  flows: FlowChoice[];
  onClose: () => void;
  onSaved: (saved: { id: string }) => Promise<void> | void;
}) {
  const t = useTexts(webchatTexts);
  const ch = useTexts(channelTexts);
  const common = useTexts(settingsTexts).common;
  const toast = useToast();
  const s = (account?.settings ?? {}) as Partial<WebchatSettingsView>;
  const form = useSettingsForm<Draft>(
    () => ({
      name: account?.name ?? '',
      flowId: account?.flowId ?? (flows.length === 1 ? flows[0].id : ''),
      title: s.title ?? 'Fale conosco',
      color: s.color ?? '#1f7a5a',
      avatarFileId: s.avatarFileId ?? null,
      greeting: s.greeting ?? 'Olá! Posso ajudar?',
      greetingDelaySeconds: s.greetingDelaySeconds ?? 5,
      position: s.position ?? 'right',
      origins: (s.allowedOrigins ?? []).join('\n'),
      messagesPerMinute: s.messagesPerMinute ?? 20,
      language: s.language ?? 'auto',
    }),
    (d) => validate(d, t),
    FIELDS,
  );
  const { draft, set } = form;

  const submit = async () => {
    let saved: { id: string } | null = null;
    const ok = await form.submit(async (d) => {
      const body = {
        name: d.name.trim(),
        flowId: d.flowId || null,
        settings: {
          title: d.title.trim(),
          color: d.color.toLowerCase(),
          avatarFileId: d.avatarFileId,
          greeting: d.greeting.trim(),
          greetingDelaySeconds: d.greetingDelaySeconds!,
          position: d.position,
          allowedOrigins: originLines(d.origins),
          messagesPerMinute: d.messagesPerMinute!,
          language: d.language,
        },
      };
      saved = account ? await api.channels.update.mutate({ id: account.id, ...body }) : await api.channels.create.mutate({ kind: 'webchat', ...body });
    });
    if (!ok || !saved) return;
    toast.show('success', fmt(account ? t.page.updated : t.page.created, { name: draft.name.trim() }));
    onClose();
    await onSaved(saved);
  };

  return (
    <FormDialog
      title={account ? fmt(t.form.editTitle, { name: account.name }) : t.form.createTitle}
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
            <Field label={ch.form.flow} help={flows.length ? undefined : ch.form.flowNone} error={form.error('flowId')}>
              <Select value={draft.flowId} onChange={(v) => set('flowId', v)} placeholder={ch.form.flowPick} options={flows.map((f) => ({ value: f.id, label: f.name }))} />
            </Field>
          </fieldset>
          <fieldset className="st-fieldset">
            <legend>{t.form.access}</legend>
            <Field label={t.form.origins} help={t.form.originsHelp} error={form.error('settings.allowedOrigins')}>
              <TextArea value={draft.origins} onChange={(v) => set('origins', v)} minRows={3} placeholder="https://www.loja.com.br" spellCheck={false} />
            </Field>
            <Field label={t.form.perMinute} help={t.form.perMinuteHelp} error={form.error('settings.messagesPerMinute')}>
              <NumberInput value={draft.messagesPerMinute} onChange={(v) => set('messagesPerMinute', v)} min={1} max={600} integer />
            </Field>
          </fieldset>
        </div>
        <div className="st-column">
          <fieldset className="st-fieldset">
            <legend>{t.form.look}</legend>
            <Field label={t.form.title} help={t.form.titleHelp} error={form.error('settings.title')}>
              <TextInput value={draft.title} onChange={(v) => set('title', v)} maxLength={60} />
            </Field>
            <ColorPicker value={draft.color} onChange={(v) => set('color', v)} error={form.error('settings.color')} />
            <AttachmentInput
              fileId={draft.avatarFileId}
              onChange={(v) => set('avatarFileId', v)}
              error={form.error('settings.avatarFileId')}
              label={t.form.avatar}
              help={t.form.avatarHelp}
            />
            <Field label={t.form.greeting} help={t.form.greetingHelp} error={form.error('settings.greeting')}>
              <TextInput value={draft.greeting} onChange={(v) => set('greeting', v)} maxLength={200} />
            </Field>
            <Field label={t.form.delay} error={form.error('settings.greetingDelaySeconds')}>
              <NumberInput value={draft.greetingDelaySeconds} onChange={(v) => set('greetingDelaySeconds', v)} min={0} max={600} integer />
            </Field>
            <Field label={t.form.position} group>
              <SegmentedControl
                value={draft.position}
                onChange={(v) => set('position', v)}
                options={[
                  { value: 'right', label: t.form.right },
                  { value: 'left', label: t.form.left },
                ]}
              />
            </Field>
            <Field label={t.form.language} group>
              <SegmentedControl
                value={draft.language}
                onChange={(v) => set('language', v)}
                options={[
                  { value: 'auto', label: t.form.auto },
                  { value: 'pt-BR', label: 'Português' },
                  { value: 'en', label: 'English' },
                ]}
              />
            </Field>
            <div className="wc-preview" aria-label={t.page.preview} style={{ ['--wc-color' as string]: draft.color }} data-position={draft.position}>
              {draft.greeting.trim() ? <span className="wc-preview__greeting">{draft.greeting.trim()}</span> : null}
              <span className="wc-preview__bubble" aria-hidden="true" />
            </div>
          </fieldset>
        </div>
      </div>
    </FormDialog>
  );
}
