// Hand a conversation back to a published flow, at its start or at a chosen group.
import { useEffect, useState } from 'react';
import { Field, Select, Spinner } from '../../ui/index.js';
import { api, errorMessage } from '../api.js';
import { useTexts } from '../i18n.js';
import { ActionDialog } from './ActionDialog.js';
import { inboxTexts } from './texts.js';
import type { Conversation, HandBackFlow } from './types.js';

export function HandBackDialog({ conv, onClose, onDone }: { conv: Conversation; onClose(): void; onDone(): void }) {
  const t = useTexts(inboxTexts);
  const [flows, setFlows] = useState<HandBackFlow[] | null>(null);
  const [flowId, setFlowId] = useState('');
  const [groupId, setGroupId] = useState('');
  const [error, setError] = useState('');
  useEffect(() => {
    api.inbox.flows.query().then(
      (f) => {
        setFlows(f);
        if (f.length) setFlowId(f[0].id);
      },
      (e) => setError(errorMessage(e)),
    );
  }, []);
  const flow = flows?.find((f) => f.id === flowId);
  return (
    <ActionDialog
      title={t.handBackTitle}
      confirmLabel={t.handBackConfirm}
      ready={!!flowId}
      onClose={onClose}
      onDone={onDone}
      action={async () => {
        await api.inbox.handBack.mutate({ id: conv.id, flowId, ...(groupId ? { groupId } : {}) });
      }}
    >
      <p className="muted">{t.handBackText}</p>
      {!flows && !error ? (
        <Spinner size={20} label={t.loading} />
      ) : flows && !flows.length ? (
        <p>{t.noFlows}</p>
      ) : flows ? (
        <>
          <Field label={t.flow}>
            <Select
              value={flowId}
              onChange={(v) => {
                setFlowId(v);
                setGroupId('');
              }}
              options={flows.map((f) => ({ value: f.id, label: f.name }))}
            />
          </Field>
          <Field label={t.group}>
            <Select value={groupId} onChange={setGroupId} options={[{ value: '', label: t.groupStart }, ...(flow?.groups ?? []).map((g) => ({ value: g.id, label: g.title || g.id }))]} />
          </Field>
        </>
      ) : null}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </ActionDialog>
  );
}
