// LGPD on the contact page: "Relatório de dados" (everything held about the person, as a page
// to read or print to PDF, or a JSON download) and "Excluir contato" (erasure, supervisors only:
// it cannot be undone and reaches conversations of every department). The confirmation says what
// goes and asks for the contact's name or EXCLUIR typed out.
import { useEffect, useState } from 'react';
import { Button, Field, TextInput } from '../../ui/index.js';
import { api, errorMessage } from '../api.js';
import { Modal } from '../dialog.js';
import { fmt, useTexts, type Dictionary } from '../i18n.js';
import { navigate } from '../router.js';
import { useToast } from '../toasts.js';
import { listAddress } from './query.js';

const ERASE_WORD = 'EXCLUIR';

const pt = {
  report: 'Relatório de dados',
  reportOpen: 'Abrir relatório',
  reportJson: 'Baixar JSON',
  reportHelp: 'Tudo o que guardamos sobre a pessoa (LGPD): abra para ler ou imprimir em PDF.',
  erase: 'Excluir contato',
  eraseOnly: 'Somente supervisores podem excluir contatos.',
  title: 'Excluir {name} para sempre?',
  counting: 'Contando o que será apagado…',
  what: 'Serão apagados: {conversations}, {messages} e {files}, além das variáveis coletadas pelos fluxos, etiquetas, campos, observações e identidades nos canais.',
  conversations: ['{n} conversa', '{n} conversas'],
  messages: ['{n} mensagem', '{n} mensagens'],
  files: ['{n} arquivo', '{n} arquivos'],
  keep: 'Os relatórios guardam apenas contagens anônimas (departamento, atendente, horários e nota de satisfação). Não é possível desfazer.',
  typeLabel: 'Para confirmar, digite o nome do contato ({name}) ou {word}',
  typeNoName: 'Para confirmar, digite {word}',
  cancel: 'Cancelar',
  confirm: 'Excluir definitivamente',
  done: 'Contato excluído',
};
const texts: Dictionary<typeof pt> = {
  'pt-BR': pt,
  en: {
    report: 'Data report',
    reportOpen: 'Open report',
    reportJson: 'Download JSON',
    reportHelp: 'Everything held about this person (LGPD): open it to read or print to PDF.',
    erase: 'Delete contact',
    eraseOnly: 'Only supervisors can delete contacts.',
    title: 'Delete {name} for good?',
    counting: 'Counting what will be deleted…',
    what: 'This deletes {conversations}, {messages} and {files}, plus the variables flows collected, tags, fields, notes and channel identities.',
    conversations: ['{n} conversation', '{n} conversations'],
    messages: ['{n} message', '{n} messages'],
    files: ['{n} file', '{n} files'],
    keep: 'Reports keep anonymous counts only (department, agent, times and satisfaction score). This cannot be undone.',
    typeLabel: 'To confirm, type the contact name ({name}) or {word}',
    typeNoName: 'To confirm, type {word}',
    cancel: 'Cancel',
    confirm: 'Delete for good',
    done: 'Contact deleted',
  },
};

const count = (forms: readonly [string, string] | readonly string[], n: number) => fmt(n === 1 ? forms[0] : forms[1], { n });

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase().replace(/\s+/g, ' ');

/** The same check the server makes: the name (accents, case and spaces aside) or EXCLUIR. */
export function confirmsErasure(typed: string, name: string | null): boolean {
  const t = fold(typed);
  return t === fold(ERASE_WORD) || (!!name?.trim() && t === fold(name));
}

export function PrivacyControls({ contactId, name, label, supervisor }: { contactId: string; name: string | null; label: string; supervisor: boolean }) {
  const t = useTexts(texts);
  const [erasing, setErasing] = useState(false);
  const base = `/api/contacts/${encodeURIComponent(contactId)}/report`;
  return (
    <div className="ct-privacy">
      <div className="ct-privacy-row" role="group" aria-label={t.report}>
        <span className="ct-privacy-label" title={t.reportHelp}>
          {t.report}:
        </span>
        <a className="ui-button ui-button--secondary ui-button--md" href={`${base}.html`} target="_blank" rel="noopener">
          {t.reportOpen}
        </a>
        <a className="ui-button ui-button--ghost ui-button--md" href={`${base}.json`} download>
          {t.reportJson}
        </a>
      </div>
      {supervisor ? (
        <Button variant="danger" onClick={() => setErasing(true)}>
          {t.erase}
        </Button>
      ) : (
        <p className="muted ct-privacy-note">{t.eraseOnly}</p>
      )}
      {erasing && <EraseDialog contactId={contactId} name={name} label={label} onClose={() => setErasing(false)} />}
    </div>
  );
}

function EraseDialog({ contactId, name, label, onClose }: { contactId: string; name: string | null; label: string; onClose: () => void }) {
  const t = useTexts(texts);
  const toast = useToast();
  const [counts, setCounts] = useState<{ conversations: number; messages: number; files: number } | null>(null);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let live = true;
    api.contacts.erasurePreview.query({ id: contactId }).then(
      (p) => live && setCounts(p),
      (e) => {
        toast.show('error', errorMessage(e));
        onClose();
      },
    );
    return () => {
      live = false;
    };
  }, [contactId, toast, onClose]);
  const ok = counts !== null && confirmsErasure(typed, name);
  const submit = async () => {
    if (!ok || busy) return;
    setBusy(true);
    try {
      await api.contacts.erase.mutate({ id: contactId, confirm: typed });
      toast.show('success', t.done);
      onClose();
      navigate(listAddress());
    } catch (e) {
      toast.show('error', errorMessage(e));
      setBusy(false);
    }
  };
  return (
    <Modal
      title={fmt(t.title, { name: label })}
      onClose={onClose}
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            {t.cancel}
          </Button>
          <Button variant="danger" type="submit" form="erase-contact" disabled={!ok} loading={busy}>
            {t.confirm}
          </Button>
        </>
      }
    >
      {!counts ? (
        <p className="muted" role="status">
          <span className="spinner" /> {t.counting}
        </p>
      ) : (
        <form
          id="erase-contact"
          className="st-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <p>{fmt(t.what, { conversations: count(t.conversations, counts.conversations), messages: count(t.messages, counts.messages), files: count(t.files, counts.files) })}</p>
          <p className="muted">{t.keep}</p>
          <Field label={name?.trim() ? fmt(t.typeLabel, { name: name.trim(), word: ERASE_WORD }) : fmt(t.typeNoName, { word: ERASE_WORD })}>
            <TextInput value={typed} onChange={setTyped} autoComplete="off" autoFocus />
          </Field>
        </form>
      )}
    </Modal>
  );
}
