// A contact's page (/contacts/<id>): every detail edited in place (Enter saves, Esc cancels), the
// custom fields by type, tags, how each channel knows the person, and the conversations the
// viewer could open in the Inbox, each transcript read through the Inbox's own procedure.
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { Button, CloseIcon, Field, IconButton, Select, TextArea, TextInput } from '../../ui/index.js';
import { EditIcon } from '../settings/icons.js';
import { api, errorMessage, rawErrorMessage } from '../api.js';
import { fmt, timeAgo, useLocale, useTexts } from '../i18n.js';
import { plainText, parseWhatsApp } from '../builder/testchat/format.js';
import { ChannelTag } from '../inbox/channel-kinds.js';
import { Identities } from '../inbox/ContactPanel.js';
import { textOn } from '../inbox/format.js';
import { bodyText, readBody, rowKind } from '../inbox/messages.js';
import { navigate } from '../router.js';
import { useToast } from '../toasts.js';
import { checkFieldDraft, draftOf, FieldValueInput, valueOf, type FieldDraft } from './FieldValueInput.js';
import { formatDate, formatDateTime, formatDocument, formatNumber, formatPhone } from './format.js';
import { RetentionNotice } from '../settings/RetentionNotice.js';
import { routeErrors } from './NewContactDialog.js';
import { BlockControl, BlockedChip, BlockNote } from './BlockControl.js';
import { PrivacyControls } from './PrivacyControls.js';
import { listAddress } from './query.js';
import { contactsTexts } from './texts.js';
import { MergeDialog } from './MergeDialog.js';
import { mergeTexts } from './merge-texts.js';
import type { ContactPageData, FieldDefinition } from './types.js';

type Patch = Parameters<typeof api.contacts.update.mutate>[0]['patch'];

