// One site chat: the code to paste in the site, the shareable link and its QR code, the sites
// that may embed it, and editing or deleting it.
import { useCallback, useState } from 'react';
import { Button, Menu, TrashIcon } from '../../../ui/index.js';
import { api, errorMessage } from '../../api.js';
import { confirmDialog } from '../../dialog.js';
import { fmt, useTexts } from '../../i18n.js';
import { navigate } from '../../router.js';
import { useToast } from '../../toasts.js';
import { EditIcon } from '../icons.js';
import { QrCode } from './QrCode.js';
import { answeringText } from './status.js';
import { channelTexts } from './texts.js';
import type { ChannelAccount, FlowChoice } from './types.js';
import { WebchatDialog, type WebchatSettingsView } from './WebchatDialog.js';
import { webchatTexts } from './webchat-texts.js';

const LIST = '/settings/channels';

export const snippetFor = (origin: string, publicId: string) => `<script src="${origin}/widget.js" data-ozia="${publicId}" async></script>`;
export const linkFor = (origin: string, publicId: string) => `${origin}/c/${publicId}`;

function CopyBox({ label, help, value, multiline }: { label: string; help: string; value: string; multiline?: boolean }) {
  const t = useTexts(webchatTexts);
  const toast = useToast();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      toast.show('success', t.page.copied);
    } catch {
      toast.show('error', value);
    }
  };
  return (
    <div className="wc-copy">
      <h3>{label}</h3>
      <p className="muted">{help}</p>
      <div className="wc-copy__row">
        {multiline ? (
          <textarea className="wc-code" readOnly value={value} aria-label={label} rows={2} onFocus={(e) => e.currentTarget.select()} />
        ) : (
          <input className="wc-code" readOnly value={value} aria-label={label} onFocus={(e) => e.currentTarget.select()} />
        )}
        <Button variant="secondary" onClick={() => void copy()}>
          {t.page.copy}
        </Button>
      </div>
    </div>
  );
}

export function WebchatPage({ account, flows, reload }: { account: ChannelAccount; flows: FlowChoice[]; reload: () => Promise<void> }) {
  const t = useTexts(webchatTexts);
  const ch = useTexts(channelTexts);
  const toast = useToast();
  const [editing, setEditing] = useState(false);
  const closeEdit = useCallback(() => setEditing(false), []);
  const s = account.settings as unknown as WebchatSettingsView;
  const origin = window.location.origin;
  const link = linkFor(origin, s.publicId);

  const remove = async () => {
    const ok = await confirmDialog({
      title: fmt(ch.confirm.deleteTitle, { name: account.name }),
      message: t.page.deleteMessage,
      confirm: ch.confirm.delete,
      cancel: ch.confirm.cancel,
      danger: true,
    });
    if (!ok) return;
    try {
      await api.channels.remove.mutate({ id: account.id });
      toast.show('success', fmt(t.page.deleted, { name: account.name }));
      navigate(LIST);
    } catch (e) {
      toast.show('error', errorMessage(e));
    }
  };

  return (
    <>
      <header className="st-head">
        <div>
          <h2>{account.name}</h2>
          <p className="muted">
            {t.page.kind} · {answeringText(account, ch)}
          </p>
        </div>
        <div className="st-head__actions">
          <Button variant="secondary" icon={<EditIcon size={16} />} onClick={() => setEditing(true)}>
            {ch.actions.edit}
          </Button>
          <Menu label={fmt(ch.actions.more, { name: account.name })} items={[{ label: t.page.delete, icon: <TrashIcon size={16} />, danger: true, onSelect: () => void remove() }]} />
        </div>
      </header>
      <div className="wc-grid">
        <div className="st-card">
          <CopyBox label={t.page.snippet} help={t.page.snippetHelp} value={snippetFor(origin, s.publicId)} multiline />
          <CopyBox label={t.page.link} help={t.page.linkHelp} value={link} />
          <p>
            <a href={link} target="_blank" rel="noopener noreferrer">
              {t.page.open} ↗
            </a>
          </p>
          <h3>{t.page.origins}</h3>
          {s.allowedOrigins.length ? (
            <ul className="wc-origins" aria-label={t.page.origins}>
              {s.allowedOrigins.map((o) => (
                <li key={o}>
                  <code>{o}</code>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t.page.noOrigins}</p>
          )}
        </div>
        <div className="st-card wc-qr">
          <h3>{t.page.qr}</h3>
          <QrCode text={link} label={fmt('{label}: {link}', { label: t.page.qr, link })} />
        </div>
      </div>
      {editing ? <WebchatDialog account={account} flows={flows} onClose={closeEdit} onSaved={() => reload()} /> : null}
    </>
  );
}
