// "Mesclar com outro contato": find the other contact (only ones the viewer may open), then a
// preview of both side by side with every value they hold differently (this contact's chosen
// by default) and what combines without a choice; a confirmation, and one contact remains. A
// preview the server finds stale (someone edited either contact meanwhile) is shown again.
import { useEffect, useState } from 'react';
import { Button, TextInput } from '../../ui/index.js';
import { api, errorMessage, rawErrorMessage } from '../api.js';
import { confirmDialog, Modal } from '../dialog.js';
import { fmt, useLocale, useTexts, type Locale } from '../i18n.js';
import { useToast } from '../toasts.js';
import { formatDate, formatDocument, formatNumber, formatPhone } from './format.js';
import { mergeTexts, type MergeTexts } from './merge-texts.js';
import type { ContactRow } from './types.js';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../../api/router.js';

type Preview = inferRouterOutputs<AppRouter>['contacts']['mergePreview'];
type Conflict = Preview['conflicts'][number];
type Side = 'here' | 'other';

const count = (n: number, forms: { none: string; one: string; many: string }) => (n === 0 ? forms.none : n === 1 ? forms.one : fmt(forms.many, { n }));

function shown(c: Conflict, v: unknown, locale: Locale, t: MergeTexts): string {
  if (c.key === 'phone') return formatPhone(String(v));
  if (!c.field) return String(v);
  if (c.field.type === 'yes_no') return v ? t.yes : t.no;
  if (c.field.type === 'cpf_cnpj') return formatDocument(String(v));
  if (c.field.type === 'date') return formatDate(String(v), locale);
  if (c.field.type === 'number' && typeof v === 'number') return formatNumber(v, locale);
  return String(v);
}

