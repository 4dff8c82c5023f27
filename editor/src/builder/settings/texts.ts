// Texts of the block settings panel. Field labels, placeholders and help come from each block's
// schema metadata; these are the panel's own words.
import type { Dictionary } from '../../i18n.js';

export interface SettingsTexts {
  panelLabel: string;
  close: string;
  closeHint: string;
  more: string;
  resetDefaults: string;
  noSettings: string;
  unknownKind: string;
  problems: string;
  problem: string;
  allGood: string;
  otherProblems: string;
  optional: string;
  required: string;
  unsupported: string;
  // lists
  add: string;
  addItem: string;
  moveUp: string;
  moveDown: string;
  duplicate: string;
  remove: string;
  itemNumber: string;
  moreOptions: string;
  fewerOptions: string;
  emptyList: string;
  atMost: string;
  // variables
  variablePlaceholder: string;
  variableSearch: string;
  noVariable: string;
  noVariables: string;
  noMatches: string;
  createVariable: string;
  nameInvalid: string;
  nameTooLong: string;
  nameEmpty: string;
  deletedVariable: string;
  clear: string;
  // templates
  templateHint: string;
  insertVariable: string;
  unknownReference: string;
  contactName: string;
  contactPhone: string;
  variable: string;
  // conditions
  and: string;
  or: string;
  addComparison: string;
  removeComparison: string;
  comparison: string;
  noValueNeeded: string;
  // jump
  group: string;
  chooseGroup: string;
  untitledGroup: string;
  block: string;
  groupStart: string;
  missingGroup: string;
  missingBlock: string;
  thisBlock: string;
  noGroups: string;
  // media
  link: string;
  upload: string;
  chooseFile: string;
  dropHere: string;
  uploading: string;
  uploadFailed: string;
  uploadNetwork: string;
  cancel: string;
  replace: string;
  removeFile: string;
  uploadedFile: string;
  previewUnavailable: string;
  templatedUrl: string;
  // toggled sections
  on: string;
  off: string;
}

