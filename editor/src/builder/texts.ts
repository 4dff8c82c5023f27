// The builder's words, in both languages the UI speaks.
import type { Dictionary } from '../i18n.js';

export interface BuilderTexts {
  loading: string;
  notFoundTitle: string;
  notFoundBody: string;
  loadErrorTitle: string;
  retry: string;
  backToFlows: string;
  back: string;
  undo: string;
  redo: string;
  autoLayout: string;
  test: string;
  testOpen: string;
  untitledGroup: string;
  renameHint: string;
  dropHere: string;
  start: string;
  keyword: string;
  fallback: string;
  defaultPath: string;
  otherwise: string;
  /** The Contact block's default path when it loads: some value was missing. */
  unknownPath: string;
  categories: Record<'bubbles' | 'inputs' | 'chat' | 'logic' | 'integrations', string>;
  categoryEmpty: string;
  search: string;
  noResults: string;
  paletteHint: string;
  blocksTitle: string;
  saved: string;
  saving: string;
  unsaved: string;
  saveError: string;
  conflict: string;
  conflictText: string;
  reload: string;
  overwrite: string;
  leaveWarning: string;
  leaveTitle: string;
  leavePending: string;
  leaveFailed: (reason: string) => string;
  stay: string;
  leaveAnyway: string;
  deleteSelection: string;
  duplicate: string;
  copied: (n: number) => string;
  pasted: (n: number) => string;
  // summaries
  savesTo: (v: string) => string;
  noVariable: string;
  emptyText: string;
  jumpTo: (g: string) => string;
  jumpNowhere: string;
  waitFor: (t: string) => string;
  waitNoAmount: string;
  waitUnits: Record<'seconds' | 'minutes' | 'hours' | 'days', (n: number) => string>;
  noFile: string;
  ends: string;
  listFrom: (v: string) => string;
  multipleChoice: string;
  noBranches: string;
  setTo: (v: string, what: string) => string;
  ifLabel: string;
  emptyCanvasTitle: string;
  emptyCanvasBody: string;
  panelFailed: string;
  close: string;
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

export const builderTexts: Dictionary<BuilderTexts> = {
  en: {
    loading: 'Opening the flow…',
    notFoundTitle: 'Flow not found',
    notFoundBody: 'It may have been deleted, or the link is wrong.',
    loadErrorTitle: 'Could not open the flow',
    retry: 'Try again',
    backToFlows: 'Back to flows',
    back: 'Flows',
    undo: 'Undo',
    redo: 'Redo',
    autoLayout: 'Auto-layout',
    test: 'Test',
    testOpen: 'Close test',
    untitledGroup: 'Untitled group',
    renameHint: 'Double-click to rename',
    dropHere: 'Drop a block here',
    start: 'Start',
    keyword: 'Keyword',
    fallback: 'fallback',
    defaultPath: 'Default',
    otherwise: 'Else',
    unknownPath: 'Unknown',
    categories: { bubbles: 'Bubbles', inputs: 'Inputs', chat: 'Chat', logic: 'Logic', integrations: 'Integrations' },
    categoryEmpty: 'No blocks here yet',
    search: 'Search blocks',
    noResults: 'No block matches',
    paletteHint: 'Drag onto the canvas or into a group',
    blocksTitle: 'Blocks',
    saved: 'Saved',
    saving: 'Saving…',
    unsaved: 'Unsaved changes',
    saveError: 'Not saved',
    conflict: 'Changed elsewhere',
    conflictText: 'This flow was changed in another tab or by someone else. Reload their version or overwrite it with yours.',
    reload: 'Reload',
    overwrite: 'Overwrite',
    leaveWarning: 'Changes are not saved yet.',
    leaveTitle: 'Leave without saving?',
    leavePending: 'Your latest changes are still being saved. If you leave now they may be lost.',
    leaveFailed: (reason) => `Your latest changes could not be saved (${reason}). If you leave now they are lost.`,
    stay: 'Stay here',
    leaveAnyway: 'Leave anyway',
    deleteSelection: 'Delete',
    duplicate: 'Duplicate',
    copied: (n) => `${n} ${plural(n, 'item', 'items')} copied`,
    pasted: (n) => `${n} ${plural(n, 'group', 'groups')} pasted`,
    savesTo: (v) => `→ ${v}`,
    noVariable: 'Answer not saved',
    emptyText: 'Empty message',
    jumpTo: (g) => `Go to “${g}”`,
    jumpNowhere: 'Choose where to go',
    waitFor: (t) => `Wait ${t}`,
    waitNoAmount: 'Choose how long to wait',
    waitUnits: {
      seconds: (n) => plural(n, 'second', 'seconds'),
      minutes: (n) => plural(n, 'minute', 'minutes'),
      hours: (n) => plural(n, 'hour', 'hours'),
      days: (n) => plural(n, 'day', 'days'),
    },
    noFile: 'Upload a file or paste a link',
    ends: 'Ends the conversation',
    listFrom: (v) => `Options from ${v}`,
    multipleChoice: 'Several choices',
    noBranches: 'No branch yet',
    setTo: (v, what) => `${v} = ${what}`,
    ifLabel: 'If',
    emptyCanvasTitle: 'An empty canvas',
    emptyCanvasBody: 'Drag a block from the left to start.',
    panelFailed: 'This panel stopped working',
    close: 'Close',
  },
  'pt-BR': {
    loading: 'Abrindo o fluxo…',
    notFoundTitle: 'Fluxo não encontrado',
    notFoundBody: 'Ele pode ter sido excluído, ou o link está errado.',
    loadErrorTitle: 'Não foi possível abrir o fluxo',
    retry: 'Tentar de novo',
    backToFlows: 'Voltar aos fluxos',
    back: 'Fluxos',
    undo: 'Desfazer',
    redo: 'Refazer',
    autoLayout: 'Organizar',
    test: 'Testar',
    testOpen: 'Fechar teste',
    untitledGroup: 'Grupo sem título',
    renameHint: 'Clique duas vezes para renomear',
    dropHere: 'Solte um bloco aqui',
    start: 'Início',
    keyword: 'Palavra-chave',
    fallback: 'alternativo',
    defaultPath: 'Padrão',
    otherwise: 'Senão',
    unknownPath: 'Desconhecido',
    categories: { bubbles: 'Mensagens', inputs: 'Perguntas', chat: 'Atendimento', logic: 'Lógica', integrations: 'Integrações' },
    categoryEmpty: 'Nenhum bloco aqui ainda',
    search: 'Buscar blocos',
    noResults: 'Nenhum bloco encontrado',
    paletteHint: 'Arraste para o canvas ou para um grupo',
    blocksTitle: 'Blocos',
    saved: 'Salvo',
    saving: 'Salvando…',
    unsaved: 'Alterações não salvas',
    saveError: 'Não salvo',
    conflict: 'Alterado em outro lugar',
    conflictText: 'Este fluxo foi alterado em outra aba ou por outra pessoa. Recarregue a versão dela ou sobrescreva com a sua.',
    reload: 'Recarregar',
    overwrite: 'Sobrescrever',
    leaveWarning: 'As alterações ainda não foram salvas.',
    leaveTitle: 'Sair sem salvar?',
    leavePending: 'Suas últimas alterações ainda estão sendo salvas. Se sair agora, elas podem se perder.',
    leaveFailed: (reason) => `Não foi possível salvar suas últimas alterações (${reason}). Se sair agora, elas se perdem.`,
    stay: 'Ficar aqui',
    leaveAnyway: 'Sair mesmo assim',
    deleteSelection: 'Excluir',
    duplicate: 'Duplicar',
    copied: (n) => `${n} ${plural(n, 'item copiado', 'itens copiados')}`,
    pasted: (n) => `${n} ${plural(n, 'grupo colado', 'grupos colados')}`,
    savesTo: (v) => `→ ${v}`,
    noVariable: 'Resposta não salva',
    emptyText: 'Mensagem vazia',
    jumpTo: (g) => `Ir para “${g}”`,
    jumpNowhere: 'Escolha para onde ir',
    waitFor: (t) => `Aguardar ${t}`,
    waitNoAmount: 'Escolha quanto tempo aguardar',
    waitUnits: {
      seconds: (n) => plural(n, 'segundo', 'segundos'),
      minutes: (n) => plural(n, 'minuto', 'minutos'),
      hours: (n) => plural(n, 'hora', 'horas'),
      days: (n) => plural(n, 'dia', 'dias'),
    },
    noFile: 'Envie um arquivo ou cole um link',
    ends: 'Encerra a conversa',
    listFrom: (v) => `Opções de ${v}`,
    multipleChoice: 'Várias escolhas',
    noBranches: 'Nenhuma ramificação ainda',
    setTo: (v, what) => `${v} = ${what}`,
    ifLabel: 'Se',
    emptyCanvasTitle: 'Canvas vazio',
    emptyCanvasBody: 'Arraste um bloco da esquerda para começar.',
    panelFailed: 'Este painel parou de funcionar',
    close: 'Fechar',
  },
};
