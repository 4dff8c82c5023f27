// Keyword triggers: a message matching one of the words restarts the flow at the connected
// group, from anywhere. Added from the palette, edited with a double-click on the event.
import { useState } from 'react';
import { create } from 'zustand';
import type { FlowDocument, FlowEvent } from '../../../../blocks/flow.js';
import { confirmDialog, Modal } from '../../dialog.js';
import { useTexts, type Dictionary } from '../../i18n.js';
import type { BuilderStore } from '../store.js';

type KeywordEvent = Extract<FlowEvent, { kind: 'keyword' }>;

const texts: Dictionary<{
  add: string;
  title: string;
  keywords: string;
  keywordsHelp: string;
  match: string;
  exact: string;
  contains: string;
  startsWith: string;
  save: string;
  cancel: string;
  remove: string;
  removeTitle: string;
  removeMessage: string;
  needOne: string;
}> = {
  'pt-BR': {
    add: 'Gatilho por palavra-chave',
    title: 'Palavras-chave',
    keywords: 'Palavras-chave',
    keywordsHelp: 'Separe por vírgula. Maiúsculas e acentos não importam: “inicio” também vale para “Início”.',
    match: 'A mensagem deve',
    exact: 'ser exatamente a palavra',
    contains: 'conter a palavra',
    startsWith: 'começar com a palavra',
    save: 'Salvar',
    cancel: 'Cancelar',
    remove: 'Excluir gatilho',
    removeTitle: 'Excluir este gatilho?',
    removeMessage: 'As palavras-chave deixam de reiniciar o fluxo.',
    needOne: 'Digite ao menos uma palavra-chave.',
  },
  en: {
    add: 'Keyword trigger',
    title: 'Keywords',
    keywords: 'Keywords',
    keywordsHelp: 'Comma-separated. Case and accents do not matter: “inicio” also matches “Início”.',
    match: 'The message must',
    exact: 'be exactly the word',
    contains: 'contain the word',
    startsWith: 'start with the word',
    save: 'Save',
    cancel: 'Cancel',
    remove: 'Delete trigger',
    removeTitle: 'Delete this trigger?',
    removeMessage: 'The keywords will no longer restart the flow.',
    needOne: 'Type at least one keyword.',
  },
};

export const keywordTexts = texts;

/** Which keyword event has its dialog open (one at a time). */
export const useKeywordEditor = create<{ editing: string | null; open(id: string): void; close(): void }>((set) => ({
  editing: null,
  open: (id) => set({ editing: id }),
  close: () => set({ editing: null }),
}));

function newEventId(doc: FlowDocument): string {
  let n = doc.events.length + 1;
  while (doc.events.some((e) => e.id === `kw_${n}`)) n++;
  return `kw_${n}`;
}

/** Adds a keyword trigger under the other events (or at `fallback` when there are none) and returns its id. */
export function addKeywordEvent(store: BuilderStore, fallback: { x: number; y: number }, keywords: string[]): string {
  let id = '';
  store.getState().update((doc) => {
    id = newEventId(doc);
    const at = doc.events.length
      ? { x: Math.min(...doc.events.map((e) => e.position.x)), y: Math.max(...doc.events.map((e) => e.position.y)) + 90 }
      : fallback;
    return { ...doc, events: [...doc.events, { id, kind: 'keyword', position: at, keywords, match: 'exact' }] };
  });
  return id;
}

export function KeywordDialog({ store, event, onClose }: { store: BuilderStore; event: KeywordEvent; onClose: () => void }) {
  const t = useTexts(texts);
  const [words, setWords] = useState(event.keywords.join(', '));
  const [match, setMatch] = useState(event.match);
  const [error, setError] = useState('');
  const save = () => {
    const keywords = [...new Set(words.split(',').map((w) => w.trim()).filter(Boolean))];
    if (!keywords.length) return setError(t.needOne);
    store.getState().update((doc) => ({
      ...doc,
      events: doc.events.map((e) => (e.id === event.id && e.kind === 'keyword' ? { ...e, keywords, match } : e)),
    }));
    onClose();
  };
  const remove = async () => {
    const ok = await confirmDialog({ title: t.removeTitle, message: t.removeMessage, confirm: t.remove, cancel: t.cancel, danger: true });
    if (!ok) return;
    store.getState().update((doc) => ({
      ...doc,
      events: doc.events.filter((e) => e.id !== event.id),
      edges: doc.edges.filter((e) => !('eventId' in e.from) || e.from.eventId !== event.id),
    }));
    onClose();
  };
  return (
    <Modal
      title={t.title}
      onClose={onClose}
      footer={
        <>
          <button className="ghost danger-text" onClick={remove}>
            {t.remove}
          </button>
          <span style={{ flex: 1 }} />
          <button className="ghost" onClick={onClose}>
            {t.cancel}
          </button>
          <button className="primary" onClick={save}>
            {t.save}
          </button>
        </>
      }
    >
      <label>
        {t.keywords}
        <input value={words} onChange={(e) => setWords(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && save()} aria-invalid={!!error} />
      </label>
      <p className="muted small">{t.keywordsHelp}</p>
      <label>
        {t.match}
        <select value={match} onChange={(e) => setMatch(e.target.value as KeywordEvent['match'])}>
          <option value="exact">{t.exact}</option>
          <option value="contains">{t.contains}</option>
          <option value="starts_with">{t.startsWith}</option>
        </select>
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </Modal>
  );
}
