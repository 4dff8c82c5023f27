// Settings → Modelos de mensagem (supervisors): a WhatsApp official API account's templates at
// Meta with their review status (a rejection's reason shown), category, language and variables;
// "Sincronizar" reads them from Meta again, "Novo modelo" submits one for review, and deleting
// asks first (Meta deletes every language of the name).
import { useCallback, useEffect, useState } from 'react';
import { Button, Field, Menu, PlusIcon, Select, TrashIcon } from '../../../ui/index.js';
import { api, errorMessage } from '../../api.js';
import { confirmDialog } from '../../dialog.js';
import { fmt, useLocale, useTexts } from '../../i18n.js';
import { navigate } from '../../router.js';
import { useToast } from '../../toasts.js';
import { ChannelIcon } from '../channels/icons.js';
import { MessageBankIcon } from '../icons.js';
import { EmptyState, LoadGate, SectionHeader } from '../parts.js';
import { useLoad } from '../useLoad.js';
import { TemplateDialog } from './TemplateDialog.js';
import { templateTexts } from './texts.js';
import { componentText, WhatsAppPreview } from './WhatsAppPreview.js';
import type { MessageTemplate } from './types.js';

const STATUS_TONE: Record<string, string> = { APPROVED: 'ok', PENDING: 'wait', REJECTED: 'bad', PAUSED: 'wait', DISABLED: 'bad' };

export function MessageTemplatesSection() {
  const t = useTexts(templateTexts);
  const accounts = useLoad(() => api.messageTemplates.accounts.query());
  return (
    <section>
      <LoadGate loaded={accounts}>
        {(list) =>
          list.length === 0 ? (
            <>
              <SectionHeader title={t.title} subtitle={t.subtitle} />
              <EmptyState
                icon={<ChannelIcon size={28} />}
                title={t.noAccount}
                text={t.noAccountHint}
                action={
                  <Button variant="primary" onClick={() => navigate('/settings/channels')}>
                    {t.toChannels}
                  </Button>
                }
              />
            </>
          ) : (
            <AccountTemplates accounts={list} />
          )
        }
      </LoadGate>
    </section>
  );
}

function AccountTemplates({ accounts }: { accounts: { id: string; name: string }[] }) {
  const t = useTexts(templateTexts);
  const locale = useLocale();
  const toast = useToast();
  const [accountId, setAccountId] = useState(accounts[0].id);
  const loaded = useLoad(() => api.messageTemplates.list.query({ accountId }));
  const [syncing, setSyncing] = useState(false);
  const [creating, setCreating] = useState(false);
  const close = useCallback(() => setCreating(false), []);
  const { reload } = loaded;
  useEffect(() => {
    void reload();
  }, [accountId, reload]);

  const sync = async () => {
    setSyncing(true);
    try {
      await api.messageTemplates.sync.mutate({ accountId });
      toast.show('success', t.synced);
      await reload();
    } catch (e) {
      toast.show('error', errorMessage(e));
    } finally {
      setSyncing(false);
    }
  };

  const remove = async (tpl: MessageTemplate) => {
    const ok = await confirmDialog({ title: fmt(t.deleteTitle, { name: tpl.name }), message: t.deleteText, confirm: t.delete, cancel: t.cancel, danger: true });
    if (!ok) return;
    try {
      await api.messageTemplates.remove.mutate({ accountId, name: tpl.name });
      toast.show('success', fmt(t.deleted, { name: tpl.name }));
      await reload();
    } catch (e) {
      toast.show('error', errorMessage(e));
    }
  };

  const when = (iso: string) => new Date(iso).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' });
  const actions = (
    <>
      <Button onClick={() => void sync()} loading={syncing} aria-label={syncing ? t.syncing : t.sync}>
        {syncing ? t.syncing : t.sync}
      </Button>
      <Button variant="primary" icon={<PlusIcon size={16} />} onClick={() => setCreating(true)}>
        {t.add}
      </Button>
    </>
  );

  return (
    <>
      <SectionHeader title={t.title} subtitle={t.subtitle} actions={actions} />
      {accounts.length > 1 ? (
        <Field label={t.account} className="mt-account">
          <Select value={accountId} onChange={setAccountId} options={accounts.map((a) => ({ value: a.id, label: a.name }))} />
        </Field>
      ) : (
        <p className="muted st-note">
          {t.account}: <strong>{accounts[0].name}</strong>
        </p>
      )}
      <LoadGate loaded={loaded}>
        {({ templates, syncedAt }) => (
          <>
            <p className="muted st-note mt-synced" data-testid="templates-synced">
              {syncedAt ? fmt(t.lastSync, { time: when(syncedAt) }) : t.neverSynced}
            </p>
            {templates.length === 0 ? (
              <EmptyState icon={<MessageBankIcon size={28} />} title={t.empty} text={t.emptyHint} />
            ) : (
              <ul className="st-list mt-list" aria-label={t.listLabel}>
                {templates.map((tpl) => (
                  <li key={tpl.id} className="st-item st-item--top mt-item" aria-label={tpl.name}>
                    <div className="st-item__main">
                      <div className="mt-item__head">
                        <strong className="mt-name">{tpl.name}</strong>
                        <span className={`mt-status mt-status--${STATUS_TONE[tpl.status] ?? 'wait'}`}>{t.status[tpl.status] ?? fmt(t.status.other, { status: tpl.status })}</span>
                        <span className="mt-tag">{t.category[tpl.category] ?? tpl.category}</span>
                        <span className="mt-tag">{tpl.language}</span>
                      </div>
                      {tpl.status === 'REJECTED' && tpl.rejectedReason ? <p className="mt-reason">{fmt(t.rejectedBecause, { reason: tpl.rejectedReason })}</p> : null}
                      <p className="muted mt-body">{componentText(tpl.components, 'BODY')}</p>
                      <p className="muted mt-vars">{tpl.variables.length ? fmt(t.variables, { list: tpl.variables.map((v) => `{{${v.name}}}`).join(', ') }) : t.noVariables}</p>
                    </div>
                    <div className="mt-item__preview" aria-hidden="true">
                      <WhatsAppPreview components={tpl.components} values={{}} compact />
                    </div>
                    <Menu label={fmt(t.actions, { name: tpl.name })} size="sm" items={[{ label: t.delete, icon: <TrashIcon size={16} />, danger: true, onSelect: () => void remove(tpl) }]} />
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </LoadGate>
      {creating ? <TemplateDialog accountId={accountId} onClose={close} onSaved={reload} /> : null}
    </>
  );
}