export const texts: Dictionary<SettingsTexts> = {
  en: {
    panelLabel: 'Block settings',
    close: 'Close',
    closeHint: 'Close (Esc)',
    more: 'More actions',
    resetDefaults: 'Reset to defaults',
    noSettings: 'This block has nothing to set up.',
    unknownKind: 'Unknown block kind “{kind}”: its settings cannot be shown.',
    problems: '{n} problems',
    problem: '1 problem',
    allGood: 'Ready',
    otherProblems: 'Also needs attention',
    optional: 'optional',
    required: 'Required',
    unsupported: 'This setting cannot be edited here yet.',
    add: 'Add',
    addItem: 'Add {what}',
    moveUp: 'Move up',
    moveDown: 'Move down',
    duplicate: 'Duplicate',
    remove: 'Remove',
    itemNumber: 'Item {n}',
    moreOptions: 'More settings',
    fewerOptions: 'Fewer settings',
    emptyList: 'Nothing here yet.',
    atMost: 'At most {n}.',
    variablePlaceholder: 'Choose a variable…',
    variableSearch: 'Search variables',
    noVariable: 'None',
    noVariables: 'This flow has no variables yet. Type a name to create one.',
    noMatches: 'No variable matches.',
    createVariable: 'Create variable “{name}”',
    nameInvalid: 'Names use letters, digits and _, and do not start with a digit.',
    nameTooLong: 'Names hold at most 60 characters.',
    nameEmpty: 'Type a name.',
    deletedVariable: 'deleted variable',
    clear: 'Clear',
    templateHint: 'Type {{ to insert a variable. *bold*, _italic_ and ~strikethrough~ work on WhatsApp.',
    insertVariable: 'Insert a variable',
    unknownReference: 'Unknown variable: {names}',
    contactName: 'Contact name',
    contactPhone: 'Contact phone',
    variable: 'Variable',
    and: 'AND',
    or: 'OR',
    addComparison: 'Add comparison',
    removeComparison: 'Remove comparison',
    comparison: 'Comparison {n}',
    noValueNeeded: 'No value needed',
    group: 'Group',
    chooseGroup: 'Choose a group',
    untitledGroup: 'Untitled group {n}',
    block: 'Start at',
    groupStart: 'Beginning of the group',
    missingGroup: 'The chosen group no longer exists.',
    missingBlock: 'The chosen block is no longer in this group.',
    thisBlock: 'this block',
    noGroups: 'Create a group on the canvas first.',
    link: 'Link',
    upload: 'Upload',
    chooseFile: 'Choose a file',
    dropHere: 'or drop it here',
    uploading: 'Uploading {name}… {pct}%',
    uploadFailed: 'Upload failed: {reason}',
    uploadNetwork: 'the connection was lost',
    cancel: 'Cancel',
    replace: 'Replace',
    removeFile: 'Remove file',
    uploadedFile: 'Uploaded file',
    previewUnavailable: 'No preview',
    templatedUrl: 'The address has variables: it is known only when the flow runs.',
    on: 'On',
    off: 'Off',
  },
  'pt-BR': {
    panelLabel: 'Configurações do bloco',
    close: 'Fechar',
    closeHint: 'Fechar (Esc)',
    more: 'Mais ações',
    resetDefaults: 'Restaurar o padrão',
    noSettings: 'Este bloco não tem nada para configurar.',
    unknownKind: 'Tipo de bloco desconhecido “{kind}”: não é possível mostrar as configurações.',
    problems: '{n} pendências',
    problem: '1 pendência',
    allGood: 'Pronto',
    otherProblems: 'Também precisa de atenção',
    optional: 'opcional',
    required: 'Obrigatório',
    unsupported: 'Esta configuração ainda não pode ser editada aqui.',
    add: 'Adicionar',
    addItem: 'Adicionar {what}',
    moveUp: 'Mover para cima',
    moveDown: 'Mover para baixo',
    duplicate: 'Duplicar',
    remove: 'Remover',
    itemNumber: 'Item {n}',
    moreOptions: 'Mais configurações',
    fewerOptions: 'Menos configurações',
    emptyList: 'Nada aqui ainda.',
    atMost: 'No máximo {n}.',
    variablePlaceholder: 'Escolher variável…',
    variableSearch: 'Buscar variáveis',
    noVariable: 'Nenhuma',
    noVariables: 'Este fluxo ainda não tem variáveis. Digite um nome para criar.',
    noMatches: 'Nenhuma variável encontrada.',
    createVariable: 'Criar variável “{name}”',
    nameInvalid: 'Use letras, números e _, sem começar com número.',
    nameTooLong: 'Nomes têm no máximo 60 caracteres.',
    nameEmpty: 'Digite um nome.',
    deletedVariable: 'variável excluída',
    clear: 'Limpar',
    templateHint: 'Digite {{ para inserir uma variável. *negrito*, _itálico_ e ~tachado~ funcionam no WhatsApp.',
    insertVariable: 'Inserir variável',
    unknownReference: 'Variável desconhecida: {names}',
    contactName: 'Nome do contato',
    contactPhone: 'Telefone do contato',
    variable: 'Variável',
    and: 'E',
    or: 'OU',
    addComparison: 'Adicionar comparação',
    removeComparison: 'Remover comparação',
    comparison: 'Comparação {n}',
    noValueNeeded: 'Sem valor',
    group: 'Grupo',
    chooseGroup: 'Escolha um grupo',
    untitledGroup: 'Grupo sem título {n}',
    block: 'Começar em',
    groupStart: 'Início do grupo',
    missingGroup: 'O grupo escolhido não existe mais.',
    missingBlock: 'O bloco escolhido não está mais neste grupo.',
    thisBlock: 'este bloco',
    noGroups: 'Crie um grupo no canvas primeiro.',
    link: 'Link',
    upload: 'Enviar arquivo',
    chooseFile: 'Escolher arquivo',
    dropHere: 'ou solte aqui',
    uploading: 'Enviando {name}… {pct}%',
    uploadFailed: 'Falha no envio: {reason}',
    uploadNetwork: 'a conexão caiu',
    cancel: 'Cancelar',
    replace: 'Trocar',
    removeFile: 'Remover arquivo',
    uploadedFile: 'Arquivo enviado',
    previewUnavailable: 'Sem prévia',
    templatedUrl: 'O endereço tem variáveis: só é conhecido quando o fluxo roda.',
    on: 'Ligado',
    off: 'Desligado',
  },
};
