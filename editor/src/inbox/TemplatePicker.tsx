// Where free text cannot go now (the account kind's reply window: WhatsApp's 24 hours on the
// official API), the composer says why and offers the account's approved templates: search by
// name, each with its category, language and text; one field per variable with a live preview;
// an empty variable blocks sending. Enter sends, Esc closes the list. The server checks it all again.
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Button, Field, TextInput } from '../../ui/index.js';
import type { Localized } from '../../../blocks/contract.js';
import { errorMessage, rawErrorMessage } from '../api.js';
import { fmt, useLocale, useTexts } from '../i18n.js';
import { localizeServerMessage } from '../server-errors.js';
import { componentText, WhatsAppPreview } from '../settings/templates/WhatsAppPreview.js';
import type { OfferedTemplate } from '../settings/templates/types.js';
import { stepIndex } from './pickers.js';
import { templateComposerTexts } from './template-texts.js';
import './template-picker.css';

export interface TemplateChoice {
  name: string;
  language: string;
  values: Record<string, string>;
}

export function TemplatePicker({
  reason,
  offersTemplates,
  load,
  onSend,
  sending,
}: {
  reason: Localized;
  /** The account's kind sends templates (the Cloud API); elsewhere only the reason shows. */
  offersTemplates: boolean;
  /** The approved templates of the account (empty where the kind has none). */
  load: () => Promise<OfferedTemplate[]>;
  onSend(choice: TemplateChoice): Promise<void>;
  sending: boolean;
}) {
  const t = useTexts(templateComposerTexts);
  const locale = useLocale();
  const [all, setAll] = useState<OfferedTemplate[] | null>(null);
  const [loadError, setLoadError] = useState('');
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(true);
  const [active, setActive] = useState(0);
  const [chosen, setChosen] = useState<OfferedTemplate | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  const listId = useId();
  const firstField = useRef<HTMLInputElement | null>(null);
  const search = useRef<HTMLInputElement | null>(null);

  useEffect(() => {
    if (!offersTemplates) return;
    let live = true;
    load().then(
      (l) => live && setAll(l),
      (e) => live && setLoadError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [load, locale, offersTemplates]);

  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (all ?? []).filter((x) => !q || x.name.toLowerCase().includes(q));
  }, [all, query]);
  useEffect(() => setActive(0), [query]);

  const choose = (x: OfferedTemplate) => {
    setChosen(x);
    setValues({});
    setOpen(false);
    setError('');
    requestAnimationFrame(() => (firstField.current ?? search.current)?.focus());
  };

  const send = async () => {
    if (!chosen || sending) return;
    const missing = chosen.variables.find((v) => !values[`${v.component}.${v.name}`]?.trim());
    if (missing) {
      setError(fmt(t.fill, { token: `{{${missing.name}}}` }));
      return;
    }
    setError('');
    try {
      await onSend({ name: chosen.name, language: chosen.language, values });
      setChosen(null);
      setValues({});
      setOpen(true);
      setQuery('');
    } catch (e) {
      // The field path (template.values.body.1) means nothing here: the words say which variable.
      setError(localizeServerMessage(rawErrorMessage(e).replace(/^template(?:\.[\w.]+)?: /, ''), locale));
    }
  };

  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
      setActive((i) => stepIndex(i, e.key === 'ArrowDown' ? 1 : -1, shown.length));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (open && shown[active]) choose(shown[active]);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
    }
  };
  const onFieldKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      void send();
    }
  };

  return (
    <div className="ib-template" role="group" aria-label={t.pick}>
      <p className="ib-template__reason" role="note">
        <strong>{t.outside}:</strong> {reason[locale]}
      </p>
      {!offersTemplates ? <p className="ib-muted">{t.noTemplates}</p> : null}
      {loadError ? <p className="ib-composer__error">{loadError}</p> : null}
      {all && all.length === 0 ? <p className="ib-muted">{t.none}</p> : null}
      {offersTemplates && !all && !loadError ? <p className="ib-muted">{t.loading}</p> : null}
      {all && all.length ? (
        <>
          <div className="ib-template__search">
            <TextInput
              ref={search}
              size="sm"
              value={query}
              onChange={(v) => {
                setQuery(v);
                setOpen(true);
              }}
              onFocus={() => !chosen && setOpen(true)}
              onKeyDown={onSearchKey}
              placeholder={t.searchPlaceholder}
              aria-label={t.search}
              role="combobox"
              aria-expanded={open}
              aria-controls={listId}
              aria-activedescendant={open && shown.length ? `${listId}-${active}` : undefined}
            />
            {chosen && !open ? (
              <Button size="sm" variant="ghost" onClick={() => setOpen(true)}>
                {t.change}
              </Button>
            ) : null}
          </div>
          {open ? (
            <ul className="ib-template__list" role="listbox" id={listId} aria-label={t.list}>
              {shown.length === 0 ? <li className="ib-muted">{t.noMatch}</li> : null}
              {shown.map((x, i) => (
                <li
                  key={x.id}
                  id={`${listId}-${i}`}
                  role="option"
                  aria-selected={i === active}
                  className={`ib-template__item${i === active ? ' is-active' : ''}`}
                  onMouseEnter={() => setActive(i)}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => choose(x)}
                >
                  <span className="ib-template__top">
                    <code>{x.name}</code>
                    <span className="ib-template__tag">{t.category[x.category] ?? x.category}</span>
                    <span className="ib-template__tag">{x.language}</span>
                  </span>
                  <span className="ib-template__body">{componentText(x.components, 'BODY')}</span>
                </li>
              ))}
            </ul>
          ) : null}
          {chosen && !open ? (
            <div className="ib-template__chosen">
              <div className="ib-template__fields">
                <strong>
                  <code>{chosen.name}</code> · {chosen.language}
                </strong>
                {chosen.variables.map((v, i) => (
                  <Field key={`${v.component}.${v.name}`} label={fmt(t.variable, { token: `{{${v.name}}}`, where: t.where[v.component] })}>
                    <TextInput
                      ref={i === 0 ? firstField : undefined}
                      size="sm"
                      value={values[`${v.component}.${v.name}`] ?? ''}
                      placeholder={v.example}
                      onChange={(val) => {
                        setValues((cur) => ({ ...cur, [`${v.component}.${v.name}`]: val }));
                        setError('');
                      }}
                      onKeyDown={onFieldKey}
                    />
                  </Field>
                ))}
                <div className="ib-template__actions">
                  <span className="ib-muted">{t.keys}</span>
                  <Button variant="primary" size="sm" loading={sending} onClick={() => void send()}>
                    {t.send}
                  </Button>
                </div>
              </div>
              <div className="ib-template__preview" aria-label={t.preview}>
                <WhatsAppPreview components={chosen.components} values={values} compact />
              </div>
            </div>
          ) : null}
        </>
      ) : null}
      {error ? (
        <p className="ib-composer__error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
