// One WhatsApp number: its live status with the reason, the QR code or pairing code while
// connecting, what can be done now (connect, disconnect, clear the session, change the number,
// delete), the health panel, and why the bot may not be answering.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Button, Menu, Spinner, TrashIcon } from '../../../ui/index.js';
import { api, errorMessage } from '../../api.js';
import { confirmDialog } from '../../dialog.js';
import { fmt, timeAgo, useLocale, useTexts } from '../../i18n.js';
import { navigate } from '../../router.js';
import { useToast } from '../../toasts.js';
import { EditIcon } from '../icons.js';
import { LoadGate } from '../parts.js';
import { useLoad } from '../useLoad.js';
import { AccountDialog } from './AccountDialog.js';
import { BackIcon, PlugIcon, RefreshIcon } from './icons.js';
import { useChannelEvents, useNow } from './live.js';
import { PairingDialog } from './PairingDialog.js';
import { QrCode } from './QrCode.js';
import { answeringText, formatPairingCode, headline, qrExpired, reason, toneOf, type StatusView } from './status.js';
import { StatusChip } from './StatusChip.js';
import { channelTexts, type ChannelTexts } from './texts.js';
import type { ChannelAccount, ChannelHealth, DepartmentChoice, Diagnosis, FlowChoice } from './types.js';
import { WebchatPage } from './WebchatPage.js';
import { WebhookPanel } from './WebhookPanel.js';
import { SocialDialog, SocialWebhookPanel } from './SocialDialog.js';
import { isSocialKind, socialTexts } from './social-texts.js';

const LIST = '/settings/channels';

export function AccountPage({ id }: { id: string }) {
  const t = useTexts(channelTexts);
  const loaded = useLoad(async () => {
    const [account, flows, departments] = await Promise.all([api.channels.get.query({ id }), api.channels.flows.query(), api.channels.departments.query()]);
    return { account, flows, departments };
  });
  return (
    <section className="ch-page">
      <a
        className="ch-back"
        href={LIST}
        onClick={(e) => {
          if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
          e.preventDefault();
          navigate(LIST);
        }}
      >
        <BackIcon size={16} /> {t.back}
      </a>
      <LoadGate loaded={loaded}>
        {({ account, flows, departments }) =>
          account.kind === 'webchat' ? (
            <WebchatPage account={account} flows={flows} reload={loaded.reload} />
          ) : (
            <Account account={account} flows={flows} departments={departments} reload={loaded.reload} />
          )
        }
      </LoadGate>
    </section>
  );
}