export function ContactPage({ contactId, role }: { contactId: string; role: 'supervisor' | 'operator' }) {
  const t = useTexts(contactsTexts);
  const locale = useLocale();
  const toast = useToast();
  const [data, setData] = useState<ContactPageData | null>(null);
  const [missing, setMissing] = useState(false);
  /** A merged-away contact: where the person went (when the viewer may open it). */
  const [mergedInto, setMergedInto] = useState<{ id: string; name: string | null; at: string } | null>(null);
  const [merging, setMerging] = useState(false);
  const mt = useTexts(mergeTexts);
  const [fields, setFields] = useState<FieldDefinition[]>([]);
  const [tags, setTags] = useState<{ id: string; name: string; color: string }[]>([]);

  const load = useCallback(async () => {
    try {
      setData(await api.contacts.get.query({ id: contactId }));
      setMissing(false);
      setMergedInto(null);
    } catch (e) {
      if (/not found/.test(rawErrorMessage(e))) {
        setMergedInto(await api.contacts.mergedInto.query({ id: contactId }).catch(() => null));
        setMissing(true);
      } else toast.show('error', errorMessage(e));
    }
  }, [contactId, toast]);

  useEffect(() => {
    void load();
    void api.contacts.fields.list.query().then(setFields, () => undefined);
    void api.inbox.tags.list.query().then(setTags, () => undefined);
  }, [load]);

  useEffect(() => {
    if (!data) return;
    const previous = document.title;
    document.title = `${data.name || formatPhone(data.phone) || t.noName} · ${t.title} · Ozia`;
    return () => {
      document.title = previous;
    };
  }, [data, t]);

  /** Saves one change; resolves with an error line for the row, or null when saved. */
  const save = async (patch: Patch, field: string): Promise<string | null> => {
    try {
      await api.contacts.update.mutate({ id: contactId, patch });
      await load();
      toast.show('success', t.contact.saved);
      return null;
    } catch (e) {
      const r = routeErrors(rawErrorMessage(e), locale, [field]);
      const line = Object.values(r.fields)[0] ?? r.other.join('\n');
      return r.existing ? line : line || errorMessage(e);
    }
  };

  const back = (
    <a
      className="ct-back"
      href={listAddress()}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        navigate(listAddress());
      }}
    >
      ← {t.contact.back}
    </a>
  );

  if (missing && mergedInto) {
    const path = `/contacts/${encodeURIComponent(mergedInto.id)}`;
    return (
      <div className="ct-page">
        {back}
        <div className="ct-state">
          <h2>{mt.mergedTitle}</h2>
          <p>
            {mt.mergedInto}{' '}
            <a
              className="ct-merged-link"
              href={path}
              onClick={(e) => {
                if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
                e.preventDefault();
                navigate(path);
              }}
            >
              {mergedInto.name || t.noName}
            </a>
          </p>
          <p className="muted">{fmt(mt.mergedWhen, { date: formatDateTime(mergedInto.at, locale) })}</p>
        </div>
      </div>
    );
  }
  if (missing)
    return (
      <div className="ct-page">
        {back}
        <div className="ct-state">
          <h2>{t.contact.notFound}</h2>
          <p className="muted">{t.contact.notFoundText}</p>
        </div>
      </div>
    );
  if (!data)
    return (
      <div className="ct-page">
        {back}
        <div className="ct-state">
          <span className="spinner" />
        </div>
      </div>
    );

  const tagIds = data.tags.map((x) => x.id);
  return (
    <div className="ct-page ct-contact">
      {back}
      <header className="ct-head">
        <div>
          <h1>
            {data.name || formatPhone(data.phone) || t.noName} {data.block && <BlockedChip block={data.block} />}
          </h1>
          <p className="muted">
            {fmt(t.contact.created, { date: formatDate(data.createdAt, locale) })}
            {data.lastContactAt ? ` · ${fmt(t.contact.lastContact, { when: timeAgo(data.lastContactAt, locale) })}` : ''}
          </p>
          {data.block ? <BlockNote block={data.block} /> : null}
        </div>
        <div className="ct-head__actions ct-head__actions--stacked">
          <div className="ct-head__row">
            <Button variant="secondary" onClick={() => setMerging(true)}>
              {mt.open}
            </Button>
            <BlockControl contactId={data.id} name={data.name || formatPhone(data.phone) || t.noName} block={data.block} onChanged={() => void load()} />
          </div>
          <PrivacyControls contactId={data.id} name={data.name} label={data.name || formatPhone(data.phone) || t.noName} supervisor={role === 'supervisor'} />
        </div>
      </header>
      {merging ? (
        <MergeDialog
          contactId={data.id}
          name={data.name || formatPhone(data.phone) || t.noName}
          onClose={() => setMerging(false)}
          onMerged={() => {
            setMerging(false);
            void load();
          }}
        />
      ) : null}
      <div className="ct-columns">
        <div className="ct-column">
          <section className="ct-card" aria-labelledby="ct-details">
            <h2 id="ct-details" className="ct-sr">
              {t.contact.name}
            </h2>
            <EditableRow
              label={t.contact.name}
              shown={data.name}
              initial={data.name ?? ''}
              onSave={(v) => save({ name: String(v) }, 'name')}
              render={(v, set, id) => <TextInput id={id} value={String(v)} onChange={set} maxLength={120} />}
            />
            <EditableRow
              label={t.contact.phone}
              shown={data.phones.length ? data.phones.map(formatPhone).join(', ') : null}
              initial={data.phone ? formatPhone(data.phone) : ''}
              help={t.contact.phoneHelp}
              onSave={(v) => save({ phone: String(v) }, 'phone')}
              render={(v, set, id) => <TextInput id={id} value={String(v)} onChange={set} inputMode="tel" maxLength={40} />}
            />
            <EditableRow
              label={t.contact.email}
              shown={data.emails.length ? data.emails.join(', ') : null}
              initial={data.email ?? ''}
              onSave={(v) => save({ email: String(v).trim() }, 'email')}
              render={(v, set, id) => <TextInput id={id} value={String(v)} onChange={set} inputMode="email" maxLength={200} />}
            />
            <EditableRow
              label={t.contact.notes}
              shown={data.notes || null}
              initial={data.notes}
              multiline
              onSave={(v) => save({ notes: String(v) }, 'notes')}
              render={(v, set, id) => <TextArea id={id} value={String(v)} onChange={set} minRows={3} placeholder={t.contact.notesPlaceholder} />}
            />
          </section>

          <section className="ct-card" aria-labelledby="ct-fields">
            <h2 id="ct-fields">{t.contact.fields}</h2>
            {fields.length === 0 ? <p className="muted">{t.contact.noFields}</p> : null}
            {fields.map((f) => (
              <EditableRow
                key={f.id}
                label={f.label}
                shown={shownValue(f, data.fields[f.key], locale, t.contact)}
                initial={draftOf(f, data.fields[f.key])}
                check={(d) => checkFieldDraft(f, d, t)}
                onSave={(d) => save({ fields: { [f.key]: valueOf(f, d) } }, 'fields')}
                render={(v, set, id) => <FieldValueInput id={id} field={f} value={v} onChange={set} />}
              />
            ))}
          </section>

          <section className="ct-card" aria-labelledby="ct-tags">
            <h2 id="ct-tags">{t.contact.tags}</h2>
            <div className="ct-tags ct-tags--edit">
              {data.tags.length === 0 ? <span className="muted">{t.contact.noTags}</span> : null}
              {data.tags.map((tag) => (
                <span key={tag.id} className="ct-tag" style={{ background: tag.color, color: textOn(tag.color) }}>
                  {tag.name}
                  <button
                    type="button"
                    aria-label={fmt(t.contact.removeTag, { name: tag.name })}
                    onClick={() => void save({ tagIds: tagIds.filter((x) => x !== tag.id) }, 'tagIds').then((err) => err && toast.show('error', err))}
                  >
                    <CloseIcon size={12} />
                  </button>
                </span>
              ))}
            </div>
            <Select
              size="sm"
              aria-label={t.contact.addTag}
              value=""
              placeholder={t.contact.addTag}
              onChange={(id) => id && void save({ tagIds: [...tagIds, id] }, 'tagIds').then((err) => err && toast.show('error', err))}
              options={tags.filter((x) => !tagIds.includes(x.id)).map((x) => ({ value: x.id, label: x.name }))}
            />
          </section>
        </div>

        <div className="ct-column">
          <section className="ct-card">
            <Identities identities={data.identities} />
          </section>

          <CollectedSection collected={data.collected} />

          <section className="ct-card" aria-labelledby="ct-conversations">
            <h2 id="ct-conversations">{t.contact.conversations}</h2>
            {data.conversations.length === 0 ? <p className="muted">{t.contact.noConversations}</p> : null}
            <ul className="ct-conversations">
              {data.conversations.map((c) => (
                <ConversationItem key={c.id} c={c} />
              ))}
            </ul>
          </section>
        </div>
      </div>
    </div>
  );
}