export function MergeDialog({ contactId, name, onClose, onMerged }: { contactId: string; name: string; onClose: () => void; onMerged: () => void }) {
  const t = useTexts(mergeTexts);
  const locale = useLocale();
  const toast = useToast();
  const [search, setSearch] = useState('');
  const [results, setResults] = useState<ContactRow[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [otherId, setOtherId] = useState<string | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [keep, setKeep] = useState<Record<string, Side>>({});
  const [stale, setStale] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const q = search.trim();
    if (q.length < 2) {
      setSearching(false);
      return setResults(null);
    }
    let live = true;
    setSearching(true);
    const timer = setTimeout(() => {
      api.contacts.list
        .query({ search: q, pageSize: 8 })
        .then(
          (r) => live && setResults(r.items.filter((c) => c.id !== contactId)),
          (e) => live && toast.show('error', errorMessage(e)),
        )
        .finally(() => live && setSearching(false));
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [search, contactId, toast]);

  const compare = async (id: string) => {
    setOtherId(id);
    setPreview(null);
    setStale(false);
    setKeep({});
    try {
      setPreview(await api.contacts.mergePreview.query({ id: contactId, otherId: id }));
    } catch (e) {
      toast.show('error', errorMessage(e));
      setOtherId(null);
    }
  };

  const merge = async () => {
    if (!preview || !otherId) return;
    const otherName = preview.other.name || formatPhone(preview.other.phone) || preview.other.email || t.noName;
    const ok = await confirmDialog({ title: fmt(t.confirmTitle, { other: otherName, here: name }), message: t.confirmText, confirm: t.confirm, cancel: t.cancel, danger: true });
    if (!ok) return;
    setBusy(true);
    try {
      await api.contacts.merge.mutate({ id: contactId, otherId, fingerprint: preview.fingerprint, keep });
      toast.show('success', t.merged);
      onMerged();
    } catch (e) {
      if (/changed since the preview/.test(rawErrorMessage(e))) setStale(true);
      else toast.show('error', errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const footer = otherId ? (
    <>
      <Button variant="ghost" onClick={() => (setOtherId(null), setPreview(null))}>
        {t.back}
      </Button>
      <Button variant="ghost" onClick={onClose}>
        {t.cancel}
      </Button>
      <Button variant="primary" onClick={() => void merge()} loading={busy} disabled={!preview || stale}>
        {t.confirm}
      </Button>
    </>
  ) : (
    <Button variant="ghost" onClick={onClose}>
      {t.cancel}
    </Button>
  );

  return (
    <Modal title={t.title} onClose={onClose} footer={footer} wide>
      {!otherId ? (
        <div className="ct-merge-search">
          <label className="ct-merge-label" htmlFor="ct-merge-search">
            {t.searchLabel}
          </label>
          <TextInput
            id="ct-merge-search"
            value={search}
            onChange={setSearch}
            placeholder={t.searchPlaceholder}
            autoComplete="off"
            onKeyDown={(e) => {
              // Enter takes the only match, as a person expects of a search that found one.
              if (e.key === 'Enter' && results?.length === 1) void compare(results[0].id);
            }}
          />
          {searching && results === null ? (
            <span className="spinner" role="status" aria-label={t.searching} />
          ) : results === null ? (
            <p className="muted">{t.searchHint}</p>
          ) : results.length === 0 ? (
            <p className="muted">{t.noResults}</p>
          ) : (
            <ul className="ct-merge-results" aria-label={t.searchLabel}>
              {results.map((c) => (
                <li key={c.id}>
                  <span>
                    <strong>{c.name || formatPhone(c.phone) || c.email || t.noName}</strong>
                    <span className="muted"> {[c.phone ? formatPhone(c.phone) : null, c.email].filter(Boolean).join(' · ')}</span>
                  </span>
                  <Button size="sm" variant="secondary" onClick={() => void compare(c.id)} aria-label={`${t.pick}: ${c.name || formatPhone(c.phone) || c.email || t.noName}`}>
                    {t.pick}
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : !preview ? (
        <div className="ct-state">
          <span className="spinner" />
          <p className="muted">{t.loadingPreview}</p>
        </div>
      ) : (
        <div className="ct-merge">
          {stale ? (
            <div className="ct-merge-stale" role="alert">
              <span>{t.stale}</span>
              <Button size="sm" variant="secondary" onClick={() => void compare(otherId)}>
                {t.reload}
              </Button>
            </div>
          ) : null}
          <p className="muted">{t.keepsAddress}</p>
          <div className="ct-merge-sides">
            {(['here', 'other'] as const).map((side) => {
              const s = preview[side];
              return (
                <section key={side} className="ct-merge-side" aria-label={side === 'here' ? t.here : t.other}>
                  <h3>{side === 'here' ? t.here : t.other}</h3>
                  <strong>{s.name || formatPhone(s.phone) || s.email || t.noName}</strong>
                  {s.phone ? <span>{formatPhone(s.phone)}</span> : null}
                  {s.email ? <span>{s.email}</span> : null}
                  <span className="muted">
                    {count(new Set(s.identities.map((i) => i.channelId)).size, t.channels)} · {count(s.conversations, t.conversations)}
                    {s.blocked ? ` · ${t.blocked}` : ''}
                  </span>
                </section>
              );
            })}
          </div>
          <section aria-labelledby="ct-merge-conflicts">
            <h3 id="ct-merge-conflicts">{t.conflictsTitle}</h3>
            {preview.conflicts.length === 0 ? (
              <p className="muted">{t.noConflicts}</p>
            ) : (
              <>
                <p className="muted">{t.conflictsHelp}</p>
                <div className="ct-merge-conflicts">
                  {preview.conflicts.map((c) => {
                    const label = c.field ? c.field.label : t.fieldNames[c.key as 'name' | 'phone' | 'email'];
                    const chosen = keep[c.key] ?? 'here';
                    return (
                      <fieldset key={c.key} className="ct-merge-conflict">
                        <legend>{label}</legend>
                        {(['here', 'other'] as const).map((side) => (
                          <label key={side} className={`ct-merge-choice${chosen === side ? ' is-chosen' : ''}`}>
                            <input type="radio" name={`keep-${c.key}`} checked={chosen === side} onChange={() => setKeep((k) => ({ ...k, [c.key]: side }))} />
                            <span>{shown(c, c[side], locale, t)}</span>
                            <span className="muted">{side === 'here' ? t.here : t.other}</span>
                          </label>
                        ))}
                      </fieldset>
                    );
                  })}
                </div>
              </>
            )}
          </section>
          <section aria-labelledby="ct-merge-combined">
            <h3 id="ct-merge-combined">{t.combinedTitle}</h3>
            <ul className="ct-merge-combined">
              <li>
                {fmt(t.combinedIdentities, {
                  // A channel's name, with the phone where the channel knows one (visitor ids and LIDs say nothing to people).
                  list: [...new Set(preview.combined.identities.map((i) => `${i.channelName ?? i.channelId}${i.kind === 'phone' ? ` (${formatPhone(i.value)})` : ''}`))].join(', ') || t.none,
                })}
              </li>
              <li>{fmt(t.combinedConversations, { n: preview.combined.conversations })}</li>
              <li>{fmt(t.combinedTags, { list: preview.combined.tags.map((x) => x.name).join(', ') || t.none })}</li>
              {preview.combined.notes.length > 1 ? <li>{t.combinedNotes}</li> : null}
              {preview.combined.phones.length ? <li>{fmt(t.combinedPhones, { list: preview.combined.phones.map(formatPhone).join(', ') })}</li> : null}
              {preview.combined.emails.length ? <li>{fmt(t.combinedEmails, { list: preview.combined.emails.join(', ') })}</li> : null}
              {Object.keys({ ...preview.here.fields, ...preview.other.fields }).some((k) => !preview.conflicts.some((c) => c.key === `fields.${k}`)) ? <li>{t.combinedFields}</li> : null}
              {preview.combined.blocked ? <li>{t.combinedBlocked}</li> : null}
            </ul>
          </section>
        </div>
      )}
    </Modal>
  );
}
