// What the supervisor pastes at Meta for any Meta account (Cloud API, Messenger, Instagram): its
// callback URL and verify token, each with "Copiar", and what to do with them there.
import { useId, type ReactNode } from 'react';
import { Button } from '../../../ui/index.js';
import { useTexts } from '../../i18n.js';
import { useToast } from '../../toasts.js';
import { channelTexts } from './texts.js';

export function webhookUrlOf(accountId: string): string {
  return `${window.location.origin}/api/meta/webhook/${encodeURIComponent(accountId)}`;
}

export function WebhookPanel({ account, title, lead, children }: { account: { id: string; settings: unknown }; title: string; lead: string; children?: ReactNode }) {
  const t = useTexts(channelTexts);
  const toast = useToast();
  // The page and the edit dialog over it both show one: their labels must name their own fields.
  const uid = useId();
  const url = webhookUrlOf(account.id);
  const token = String((account.settings as { verifyToken?: string }).verifyToken ?? '');
  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      toast.show('success', t.cloud.copied);
    } catch {
      // No clipboard (plain HTTP): the field is selectable.
    }
  };
  const row = (label: string, value: string, name: string) => (
    <div className="ch-copy">
      <label className="st-label" htmlFor={`ch-${name}-${uid}`}>
        {label}
      </label>
      <div className="ch-copy__row">
        <input id={`ch-${name}-${uid}`} className="ui-input" readOnly value={value} onFocus={(e) => e.currentTarget.select()} data-copy={name} />
        <Button variant="secondary" onClick={() => void copy(value)}>
          {t.cloud.copy}
        </Button>
      </div>
    </div>
  );
  return (
    <div className="st-card ch-webhook">
      <h3>{title}</h3>
      <p className="muted">{lead}</p>
      {row(t.cloud.webhookUrl, url, 'webhook-url')}
      {row(t.cloud.verifyToken, token, 'verify-token')}
      {children}
    </div>
  );
}