function Account({ account, flows, departments, reload }: { account: ChannelAccount; flows: FlowChoice[]; departments: DepartmentChoice[]; reload: () => Promise<void> }) {
  const t = useTexts(channelTexts);
  const st = useTexts(socialTexts);
  const social = isSocialKind(account.kind) ? account.kind : null;
  const toast = useToast();
  const [status, setStatus] = useState<StatusView>(account.status);
  const [editing, setEditing] = useState(false);
  const [pairing, setPairing] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [health, setHealth] = useState<ChannelHealth | null>(null);
  const [diagnosis, setDiagnosis] = useState<Diagnosis[] | null>(null);
  // Health and diagnosis depend on the state, not on each new QR of the same state.
  const lastState = useRef(account.status.state);
  const closeEdit = useCallback(() => setEditing(false), []);
  const closePairing = useCallback(() => setPairing(false), []);

  const refresh = useCallback(async () => {
    try {
      const [h, d] = await Promise.all([api.channels.health.query({ id: account.id }), api.channels.diagnose.query({ id: account.id })]);
      setHealth(h);
      setDiagnosis(d);
      setStatus(h.status);
      lastState.current = h.status.state;
    } catch {
      // The panels keep their last figures; the status stream says when the server is gone.
    }
  }, [account.id]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), 30_000);
    return () => clearInterval(timer);
  }, [refresh]);

  const live = useChannelEvents(
    (n) => {
      setStatus(n.status);
      if (n.status.state !== lastState.current) void refresh();
      lastState.current = n.status.state;
    },
    { id: account.id, onReady: () => void refresh() },
  );

  const now = useNow(status.state === 'reconnecting');

  const run = async (what: string, action: () => Promise<unknown>, done?: string) => {
    setBusy(what);
    try {
      await action();
      if (done) toast.show('success', done);
    } catch (e) {
      toast.show('error', errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  const connect = () => run('connect', () => api.channels.connect.mutate({ id: account.id }));
  const disconnect = () => run('disconnect', () => api.channels.disconnect.mutate({ id: account.id }), t.done.disconnected);
  const ask = (title: string, message: string, confirm: string, danger = true) =>
    confirmDialog({ title: fmt(title, { name: account.name }), message, confirm, cancel: t.confirm.cancel, danger });
  const clearSession = async () => {
    if (!(await ask(t.confirm.clearTitle, t.confirm.clearMessage, t.confirm.clear))) return;
    await run('clear', () => api.channels.clearSession.mutate({ id: account.id }), t.done.cleared);
  };
  const changeNumber = async () => {
    if (!(await ask(t.confirm.changeTitle, t.confirm.changeMessage, t.confirm.change))) return;
    await run('change', async () => {
      await api.channels.clearSession.mutate({ id: account.id });
      await api.channels.connect.mutate({ id: account.id });
    });
  };
  const remove = async () => {
    if (!(await ask(t.confirm.deleteTitle, social ? st.deleteMessage : t.confirm.deleteMessage, t.confirm.delete))) return;
    setBusy('delete');
    try {
      await api.channels.remove.mutate({ id: account.id });
      toast.show('success', fmt(social ? st.deleted : t.done.deleted, { name: account.name }));
      navigate(LIST);
    } catch (e) {
      toast.show('error', errorMessage(e));
      setBusy(null);
    }
  };

  const s = status.state;
  // Meta's accounts have no QR or socket: "connected" is Meta accepting the token.
  const cloud = account.kind === 'cloud-api' || social !== null;
  const test = () => run('connect', () => api.channels.connect.mutate({ id: account.id }));
  const expired = !cloud && qrExpired(status);
  const connecting = s === 'qr' || s === 'pairing_code' || s === 'connecting' || s === 'reconnecting';
  const primary = cloud ? (
    <Button variant="primary" icon={<PlugIcon size={16} />} loading={busy === 'connect' || s === 'connecting'} onClick={() => void test()}>
      {s === 'connecting' ? t.cloud.testing : t.cloud.test}
    </Button>
  ) : expired ? (
    <Button variant="primary" icon={<RefreshIcon size={16} />} loading={busy === 'connect'} onClick={() => void connect()}>
      {t.qr.regenerate}
    </Button>
  ) : s === 'open' || connecting ? (
    <Button variant="secondary" loading={busy === 'disconnect'} onClick={() => void disconnect()}>
      {t.actions.disconnect}
    </Button>
  ) : (
    <Button variant="primary" icon={<PlugIcon size={16} />} loading={busy === 'connect'} onClick={() => void connect()}>
      {s === 'stopped' || s === 'logged_out' ? t.actions.connect : t.actions.reconnect}
    </Button>
  );

  return (
    <>
      <header className="st-head">
        <div>
          <h2>{account.name}</h2>
          <p className="muted">{answeringText(account, t)}</p>
        </div>
        <div className="st-head__actions">
          <Button variant="secondary" icon={<EditIcon size={16} />} onClick={() => setEditing(true)}>
            {t.actions.edit}
          </Button>
          <Menu
            label={fmt(t.actions.more, { name: account.name })}
            items={
              cloud
                ? // No "disconnect": Meta keeps delivering to the webhook, and what it delivers is kept. Deleting stops it.
                  [{ label: t.actions.delete, icon: <TrashIcon size={16} />, danger: true, onSelect: () => void remove() }]
                : [
                    { label: t.actions.reconnect, icon: <RefreshIcon size={16} />, onSelect: () => void connect(), disabled: s === 'open' },
                    { label: t.actions.clearSession, onSelect: () => void clearSession() },
                    { label: t.actions.changeNumber, onSelect: () => void changeNumber() },
                    { label: t.actions.delete, icon: <TrashIcon size={16} />, danger: true, onSelect: () => void remove() },
                  ]
            }
          />
        </div>
      </header>
      {live === 'lost' ? (
        <div className="st-banner" role="status">
          <span>{t.live.lost}</span>
        </div>
      ) : null}
      <div className="ch-grid">
        <div className="st-card ch-status" aria-live="polite" data-tone={toneOf(s)}>
          <h3>
            <StatusChip status={status} now={now} />
          </h3>
          <p className="ch-reason">{reason(status, t, account.kind, social ? st.states : undefined)}</p>
          {cloud ? null : s === 'qr' && status.qr && !expired ? (
            <div className="ch-qrbox">
              <QrCode text={status.qr} label={t.qr.label} />
              <p className="muted">
                {status.qrAttempt !== undefined
                  ? status.qrLimit !== undefined
                    ? fmt(t.qr.attempt, { n: status.qrAttempt, limit: status.qrLimit })
                    : fmt(t.qr.attemptOnly, { n: status.qrAttempt })
                  : null}
              </p>
            </div>
          ) : s === 'connecting' || (s === 'qr' && !status.qr) ? (
            <div className="ch-qrbox ch-qrbox--wait">
              <Spinner size={22} label={t.qr.waiting} />
              <span className="muted">{t.qr.waiting}</span>
            </div>
          ) : null}
          {expired ? <p className="ch-expired">{t.qr.expired}</p> : null}
          {s === 'pairing_code' && status.pairingCode ? (
            <div className="ch-pairing">
              <span className="st-label">{t.pairing.codeLabel}</span>
              <output className="ch-pairing__code" aria-label={t.pairing.codeLabel}>
                {formatPairingCode(status.pairingCode)}
              </output>
            </div>
          ) : null}
          <div className="ch-actions">
            {primary}
            {!cloud && s !== 'open' && s !== 'pairing_code' ? (
              <Button variant="ghost" onClick={() => setPairing(true)}>
                {t.pairing.open}
              </Button>
            ) : null}
          </div>
        </div>
        {account.kind === 'cloud-api' ? <WebhookPanel account={account} title={t.cloud.webhookTitle} lead={t.cloud.webhookLead} /> : null}
        {social ? <SocialWebhookPanel account={account} kind={social} /> : null}
        <HealthPanel health={health} status={status} />
        <DiagnosisPanel diagnosis={diagnosis} />
      </div>
      {editing && social ? (
        <SocialDialog
          account={account}
          kind={social}
          flows={flows}
          departments={departments}
          onClose={closeEdit}
          onSaved={async () => {
            await reload();
            await refresh();
          }}
        />
      ) : editing ? (
        <AccountDialog
          account={account}
          flows={flows}
          departments={departments}
          onClose={closeEdit}
          onSaved={async () => {
            await reload();
            await refresh();
          }}
        />
      ) : null}
      {pairing ? <PairingDialog accountId={account.id} onClose={closePairing} /> : null}
      {busy === 'delete' ? <span className="st-sr">…</span> : null}
    </>
  );
}

function When({ iso }: { iso: string | null }) {
  const t = useTexts(channelTexts);
  const locale = useLocale();
  if (!iso) return <span className="muted">{t.health.never}</span>;
  return <time dateTime={iso} title={new Date(iso).toLocaleString(locale)}>{timeAgo(iso, locale)}</time>;
}

function HealthPanel({ health, status }: { health: ChannelHealth | null; status: StatusView }) {
  const t = useTexts(channelTexts);
  const now = useNow(status.state === 'reconnecting');
  return (
    <div className="st-card ch-health">
      <h3>{t.health.title}</h3>
      {health ? (
        <dl className="ch-figures">
          <div>
            <dt>{t.health.state}</dt>
            <dd>
              {headline(status, t, now)}{' '}
              <span className="muted">
                · {t.health.since} <When iso={status.since} />
              </span>
            </dd>
          </div>
          <div>
            <dt>{t.health.lastIn}</dt>
            <dd>
              <When iso={health.lastInboundAt} />
            </dd>
          </div>
          <div>
            <dt>{t.health.lastOut}</dt>
            <dd>
              <When iso={health.lastOutboundAt} />
            </dd>
          </div>
          <div>
            <dt>{t.health.queue}</dt>
            <dd data-figure="queue">{health.queueLength}</dd>
          </div>
          <div>
            <dt>{t.health.inToday}</dt>
            <dd data-figure="in">{health.inToday}</dd>
          </div>
          <div>
            <dt>{t.health.outToday}</dt>
            <dd data-figure="out">{health.outToday}</dd>
          </div>
          <div>
            <dt>{t.health.reconnects}</dt>
            <dd data-figure="reconnects">{health.reconnectsToday}</dd>
          </div>
        </dl>
      ) : (
        <Spinner size={18} label="…" />
      )}
    </div>
  );
}

function diagnosisText(d: Diagnosis, t: ChannelTexts, locale: 'pt-BR' | 'en'): string {
  switch (d.code) {
    case 'no_flow':
      return t.diagnosis.no_flow;
    case 'flow_missing':
      return t.diagnosis.flow_missing;
    case 'not_published':
      return fmt(t.diagnosis.not_published, { flow: d.flowName });
    case 'bot_off':
      return d.departmentName ? fmt(t.diagnosis.bot_off, { department: d.departmentName }) : t.diagnosis.bot_offUnknown;
    case 'outside_hours':
      return d.nextOpening
        ? fmt(t.diagnosis.outside_hours, { department: d.departmentName, next: new Date(d.nextOpening).toLocaleString(locale, { weekday: 'long', hour: '2-digit', minute: '2-digit' }) })
        : fmt(t.diagnosis.outside_hoursNoNext, { department: d.departmentName });
    case 'disconnected':
      return fmt(t.diagnosis.disconnected, { state: t.states[d.state].toLocaleLowerCase(locale), since: new Date(d.since).toLocaleString(locale) });
  }
}

function DiagnosisPanel({ diagnosis }: { diagnosis: Diagnosis[] | null }) {
  const t = useTexts(channelTexts);
  const locale = useLocale();
  return (
    <div className="st-card ch-diagnosis">
      <h3>{t.diagnosis.title}</h3>
      {diagnosis === null ? (
        <Spinner size={18} label="…" />
      ) : diagnosis.length === 0 ? (
        <p className="ch-ok">{t.diagnosis.ok}</p>
      ) : (
        <ul className="ch-reasons" aria-label={t.diagnosis.title}>
          {diagnosis.map((d) => (
            <li key={d.code} data-code={d.code}>
              {diagnosisText(d, t, locale)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
