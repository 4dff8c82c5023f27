// Outbound: the agent picks a contact, one of the contact's channels (the one used last by
// default), a department, and writes first. A channel that cannot take a free text now says why.
import { useEffect, useState } from 'react';
import { Field, Select, Spinner, TextArea, TextInput } from '../../ui/index.js';
import { WhatsAppPreview } from '../settings/templates/WhatsAppPreview.js';
import type { OfferedTemplate } from '../settings/templates/types.js';
import { templateComposerTexts } from './template-texts.js';
import './template-picker.css';
import { api, errorMessage } from '../api.js';
import { ActionDialog } from './ActionDialog.js';
import { fmt, timeAgo, useLocale, useTexts } from '../i18n.js';
import { accountLabel, ChannelIcon, useChannelTexts } from './channel-kinds.js';
import { navigate } from '../router.js';
import { contactName, formatPhone, initials } from './format.js';
import { useInboxRefs } from './refs.js';
import { inboxTexts } from './texts.js';
import type { ContactHit, StartChoice } from './types.js';
import { useDebounced } from './useConversationList.js';

export function NewConversationDialog({ onClose }: { onClose(): void }) {
  const t = useTexts(inboxTexts);
  const tt = useTexts(templateComposerTexts);
  const { myDepartments, user } = useInboxRefs();
  const [search, setSearch] = useState('');
  const query = useDebounced(search, 250);
  const [hits, setHits] = useState<ContactHit[] | null>(null);
  const [contact, setContact] = useState<ContactHit | null>(null);
  const [departmentId, setDepartmentId] = useState('');
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const ct = useChannelTexts();
  const locale = useLocale();
  const [choices, setChoices] = useState<StartChoice[] | null>(null);
  const [channelId, setChannelId] = useState('');

  useEffect(() => {
    let live = true;
    setHits(null);
    api.inbox.contacts.query({ search: query }).then(
      (r) => live && setHits(r),
      (e) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [query]);
  // The contact's channels, the one they used last first (and chosen).
  useEffect(() => {
    if (!contact) return;
    let live = true;
    setChoices(null);
    setChannelId('');
    api.inbox.startChoices.query({ contactId: contact.id }).then(
      (r) => {
        if (!live) return;
        setChoices(r);
        setChannelId(r[0]?.channelId ?? '');
      },
      (e) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [contact]);
  const choice = choices?.find((c) => c.channelId === channelId) ?? null;
  const refusal = choice?.refusal ? choice.refusal[locale] : '';
  // Where free text is refused, the account's approved templates (none on kinds without them).
  const [offered, setOffered] = useState<OfferedTemplate[] | null>(null);
  const [templateKey, setTemplateKey] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  useEffect(() => {
    setOffered(null);
    setTemplateKey('');
    setValues({});
    if (!refusal || !contact || !channelId || !choice?.templates) return;
    let live = true;
    api.inbox.startTemplates.query({ contactId: contact.id, channelId }).then(
      (r) => live && setOffered(r),
      (e) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [refusal, contact, channelId, choice?.templates]);
  const template = offered?.find((x) => `${x.name}|${x.language}` === templateKey) ?? null;
  const filled = !!template && template.variables.every((v) => values[`${v.component}.${v.name}`]?.trim());

  useEffect(() => {
    if (!departmentId && myDepartments.length === 1) setDepartmentId(myDepartments[0].id);
  }, [myDepartments, departmentId]);

  const ready = !!contact && !!departmentId && !!choice && (refusal ? filled : !!text.trim());
  return (
    <ActionDialog
      title={t.newTitle}
      confirmLabel={t.start}
      ready={ready}
      onClose={onClose}
      onDone={(id) => {
        onClose();
        navigate(`/inbox/${encodeURIComponent(id)}`);
      }}
      action={async () =>
        (
          await api.inbox.start.mutate({
            contactId: contact!.id,
            departmentId,
            channelId: choice!.channelId,
            ...(refusal && template ? { template: { name: template.name, language: template.language, values } } : { text: text.trim() }),
          })
        ).id
      }
    >
      <Field label={t.contactSearch}>
        <input type="search" className="ui-input" placeholder={t.contactSearchPlaceholder} value={search} onChange={(e) => setSearch(e.target.value)} aria-label={t.contactSearch} maxLength={100} />
      </Field>
      <div className="ib-contacts" role="radiogroup" aria-label={t.contactsLabel}>
        {hits === null ? (
          <Spinner size={18} label={t.loading} />
        ) : hits.length ? (
          hits.map((h) => {
            const name = contactName(h, t.noName);
            return (
              <label key={h.id} className={`ib-contact${contact?.id === h.id ? ' is-on' : ''}`}>
                <input type="radio" name="ib-contact" checked={contact?.id === h.id} onChange={() => setContact(h)} />
                <span className="ib-avatar ib-avatar--sm" aria-hidden>
                  {initials(name)}
                </span>
                <span className="ib-contact__text">
                  <strong>{name}</strong>
                  <span className="ib-muted">
                    {formatPhone(h.phone)}
                  </span>
                </span>
              </label>
            );
          })
        ) : (
          <p className="ib-muted">{user.role === 'supervisor' ? t.contactNone : t.contactNoneOperator}</p>
        )}
      </div>
      <Field label={ct.startOn} help={ct.startOnHint} group>
        <div className="ib-start-channels" role="radiogroup" aria-label={ct.startOn}>
          {!contact ? (
            <p className="ib-muted">{ct.pickContactFirst}</p>
          ) : choices === null ? (
            <Spinner size={16} label={t.loading} />
          ) : choices.length ? (
            choices.map((c) => (
              <label key={c.channelId} className={`ib-contact ib-start-channel${c.channelId === channelId ? ' is-on' : ''}`}>
                <input type="radio" name="ib-start-channel" checked={c.channelId === channelId} onChange={() => setChannelId(c.channelId)} />
                <ChannelIcon kind={c.kind} size={18} />
                <span className="ib-contact__text">
                  <strong>{accountLabel(c.kind, c.name, locale)}</strong>
                  <span className="ib-muted">{c.lastInboundAt ? fmt(ct.lastWrote, { time: timeAgo(c.lastInboundAt, locale) }) : ct.neverWrote}</span>
                </span>
              </label>
            ))
          ) : (
            <p className="ib-muted">{ct.noStartChoices}</p>
          )}
        </div>
      </Field>
      <Field label={t.department}>
        <Select value={departmentId} onChange={setDepartmentId} placeholder={t.choose} options={myDepartments.map((d) => ({ value: d.id, label: d.name }))} />
      </Field>
      {refusal ? (
        <p className="ib-refusal" role="alert">
          {fmt(ct.refused, { reason: refusal })}
        </p>
      ) : null}
      {!refusal ? (
        <Field label={t.firstMessage}>
          <TextArea value={text} onChange={setText} minRows={3} maxRows={8} maxLength={4096} />
        </Field>
      ) : !choice?.templates ? null : offered === null ? (
        <Spinner size={16} label={t.loading} />
      ) : offered.length === 0 ? (
        <p className="ib-muted">{tt.none}</p>
      ) : (
        <>
          <Field label={tt.pick}>
            <Select
              value={templateKey}
              onChange={(k) => {
                setTemplateKey(k);
                setValues({});
              }}
              placeholder={t.choose}
              options={offered.map((x) => ({ value: `${x.name}|${x.language}`, label: `${x.name} · ${x.language} · ${tt.category[x.category] ?? x.category}` }))}
            />
          </Field>
          {template ? (
            <div className="ib-template__chosen">
              <div className="ib-template__fields">
                {template.variables.map((v) => (
                  <Field key={`${v.component}.${v.name}`} label={fmt(tt.variable, { token: `{{${v.name}}}`, where: tt.where[v.component] })}>
                    <TextInput value={values[`${v.component}.${v.name}`] ?? ''} placeholder={v.example} onChange={(val) => setValues((cur) => ({ ...cur, [`${v.component}.${v.name}`]: val }))} />
                  </Field>
                ))}
              </div>
              <div className="ib-template__preview" aria-label={tt.preview}>
                <WhatsAppPreview components={template.components} values={values} compact />
              </div>
            </div>
          ) : null}
        </>
      )}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </ActionDialog>
  );
}
