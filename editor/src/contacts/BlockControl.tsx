// Blocking a contact, from the contact page and the Inbox's contact panel: a dialog says what it
// does (messages kept, nothing automated answers) and asks for an optional reason; then the state
// shows as a chip, and a note says who blocked, when and why.
import { useState } from 'react';
import { Button, Field, TextArea } from '../../ui/index.js';
import { api, errorMessage } from '../api.js';
import { confirmDialog, Modal } from '../dialog.js';
import { fmt, useLocale, useTexts, type Dictionary } from '../i18n.js';
import { formatDateTime } from './format.js';
import { useToast } from '../toasts.js';
import './block.css';

const pt = {
  block: 'Bloquear contato',
  unblock: 'Desbloquear',
  blocked: 'Bloqueado',
  blockedSince: 'Bloqueado por {who}',
  someone: 'alguém',
  blockTitle: 'Bloquear {name}?',
  blockText:
    'As mensagens deste contato continuam guardadas e aparecem no Inbox, mas o bot, as mensagens automáticas (saudação, fila, fora do horário, pesquisa de satisfação) não respondem mais. A equipe ainda pode escrever para ele.',
  unblockTitle: 'Desbloquear {name}?',
  unblockText: 'A próxima mensagem deste contato volta a ser respondida normalmente. As que chegaram durante o bloqueio não são respondidas.',
  reason: 'Motivo (opcional)',
  reasonPlaceholder: 'Ex.: mensagens ofensivas, spam',
  reasonHelp: 'Aparece para a equipe na página do contato e no Inbox.',
  reasonTooLong: 'No máximo {max} caracteres',
  note: 'Bloqueado por {who} em {when}',
  noteReason: 'Motivo: {reason}',
  cancel: 'Cancelar',
  doneBlock: 'Contato bloqueado',
  doneUnblock: 'Contato desbloqueado',
};
const texts: Dictionary<typeof pt> = {
  'pt-BR': pt,
  en: {
    block: 'Block contact',
    unblock: 'Unblock',
    blocked: 'Blocked',
    blockedSince: 'Blocked by {who}',
    someone: 'someone',
    blockTitle: 'Block {name}?',
    blockText:
      'Messages from this contact are still kept and shown in the Inbox, but the bot and the automatic messages (greeting, queue, out of hours, satisfaction survey) no longer answer them. The team can still write to them.',
    unblockTitle: 'Unblock {name}?',
    unblockText: 'The next message from this contact is answered as usual again. Those that arrived while blocked are not answered.',
    reason: 'Reason (optional)',
    reasonPlaceholder: 'E.g. offensive messages, spam',
    reasonHelp: 'Shown to the team on the contact page and in the Inbox.',
    reasonTooLong: 'At most {max} characters',
    note: 'Blocked by {who} on {when}',
    noteReason: 'Reason: {reason}',
    cancel: 'Cancel',
    doneBlock: 'Contact blocked',
    doneUnblock: 'Contact unblocked',
  },
};

export interface BlockState {
  at: string;
  byName: string | null;
  reason: string | null;
}

/** The "Bloqueado" chip; its title says who blocked and why. */
export function BlockedChip({ block }: { block: Pick<BlockState, 'byName' | 'reason'> }) {
  const t = useTexts(texts);
  const title = fmt(t.blockedSince, { who: block.byName ?? t.someone }) + (block.reason ? ` — ${block.reason}` : '');
  return (
    <span className="ct-blocked" title={title}>
      {t.blocked}
    </span>
  );
}

/** Who blocked the contact, when, and why: under the contact page's title and in the Inbox panel. */
export function BlockNote({ block }: { block: BlockState }) {
  const t = useTexts(texts);
  const locale = useLocale();
  return (
    <p className="ct-block-note">
      {fmt(t.note, { who: block.byName ?? t.someone, when: formatDateTime(block.at, locale) })}
      {block.reason ? (
        <>
          <br />
          {fmt(t.noteReason, { reason: block.reason })}
        </>
      ) : null}
    </p>
  );
}

const REASON_MAX = 500;

/** The block / unblock button: blocking asks in a dialog with the optional reason, unblocking confirms; `onChanged` reloads the owner. */
export function BlockControl({ contactId, name, block, onChanged }: { contactId: string; name: string; block: BlockState | null; onChanged: () => void }) {
  const t = useTexts(texts);
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const tooLong = reason.trim().length > REASON_MAX;

  const change = async (act: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await act();
      toast.show('success', done);
      setAsking(false);
      onChanged();
    } catch (e) {
      toast.show('error', errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const unblock = async () => {
    const ok = await confirmDialog({ title: fmt(t.unblockTitle, { name }), message: t.unblockText, confirm: t.unblock, cancel: t.cancel });
    if (ok) await change(() => api.contacts.unblock.mutate({ id: contactId }), t.doneUnblock);
  };
  const confirmBlock = () => {
    if (tooLong || busy) return;
    const why = reason.trim();
    void change(() => api.contacts.block.mutate({ id: contactId, ...(why ? { reason: why } : {}) }), t.doneBlock);
  };
  return (
    <>
      <Button
        variant={block ? 'secondary' : 'danger'}
        disabled={busy}
        onClick={() => {
          if (block) void unblock();
          else {
            setReason('');
            setAsking(true);
          }
        }}
      >
        {block ? t.unblock : t.block}
      </Button>
      {asking ? (
        <Modal
          title={fmt(t.blockTitle, { name })}
          onClose={() => !busy && setAsking(false)}
          footer={
            <>
              <button className="ghost" onClick={() => setAsking(false)} disabled={busy}>
                {t.cancel}
              </button>
              <button className="danger" onClick={confirmBlock} disabled={busy || tooLong}>
                {t.block}
              </button>
            </>
          }
        >
          <p>{t.blockText}</p>
          <Field label={t.reason} help={t.reasonHelp} error={tooLong ? fmt(t.reasonTooLong, { max: REASON_MAX }) : undefined}>
            <TextArea
              value={reason}
              onChange={setReason}
              placeholder={t.reasonPlaceholder}
              minRows={2}
              maxRows={6}
              onKeyDown={(e) => {
                // Ctrl/⌘+Enter blocks, as the other dialogs' text boxes send.
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                  e.preventDefault();
                  confirmBlock();
                }
              }}
            />
          </Field>
        </Modal>
      ) : null}
    </>
  );
}
