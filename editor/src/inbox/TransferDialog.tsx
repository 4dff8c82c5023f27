// Transfer a conversation to a department (back to its queue) or to an agent, with an optional
// note for the team; the contact is told by default.
import { useMemo, useState } from 'react';
import { Field, Select, TextArea } from '../../ui/index.js';
import { api } from '../api.js';
import { useTexts } from '../i18n.js';
import { ActionDialog } from './ActionDialog.js';
import { useInboxRefs } from './refs.js';
import { inboxTexts } from './texts.js';
import type { Conversation } from './types.js';

export function TransferDialog({ conv, onClose, onDone }: { conv: Conversation; onClose(): void; onDone(): void }) {
  const t = useTexts(inboxTexts);
  const { departments, people, user } = useInboxRefs();
  const [departmentId, setDepartmentId] = useState('');
  const [agentId, setAgentId] = useState('');
  const [note, setNote] = useState('');
  const [notify, setNotify] = useState(true);
  const dept = departments.find((d) => d.id === (departmentId || conv.departmentId));
  const agents = useMemo(
    () => people.filter((p) => p.id !== (conv.agentId ?? '') && (!dept || dept.memberIds.includes(p.id) || p.departmentIds.includes(dept.id))),
    [people, dept, conv.agentId],
  );
  const pickedAgentOk = !agentId || agents.some((a) => a.id === agentId);
  const sameQueue = !agentId && departmentId === conv.departmentId && conv.stage === 'waiting';
  const ready = (!!departmentId || !!agentId) && pickedAgentOk && !sameQueue;

  return (
    <ActionDialog
      title={t.transferTitle}
      confirmLabel={t.transferConfirm}
      ready={ready}
      onClose={onClose}
      onDone={onDone}
      action={async () => {
        await api.inbox.transfer.mutate({
          id: conv.id,
          ...(departmentId ? { departmentId } : {}),
          ...(agentId ? { agentId } : {}),
          ...(note.trim() ? { note: note.trim() } : {}),
          notifyContact: notify,
        });
      }}
    >
      <Field label={t.transferTo}>
        <Select
          value={departmentId}
          onChange={(v) => {
            setDepartmentId(v);
            setAgentId('');
          }}
          options={[{ value: '', label: t.transferSameDept }, ...departments.map((d) => ({ value: d.id, label: d.id === conv.departmentId ? `${d.name} ✓` : d.name }))]}
        />
      </Field>
      <Field label={t.transferAgent}>
        <Select
          value={agentId}
          onChange={setAgentId}
          options={[
            { value: '', label: t.transferAgentAny },
            ...agents.map((p) => ({ value: p.id, label: `${p.name}${p.id === user.id ? ' ★' : ''} · ${t.statuses[p.status]} (${p.load}/${p.capacity})` })),
          ]}
        />
      </Field>
      <Field label={t.transferNote} hint={t.transferNoteHint}>
        <TextArea value={note} onChange={setNote} minRows={2} maxRows={6} maxLength={1000} />
      </Field>
      <label className="ib-check">
        <input type="checkbox" checked={notify} onChange={(e) => setNotify(e.target.checked)} />
        <span>{t.notifyContact}</span>
      </label>
    </ActionDialog>
  );
}
