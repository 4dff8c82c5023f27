// The right column: who the contact is, what the bot collected from them, and their earlier
// conversations (click to open one).
import { BlockControl, BlockedChip, BlockNote } from '../contacts/BlockControl.js';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Button, CloseIcon, IconButton, Spinner } from '../../ui/index.js';
import { api, errorMessage } from '../api.js';
import { formatValue, parseWhatsApp, plainText } from '../builder/testchat/format.js';
import { fmt, timeAgo, useLocale, useTexts } from '../i18n.js';
import { navigate } from '../router.js';
import { useInboxEvents } from './events.js';
import { accountLabel, ChannelIcon, ChannelTag, useChannelTexts } from './channel-kinds.js';
import { contactName, formatPhone, initials, stars } from './format.js';
import { useInboxRefs } from './refs.js';
import { inboxTexts } from './texts.js';
import { contactsTexts } from '../contacts/texts.js';
import type { ContactPanelData, IdentityView } from './types.js';

export function ContactPanel({ conversationId, onClose }: { conversationId: string; onClose(): void }) {
  const t = useTexts(inboxTexts);
  const contactsT = useTexts(contactsTexts);
  const locale = useLocale();
  const { department } = useInboxRefs();
  const [data, setData] = useState<ContactPanelData | null>(null);
  const [error, setError] = useState('');
  const gen = useRef(0);

  const load = useCallback(async () => {
    const g = ++gen.current;
    try {
      const d = await api.inbox.contactPanel.query({ id: conversationId });
      if (g === gen.current) {
        setData(d);
        setError('');
      }
    } catch (e) {
      if (g === gen.current) setError(errorMessage(e));
    }
  }, [conversationId]);

  useEffect(() => {
    setData(null);
    setError('');
    void load();
  }, [load]);

  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  useInboxEvents((e) => {
    // The bot may have collected more, or the conversation closed and became "earlier".
    if (e.type === 'ready' || (e.type === 'conversation' && e.conversationId === conversationId)) {
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void load(), 300);
    }
  });

  const name = data ? contactName(data.contact, t.noName) : '';
  return (
    <aside className="ib-panel" aria-label={t.contactPanel}>
      <div className="ib-panel__head">
        <h2>{t.contactPanel}</h2>
        <IconButton size="sm" label={t.closePanel} onClick={onClose}>
          <CloseIcon size={16} />
        </IconButton>
      </div>
      {!data && !error ? (
        <div className="ib-state">
          <Spinner size={20} label={t.loading} />
        </div>
      ) : error && !data ? (
        <div className="ib-state" role="alert">
          <p>{fmt(t.loadError, { error })}</p>
          <Button size="sm" onClick={() => void load()}>
            {t.retry}
          </Button>
        </div>
      ) : data ? (
        <div className="ib-panel__body">
          <div className="ib-panel__who">
            <span className="ib-avatar ib-avatar--lg" aria-hidden>
              {initials(name)}
            </span>
            <strong className="ib-panel__name">{name}</strong>
            <a
              className="ib-panel__link"
              href={`/contacts/${encodeURIComponent(data.contact.id)}`}
              onClick={(e) => {
                if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
                e.preventDefault();
                navigate(`/contacts/${encodeURIComponent(data.contact.id)}`);
              }}
            >
              {contactsT.viewContact}
            </a>
          </div>
          <div className="ct-block-row">
            {data.block ? <BlockedChip block={data.block} /> : null}
            <BlockControl contactId={data.contact.id} name={name} block={data.block} onChanged={() => void load()} />
          </div>
          {data.block ? <BlockNote block={data.block} /> : null}
          <dl className="ib-facts">
            {data.contact.phone ? (
              <>
                <dt>{t.phone}</dt>
                <dd>
                  <a href={`tel:${data.contact.phone}`}>{formatPhone(data.contact.phone)}</a>
                </dd>
              </>
            ) : null}
            <dt>{t.channel}</dt>
            <dd>
              <ChannelTag kind={data.contact.channelKind} name={data.contact.channelName} />
            </dd>
            <dt>{t.contactSince}</dt>
            <dd title={new Date(data.contact.createdAt).toLocaleString(locale)}>{new Date(data.contact.createdAt).toLocaleDateString(locale)}</dd>
            {data.flowName ? (
              <>
                <dt>{t.flowLabel}</dt>
                <dd>{data.flowName}</dd>
              </>
            ) : null}
          </dl>

          <Identities identities={data.identities} />

          <h3 className="ib-panel__h">{t.collected}</h3>
          {data.variables.length ? (
            <dl className="ib-vars">
              {data.variables.map((v) => (
                <div key={v.name} className="ib-var">
                  <dt title={v.name}>{v.name}</dt>
                  <dd title={formatValue(v.value)}>{formatValue(v.value)}</dd>
                </div>
              ))}
            </dl>
          ) : (
            <p className="ib-muted">{t.noVariables}</p>
          )}

          <h3 className="ib-panel__h">{t.previous}</h3>
          {data.previous.length ? (
            <ul className="ib-prev">
              {data.previous.map((p) => {
                const dept = department(p.departmentId);
                return (
                  <li key={p.id}>
                    <a
                      href={`/inbox/${encodeURIComponent(p.id)}`}
                      onClick={(e) => {
                        if (e.metaKey || e.ctrlKey || e.button !== 0) return;
                        e.preventDefault();
                        navigate(`/inbox/${encodeURIComponent(p.id)}`);
                      }}
                    >
                      <span className="ib-prev__top">
                        <time dateTime={p.openedAt} title={new Date(p.openedAt).toLocaleString(locale)}>
                          {new Date(p.openedAt).toLocaleDateString(locale)}
                        </time>
                        <span className={`ib-stage ib-stage--${p.stage}`}>{t.stages[p.stage]}</span>
                        {p.csatScore !== null ? (
                          <span className="ib-stars" role="img" aria-label={fmt(t.csat, { score: p.csatScore })}>
                            {stars(p.csatScore)}
                          </span>
                        ) : null}
                      </span>
                      <span className="ib-prev__meta ib-muted">
                        {[p.agentName, dept?.name].filter(Boolean).join(' · ') || t.nobody}
                        {' · '}
                        {timeAgo(p.closedAt ?? p.openedAt, locale)}
                      </span>
                      {p.preview ? <span className="ib-prev__preview">{plainText(parseWhatsApp(p.preview))}</span> : null}
                    </a>
                  </li>
                );
              })}
            </ul>
          ) : (
            <p className="ib-muted">{t.noPrevious}</p>
          )}
        </div>
      ) : null}
    </aside>
  );
}

