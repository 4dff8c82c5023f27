// "Novo modelo": a template's name, category, language, header, body (with buttons that insert the
// next {{n}}), footer and buttons, an example per variable (Meta reviews with them), and a live
// WhatsApp-like preview. Checked here as the server checks it; Meta's refusals come back in words.
import { useRef } from 'react';
import { Button, Field, IconButton, Select, TextArea, TextInput, TrashIcon } from '../../../ui/index.js';
import { templateVariableNames } from '../../../../blocks/shared/template-text.js';
import { api } from '../../api.js';
import { fmt, useTexts } from '../../i18n.js';
import { useToast } from '../../toasts.js';
import { FormDialog } from '../FormDialog.js';
import { useSettingsForm } from '../useSettingsForm.js';
import { TEMPLATE_LANGUAGES, templateTexts, type TemplateTexts } from './texts.js';
import { WhatsAppPreview } from './WhatsAppPreview.js';

type ButtonKind = 'QUICK_REPLY' | 'URL' | 'PHONE_NUMBER';
interface DraftButton {
  type: ButtonKind;
  text: string;
  url: string;
  phone: string;
}
interface Draft {
  name: string;
  category: 'MARKETING' | 'UTILITY' | 'AUTHENTICATION';
  language: string;
  header: string;
  body: string;
  footer: string;
  buttons: DraftButton[];
  headerExamples: Record<string, string>;
  bodyExamples: Record<string, string>;
}

const LIMITS = { name: 512, header: 60, body: 1024, footer: 60, button: 25, buttons: 10 };
const FIELDS = ['template.name', 'template.category', 'template.language', 'template.header', 'template.body', 'template.footer', 'template.buttons', 'template.headerExamples', 'template.bodyExamples'] as const;

function issuesOf(t: TemplateTexts) {
  return (d: Draft): Partial<Record<string, string>> => {
    const out: Partial<Record<string, string>> = {};
    const long = (max: number) => fmt(t.issues.tooLong, { max });
    if (!d.name.trim()) out['template.name'] = t.issues.nameEmpty;
    else if (!/^[a-z0-9_]+$/.test(d.name.trim())) out['template.name'] = t.issues.name;
    else if (d.name.length > LIMITS.name) out['template.name'] = long(LIMITS.name);
    if (d.header.trim().length > LIMITS.header) out['template.header'] = long(LIMITS.header);
    if (d.footer.trim().length > LIMITS.footer) out['template.footer'] = long(LIMITS.footer);
    const body = d.body.trim();
    if (!body) out['template.body'] = t.issues.body;
    else if (body.length > LIMITS.body) out['template.body'] = long(LIMITS.body);
    else if (/^{{[^}]*}}/.test(body) || /{{[^}]*}}$/.test(body)) out['template.body'] = t.issues.edges;
    for (const [field, text] of [['template.header', d.header], ['template.body', d.body]] as const) {
      const names = templateVariableNames(text);
      if (names.every((n) => /^\d+$/.test(n)) && names.some((n, i) => n !== String(i + 1)) && !out[field]) {
        out[field] = fmt(t.issues.order, { list: names.map((_, i) => `{{${i + 1}}}`).join(', ') });
      }
    }
    for (const [kind, text, examples] of [['header', d.header, d.headerExamples], ['body', d.body, d.bodyExamples]] as const) {
      for (const n of templateVariableNames(text)) if (!examples[n]?.trim()) out[`example.${kind}.${n}`] = t.issues.example;
    }
    d.buttons.forEach((b, i) => {
      if (!b.text.trim()) out[`button.${i}`] = t.issues.buttonText;
      else if (b.text.trim().length > LIMITS.button) out[`button.${i}`] = long(LIMITS.button);
      else if (b.type === 'URL' && !/^https?:\/\/\S+\.\S+/.test(b.url.trim())) out[`button.${i}`] = t.issues.url;
      else if (b.type === 'PHONE_NUMBER' && !/^[1-9]\d{7,14}$/.test(b.phone.replace(/[\s()+.-]/g, ''))) out[`button.${i}`] = t.issues.phone;
    });
    return out;
  };
}