function shownValue(f: FieldDefinition, v: unknown, locale: 'pt-BR' | 'en', t: { yes: string; no: string }): string | null {
  if (v === undefined || v === null || v === '') return null;
  if (f.type === 'yes_no') return v ? t.yes : t.no;
  if (f.type === 'cpf_cnpj') return formatDocument(String(v));
  if (f.type === 'date') return formatDate(String(v), locale);
  if (f.type === 'number' && typeof v === 'number') return formatNumber(v, locale);
  return String(v);
}

function EditableRow({
  label,
  shown,
  initial,
  render,
  onSave,
  check,
  help,
  multiline,
}: {
  label: string;
  shown: string | null;
  initial: FieldDraft;
  render: (v: FieldDraft, set: (v: FieldDraft) => void, id: string) => ReactNode;
  onSave: (v: FieldDraft) => Promise<string | null>;
  check?: (v: FieldDraft) => string | undefined;
  help?: string;
  multiline?: boolean;
}) {
  const t = useTexts(contactsTexts);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<FieldDraft>(initial);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const id = `ct-${label.replace(/\W+/g, '-')}`;
  const open = () => {
    setDraft(initial);
    setError(undefined);
    setEditing(true);
  };
  const submit = async () => {
    const local = check?.(draft);
    if (local) return setError(local);
    setBusy(true);
    const err = await onSave(draft);
    setBusy(false);
    if (err) setError(err);
    else setEditing(false);
  };
  if (!editing)
    return (
      <div className="ct-row">
        <span className="ct-row__label">{label}</span>
        <span className={`ct-row__value${multiline ? ' ct-row__value--multi' : ''}`}>{shown ?? <span className="muted">{t.contact.empty}</span>}</span>
        <IconButton size="sm" label={fmt(t.contact.edit, { name: label })} onClick={open}>
          <EditIcon size={16} />
        </IconButton>
      </div>
    );
  return (
    <form
      className="ct-row ct-row--editing"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          setEditing(false);
        }
        if (e.key === 'Enter' && multiline && !(e.ctrlKey || e.metaKey)) e.stopPropagation();
      }}
    >
      <Field id={id} label={label} help={help} error={error} className="ct-row__field">
        {render(draft, (v) => (setDraft(v), setError(undefined)), id)}
      </Field>
      <div className="ct-row__actions">
        <Button variant="ghost" size="sm" onClick={() => setEditing(false)}>
          {t.contact.cancel}
        </Button>
        <Button variant="primary" size="sm" type="submit" loading={busy}>
          {t.contact.save}
        </Button>
      </div>
    </form>
  );
}

