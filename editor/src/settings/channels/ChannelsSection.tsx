// Settings → Canais: the WhatsApp numbers with their live status, and the way to add one.
// `/settings/channels/<id>` opens a number's own page.
import { useCallback, useState } from 'react';
import { Button, PlusIcon } from '../../../ui/index.js';
import { api } from '../../api.js';
import { fmt, useTexts } from '../../i18n.js';
import { match, navigate, usePath } from '../../router.js';
import { EmptyState, LoadGate, SectionHeader } from '../parts.js';
import { useLoad } from '../useLoad.js';
import { AccountDialog, type NumberKind } from './AccountDialog.js';
import { AccountPage } from './AccountPage.js';
import { WebchatDialog } from './WebchatDialog.js';
import { webchatTexts } from './webchat-texts.js';
import { SocialDialog } from './SocialDialog.js';
import { isSocialKind, socialTexts, type SocialKind } from './social-texts.js';
import { ChannelIcon } from './icons.js';
import { useChannelEvents, useNow } from './live.js';
import { answeringText } from './status.js';
import { StatusChip } from './StatusChip.js';
import { channelTexts } from './texts.js';
import type { ChannelListItem } from './types.js';
import './channels.css';

export function ChannelsSection() {
  const path = usePath();
  const id = match('/settings/channels/:id', path)?.id;
  return id ? <AccountPage key={id} id={id} /> : <ChannelList />;
}

export const accountPath = (id: string) => `/settings/channels/${encodeURIComponent(id)}`;

function ChannelList() {
  const t = useTexts(channelTexts);
  const wt = useTexts(webchatTexts);
  const st = useTexts(socialTexts);
  const loaded = useLoad(async () => {
    const [accounts, flows, departments] = await Promise.all([api.channels.list.query(), api.channels.flows.query(), api.channels.departments.query()]);
    return { accounts, flows, departments };
  });
  const [adding, setAdding] = useState<NumberKind | SocialKind | 'webchat' | null>(null);
  const close = useCallback(() => setAdding(null), []);
  const [statuses, setStatuses] = useState<Record<string, ChannelListItem['status']>>({});
  const { reload } = loaded;
  const live = useChannelEvents((n) => setStatuses((s) => ({ ...s, [n.channelId]: n.status })), {
    // What changed while the stream was down is in a fresh list.
    onReady: () => {
      setStatuses({});
      void reload();
    },
  });

  const add = (
    <span className="wc-adds">
      <Button variant="primary" icon={<PlusIcon size={16} />} onClick={() => setAdding('whatsapp')}>
        {t.add}
      </Button>
      <Button variant="secondary" icon={<PlusIcon size={16} />} onClick={() => setAdding('cloud-api')}>
        {t.cloud.add}
      </Button>
      <Button variant="secondary" icon={<PlusIcon size={16} />} onClick={() => setAdding('webchat')}>
        {wt.add}
      </Button>
      <Button variant="secondary" icon={<PlusIcon size={16} />} onClick={() => setAdding('messenger')}>
        {st.add.messenger}
      </Button>
      <Button variant="secondary" icon={<PlusIcon size={16} />} onClick={() => setAdding('instagram')}>
        {st.add.instagram}
      </Button>
    </span>
  );

  return (
    <section>
      <SectionHeader title={t.title} subtitle={t.subtitle} actions={loaded.data?.accounts.length === 0 ? undefined : add} />
      {live === 'lost' ? (
        <div className="st-banner" role="status">
          <span>{t.live.lost}</span>
        </div>
      ) : null}
      <LoadGate loaded={loaded}>
        {({ accounts, flows, departments }) => (
          <>
            {accounts.length === 0 ? (
              <EmptyState icon={<ChannelIcon size={28} />} title={t.empty} text={t.emptyHint} action={add} />
            ) : (
              <ul className="st-list" aria-label={t.listLabel}>
                {accounts.map((a) => (
                  <ChannelRow key={a.id} account={a} status={statuses[a.id] ?? a.status} />
                ))}
              </ul>
            )}
            {adding === 'webchat' ? <WebchatDialog account={null} flows={flows} onClose={close} onSaved={(saved) => navigate(accountPath(saved.id))} /> : null}
            {adding && isSocialKind(adding) ? (
              <SocialDialog account={null} kind={adding} flows={flows} departments={departments} onClose={close} onSaved={(saved) => navigate(accountPath(saved.id))} />
            ) : null}
            {adding === 'whatsapp' || adding === 'cloud-api' ? <AccountDialog account={null} kind={adding} flows={flows} departments={departments} onClose={close} onSaved={(saved) => navigate(accountPath(saved.id))} /> : null}
          </>
        )}
      </LoadGate>
    </section>
  );
}

function ChannelRow({ account: a, status }: { account: ChannelListItem; status: ChannelListItem['status'] }) {
  const t = useTexts(channelTexts);
  const wt = useTexts(webchatTexts);
  const st = useTexts(socialTexts);
  const now = useNow(status.state === 'reconnecting');
  const answering = answeringText(a, t);
  return (
    <li className="st-item ch-row">
      <span className="ch-row__icon" aria-hidden="true">
        <ChannelIcon size={20} />
      </span>
      <div className="st-item__main">
        <a
          className="st-linkish st-item__title"
          href={accountPath(a.id)}
          onClick={(e) => {
            if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
            e.preventDefault();
            navigate(accountPath(a.id));
          }}
        >
          {a.name}
        </a>
        <div className="st-item__meta">
          <span className="muted">{a.kind === 'webchat' ? `${wt.kind} · ${answering}` : isSocialKind(a.kind) ? `${st.kind[a.kind]} · ${answering}` : answering}</span>
          <span className="muted">{fmt(t.today, { inn: a.health.inToday, out: a.health.outToday })}</span>
        </div>
      </div>
      <StatusChip status={status} now={now} />
    </li>
  );
}