export function TemplateDialog({ accountId, onClose, onSaved }: { accountId: string; onClose: () => void; onSaved: () => Promise<void> | void }) {
  const t = useTexts(templateTexts);
  const f = t.form;
  const toast = useToast();
  const form = useSettingsForm<Draft>(
    { name: '', category: 'UTILITY', language: 'pt_BR', header: '', body: '', footer: '', buttons: [], headerExamples: {}, bodyExamples: {} },
    issuesOf(t),
    FIELDS,
  );
  const { draft, set } = form;
  const bodyRef = useRef<HTMLTextAreaElement | null>(null);
  const headerVars = templateVariableNames(draft.header);
  const bodyVars = templateVariableNames(draft.body);
  const nextNumber = bodyVars.filter((n) => /^\d+$/.test(n)).length + 1;

  const insertVariable = () => {
    const el = bodyRef.current;
    const token = `{{${nextNumber}}}`;
    const at = el?.selectionStart ?? draft.body.length;
    const end = el?.selectionEnd ?? at;
    set('body', `${draft.body.slice(0, at)}${token}${draft.body.slice(end)}`);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + token.length, at + token.length);
    });
  };
  const setButton = (i: number, patch: Partial<DraftButton>) => set('buttons', draft.buttons.map((b, j) => (j === i ? { ...b, ...patch } : b)));
  const addButton = (type: ButtonKind) => set('buttons', [...draft.buttons, { type, text: '', url: '', phone: '' }]);

  const submit = async () => {
    const ok = await form.submit(async (d) => {
      const pick = (names: string[], all: Record<string, string>) => Object.fromEntries(names.map((n) => [n, (all[n] ?? '').trim()]));
      await api.messageTemplates.create.mutate({
        accountId,
        template: {
          name: d.name.trim(),
          category: d.category,
          language: d.language,
          ...(d.header.trim() ? { header: d.header.trim() } : {}),
          body: d.body.trim(),
          ...(d.footer.trim() ? { footer: d.footer.trim() } : {}),
          buttons: d.buttons.map((b) => (b.type === 'URL' ? { type: b.type, text: b.text.trim(), url: b.url.trim() } : b.type === 'PHONE_NUMBER' ? { type: b.type, text: b.text.trim(), phone: b.phone } : { type: b.type, text: b.text.trim() })),
          headerExamples: pick(templateVariableNames(d.header), d.headerExamples),
          bodyExamples: pick(templateVariableNames(d.body), d.bodyExamples),
        },
      });
    });
    if (!ok) return;
    toast.show('success', fmt(f.created, { name: draft.name.trim() }));
    onClose();
    await onSaved();
  };

  const values = Object.fromEntries([...headerVars.map((n) => [`header.${n}`, draft.headerExamples[n] ?? '']), ...bodyVars.map((n) => [`body.${n}`, draft.bodyExamples[n] ?? ''])]);
  const previewComponents = [
    ...(draft.header.trim() ? [{ type: 'HEADER', format: 'TEXT', text: draft.header }] : []),
    { type: 'BODY', text: draft.body || '…' },
    ...(draft.footer.trim() ? [{ type: 'FOOTER', text: draft.footer }] : []),
    ...(draft.buttons.length ? [{ type: 'BUTTONS', buttons: draft.buttons.map((b) => ({ type: b.type, text: b.text || f.buttonKinds[b.type] })) }] : []),
  ];

  return (
    <FormDialog title={f.title} submitLabel={f.submit} busy={form.busy} onSubmit={() => void submit()} onClose={onClose} formRef={form.formRef} wide>
      <div className="mt-form">
        <div className="mt-form__fields">
          <Field label={f.name} help={f.nameHelp} error={form.error('template.name')}>
            <TextInput value={draft.name} onChange={(v) => set('name', v)} placeholder="pedido_enviado" maxLength={LIMITS.name} autoComplete="off" />
          </Field>
          <div className="st-row">
            <Field label={f.category} error={form.error('template.category')}>
              <Select value={draft.category} onChange={(v) => set('category', v as Draft['category'])} options={(['UTILITY', 'MARKETING', 'AUTHENTICATION'] as const).map((c) => ({ value: c, label: t.category[c] }))} />
            </Field>
            <Field label={f.language} error={form.error('template.language')}>
              <Select value={draft.language} onChange={(v) => set('language', v)} options={TEMPLATE_LANGUAGES.map((l) => ({ value: l.code, label: l.label }))} />
            </Field>
          </div>
          <Field label={f.header} error={form.error('template.header')} hint={`${draft.header.length}/${LIMITS.header}`}>
            <TextInput value={draft.header} onChange={(v) => set('header', v)} maxLength={LIMITS.header + 20} autoComplete="off" />
          </Field>
          <Field
            label={f.body}
            help={f.bodyHelp}
            error={form.error('template.body')}
            hint={`${draft.body.length}/${LIMITS.body}`}
            aside={
              <Button size="sm" variant="ghost" onClick={insertVariable}>
                {fmt(f.insertVariable, { token: `{{${nextNumber}}}` })}
              </Button>
            }
          >
            <TextArea ref={bodyRef} value={draft.body} onChange={(v) => set('body', v)} minRows={4} placeholder="Olá {{1}}, seu pedido {{2}} saiu para entrega." />
          </Field>
          <Field label={f.footer} error={form.error('template.footer')} hint={`${draft.footer.length}/${LIMITS.footer}`}>
            <TextInput value={draft.footer} onChange={(v) => set('footer', v)} maxLength={LIMITS.footer + 20} autoComplete="off" />
          </Field>
          <Field label={f.buttons} group error={form.error('template.buttons')}>
            <ol className="mt-buttons">
              {draft.buttons.map((b, i) => (
                <li key={i} className="mt-button">
                  <span className="mt-tag">{f.buttonKinds[b.type]}</span>
                  <Field label={f.buttonText} error={form.error(`button.${i}`)}>
                    <TextInput value={b.text} onChange={(v) => setButton(i, { text: v })} maxLength={LIMITS.button + 10} />
                  </Field>
                  {b.type === 'URL' ? (
                    <Field label={f.buttonUrl}>
                      <TextInput value={b.url} onChange={(v) => setButton(i, { url: v })} placeholder="https://" />
                    </Field>
                  ) : null}
                  {b.type === 'PHONE_NUMBER' ? (
                    <Field label={f.buttonPhone}>
                      <TextInput value={b.phone} onChange={(v) => setButton(i, { phone: v })} placeholder="5511988887777" />
                    </Field>
                  ) : null}
                  <IconButton size="sm" label={fmt(f.removeButton, { n: i + 1 })} onClick={() => set('buttons', draft.buttons.filter((_, j) => j !== i))}>
                    <TrashIcon size={15} />
                  </IconButton>
                </li>
              ))}
            </ol>
            {draft.buttons.length < LIMITS.buttons ? (
              <div className="mt-add-buttons">
                <Button size="sm" onClick={() => addButton('QUICK_REPLY')}>
                  {f.addQuickReply}
                </Button>
                <Button size="sm" onClick={() => addButton('URL')}>
                  {f.addUrl}
                </Button>
                <Button size="sm" onClick={() => addButton('PHONE_NUMBER')}>
                  {f.addPhone}
                </Button>
              </div>
            ) : null}
          </Field>
          {headerVars.length + bodyVars.length ? (
            <fieldset className="st-fieldset mt-examples">
              <legend>{f.examples}</legend>
              <p className="muted">{f.examplesHelp}</p>
              {form.error('template.headerExamples') || form.error('template.bodyExamples') ? (
                <p className="ui-field__error">{form.error('template.headerExamples') ?? form.error('template.bodyExamples')}</p>
              ) : null}
              {(['header', 'body'] as const).flatMap((kind) =>
                (kind === 'header' ? headerVars : bodyVars).map((n) => {
                  const key = kind === 'header' ? 'headerExamples' : 'bodyExamples';
                  return (
                    <Field key={`${kind}.${n}`} label={fmt(f.exampleOf, { token: `{{${n}}}`, where: f.where[kind] })} error={form.error(`example.${kind}.${n}`)}>
                      <TextInput value={draft[key][n] ?? ''} onChange={(v) => set(key, { ...draft[key], [n]: v })} autoComplete="off" />
                    </Field>
                  );
                }),
              )}
            </fieldset>
          ) : null}
        </div>
        <aside className="mt-form__preview" aria-label={f.preview}>
          <span className="st-label">{f.preview}</span>
          <WhatsAppPreview components={previewComponents} values={values} />
        </aside>
      </div>
    </FormDialog>
  );
}