function ConversationItem({ c }: { c: ContactPageData['conversations'][number] }) {
  const t = useTexts(contactsTexts);
  const locale = useLocale();
  const [messages, setMessages] = useState<{ id: number; who: string; text: string; at: string }[] | null>(null);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const toggle = async () => {
    if (open) return setOpen(false);
    setOpen(true);
    if (messages) return;
    try {
      const r = await api.inbox.messages.query({ id: c.id });
      setMessages(r.messages.map((m) => ({ id: m.id, who: rowKind(m), text: plainText(parseWhatsApp(bodyText(readBody(m.body)))) || '…', at: m.createdAt })));
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const inboxPath = `/inbox/${encodeURIComponent(c.id)}`;
  return (
    <li className="ct-conversation">
      <div className="ct-conversation__head">
        <ChannelTag kind={c.channelKind} name={c.channelName} />
        <span className="ct-stage">{t.contact.stage[c.stage]}</span>
        <span className="muted">{c.departmentName ?? t.contact.noDepartment}</span>
        <span className="muted">{formatDateTime(c.openedAt, locale)}</span>
      </div>
      {c.preview ? <p className="ct-conversation__preview">{c.preview}</p> : null}
      <div className="ct-conversation__actions">
        <Button variant="secondary" size="sm" aria-expanded={open} onClick={() => void toggle()}>
          {open ? t.contact.hideTranscript : t.contact.openTranscript}
        </Button>
        <a
          href={inboxPath}
          onClick={(e) => {
            if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
            e.preventDefault();
            navigate(inboxPath);
          }}
        >
          {t.contact.openInInbox}
        </a>
      </div>
      {open ? (
        <div className="ct-transcript" role="log" aria-label={t.contact.conversations}>
          <RetentionNotice className="muted" before={c.purgedBefore} />
          {error ? <p role="alert">{error}</p> : !messages ? <span className="spinner" /> : messages.length === 0 ? <p className="muted">{t.contact.transcriptEmpty}</p> : null}
          {messages?.map((m) => (
            <div key={m.id} className={`ct-msg ct-msg--${m.who}`}>
              <span className="ct-msg__text">{m.text}</span>
              <time className="muted" dateTime={m.at}>
                {formatDateTime(m.at, locale)}
              </time>
            </div>
          ))}
        </div>
      ) : null}
    </li>
  );
}

/** "Dados coletados": per flow, each run's variables, newest first. */
function CollectedSection({ collected }: { collected: ContactPageData['collected'] }) {
  const t = useTexts(mergeTexts);
  const locale = useLocale();
  return (
    <section className="ct-card" aria-labelledby="ct-collected">
      <h2 id="ct-collected">{t.collected}</h2>
      {collected.length === 0 ? <p className="muted">{t.collectedEmpty}</p> : null}
      {collected.map((f) => (
        <div key={f.flowId} className="ct-collected">
          <h3>{f.flowName ?? t.deletedFlow}</h3>
          {f.runs.map((r, i) => (
            <div key={`${r.startedAt}-${i}`} className="ct-collected__run">
              <p className="muted">
                {r.current ? t.currentRun : t.pastRun} · <time dateTime={r.at}>{fmt(t.collectedAt, { date: formatDateTime(r.at, locale) })}</time>
              </p>
              <dl className="ct-collected__values">
                {r.values.map((v) => (
                  <div key={v.name}>
                    <dt>{v.name}</dt>
                    <dd>{v.value}</dd>
                  </div>
                ))}
              </dl>
            </div>
          ))}
        </div>
      ))}
    </section>
  );
}
