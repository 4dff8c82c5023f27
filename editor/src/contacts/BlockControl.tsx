// Blocking a contact, from the contact page and the Inbox's contact panel: a confirmation says
// what it does (messages kept, nothing automated answers), then the state shows as a chip.
import { useState } from 'react';
import { Button } from '../../ui/index.js';
import { api, errorMessage } from '../api.js';
import { confirmDialog } from '../dialog.js';
import { fmt, useTexts, type Dictionary } from '../i18n.js';
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

/** The block / unblock button with its confirmation; `onChanged` reloads the owner. */
export function BlockControl({ contactId, name, block, onChanged }: { contactId: string; name: string; block: BlockState | null; onChanged: () => void }) {
  const t = useTexts(texts);
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    const ok = await confirmDialog({
      title: fmt(block ? t.unblockTitle : t.blockTitle, { name }),
      message: block ? t.unblockText : t.blockText,
      confirm: block ? t.unblock : t.block,
      cancel: t.cancel,
      danger: !block,
    });
    if (!ok) return;
    setBusy(true);
    try {
      if (block) await api.contacts.unblock.mutate({ id: contactId });
      else await api.contacts.block.mutate({ id: contactId });
      toast.show('success', block ? t.doneUnblock : t.doneBlock);
      onChanged();
    } catch (e) {
      toast.show('error', errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button variant={block ? 'secondary' : 'danger'} disabled={busy} onClick={() => void run()}>
      {block ? t.unblock : t.block}
    </Button>
  );
}