/** How every account knows the person: the kind of id, its value (phones formatted), the account, when last seen. */
export function Identities({ identities }: { identities: IdentityView[] }) {
  const ct = useChannelTexts();
  const locale = useLocale();
  return (
    <>
      <h3 className="ib-panel__h">{ct.identities}</h3>
      {identities.length ? (
        <ul className="ib-identities" aria-label={ct.identities}>
          {identities.map((i) => {
            const hint = i.kind === 'lid' ? ct.lidHint : i.kind === 'visitor' ? ct.visitorHint : undefined;
            const value = i.kind === 'phone' ? formatPhone(i.value) : i.value;
            return (
              <li key={`${i.channelId}:${i.kind}:${i.value}`} className="ib-identity" data-identity-kind={i.kind}>
                <ChannelIcon kind={i.channelKind} size={18} />
                <span className="ib-identity__text">
                  <span className="ib-identity__top">
                    <span className="ib-identity__kind" title={hint} tabIndex={hint ? 0 : undefined} aria-label={hint ? `${ct.identityKinds[i.kind] ?? i.kind}: ${hint}` : undefined}>
                      {ct.identityKinds[i.kind] ?? i.kind}
                      {hint ? <span className="ib-identity__hint" aria-hidden>?</span> : null}
                    </span>
                    <span className="ib-identity__value" dir="ltr">
                      {i.kind === 'phone' ? <a href={`tel:+${i.value}`}>{value}</a> : value}
                    </span>
                  </span>
                  <span className="ib-identity__meta ib-muted">
                    {accountLabel(i.channelKind, i.channelName ?? i.channelId, locale)}
                    {' · '}
                    <time dateTime={i.lastSeenAt} title={new Date(i.lastSeenAt).toLocaleString(locale)}>
                      {fmt(ct.lastSeen, { time: timeAgo(i.lastSeenAt, locale) })}
                    </time>
                  </span>
                </span>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="ib-muted">{ct.noIdentities}</p>
      )}
    </>
  );
}
