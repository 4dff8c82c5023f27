// For supervisors: the agent serving this conversation is away or offline (presence follows
// their browser), so the contact may be waiting on nobody. One action moves every conversation
// that agent serves back to the queues, where round-robin gives them to someone online.
import { useState } from 'react';
import { Button } from '../../ui/index.js';
import { api } from '../api.js';
import { fmt, useTexts } from '../i18n.js';
import { useToast } from '../toasts.js';
import { ActionDialog } from './ActionDialog.js';
import { useInboxRefs } from './refs.js';
import { inboxTexts } from './texts.js';
import type { Conversation } from './types.js';

export function AbsentAgentBanner({ conv, onMoved }: { conv: Conversation; onMoved(): void }) {
  const t = useTexts(inboxTexts);
  const toast = useToast();
  const { user, person, reloadPeople } = useInboxRefs();
  const [asking, setAsking] = useState(false);
  const agent = person(conv.agentId);
  if (user.role !== 'supervisor' || conv.stage !== 'in_service' || !agent || agent.status === 'online') return null;
  const n = Math.max(agent.load, 1);
  return (
    <div className="ib-banner ib-banner--warn" role="status">
      {fmt(t.agentAbsent[agent.status], { name: agent.name, n })}{' '}
      <Button size="sm" variant="secondary" onClick={() => setAsking(true)}>
        {t.returnToQueue}
      </Button>
      {asking ? (
        <ActionDialog
          title={fmt(t.returnToQueueTitle, { name: agent.name })}
          confirmLabel={t.returnToQueue}
          onClose={() => setAsking(false)}
          action={() => api.inbox.returnToQueue.mutate({ agentId: agent.id })}
          onDone={(r) => {
            setAsking(false);
            toast.show('success', fmt(t.returnedToQueue, { n: r.moved }));
            void reloadPeople().catch(() => undefined);
            onMoved();
          }}
        >
          <p>{fmt(t.returnToQueueText, { name: agent.name, n })}</p>
        </ActionDialog>
      ) : null}
    </div>
  );
}
