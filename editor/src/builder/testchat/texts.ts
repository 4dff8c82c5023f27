import type { Dictionary } from '../../i18n.js';

export interface TestChatTexts {
  title: string;
  subtitle: string;
  restart: string;
  restartHint: string;
  fromGroup: string;
  fromGroupNamed: string;
  fromGroupHint: string;
  fromGroupNone: string;
  whatsappPreview: string;
  whatsappPreviewHint: string;
  close: string;
  starting: string;
  saving: string;
  startFailed: string;
  tryAgain: string;
  placeholder: string;
  placeholderEnded: string;
  placeholderStarting: string;
  send: string;
  sendHint: string;
  ended: string;
  notStarted: string;
  typing: string;
  waitingTimer: string;
  waitingTimerUnknown: string;
  withHuman: string;
  resuming: string;
  submitChoices: string;
  pickSome: string;
  openImage: string;
  openOriginal: string;
  download: string;
  document: string;
  unsupported: string;
  variables: string;
  variablesEmpty: string;
  changed: string;
  unset: string;
  you: string;
  bot: string;
  log: { info: string; warn: string; error: string };
  inGroup: string;
  sending: string;
  liveLost: string;
  startedFrom: string;
  conversation: string;
  rejoining: string;
  contactHint: string;
  contactNameVariable: string;
  attach: string;
  attachHint: string;
  removeAttachment: string;
  uploading: string;
  dropHere: string;
  tooLarge: string;
  uploadFailed: string;
  uploadNetwork: string;
}

export const texts: Dictionary<TestChatTexts> = {
  en: {
    title: 'Test chat',
    subtitle: 'Runs the current draft',
    restart: 'Restart',
    restartHint: 'Save pending edits and start the conversation again from the start event',
    fromGroup: 'Start from group',
    fromGroupNamed: 'Start from “{title}”',
    fromGroupHint: 'Start a new conversation at the group selected on the canvas',
    fromGroupNone: 'Select a group on the canvas to start from it',
    whatsappPreview: 'WhatsApp preview',
    whatsappPreviewHint: 'Show bot messages as plain text, the way WhatsApp receives them without buttons',
    close: 'Close test chat',
    starting: 'Starting…',
    saving: 'Saving changes…',
    startFailed: 'The conversation could not start.',
    tryAgain: 'Try again',
    placeholder: 'Type a message',
    placeholderEnded: 'Conversation ended: write to start again',
    placeholderStarting: 'Starting the conversation…',
    send: 'Send',
    sendHint: 'Enter to send, Shift+Enter for a new line',
    ended: 'Conversation ended',
    notStarted: 'The flow sent nothing: is the start event connected to a group?',
    typing: 'typing',
    waitingTimer: 'Waiting {n} s…',
    waitingTimerUnknown: 'Waiting for a timer…',
    withHuman: 'Handed to the team: the conversation is in the Inbox. Messages you send now go to the agents.',
    resuming: 'Resuming…',
    submitChoices: 'Send',
    pickSome: 'Choose one or more options',
    openImage: 'Open image',
    openOriginal: 'Open original',
    download: 'Download',
    document: 'Document',
    unsupported: 'Unsupported message',
    variables: 'Variables',
    variablesEmpty: 'This flow has no variables.',
    changed: 'changed in the last turn',
    unset: 'not set',
    you: 'You',
    bot: 'Bot',
    log: { info: 'Info', warn: 'Warning', error: 'Error' },
    inGroup: 'in “{title}”',
    sending: 'sending',
    liveLost: 'Live updates were interrupted: {error}',
    startedFrom: 'Started from “{title}”',
    conversation: 'Conversation',
    rejoining: 'Rejoining the conversation…',
    contactHint: 'This run is the contact “{name}” in the Inbox',
    contactNameVariable: 'What the bot saves here becomes the contact’s name in the Inbox',
    attach: 'Attach a file',
    attachHint: 'Send a photo, video, audio or document as the contact; you can also drop or paste it here',
    removeAttachment: 'Remove {name}',
    uploading: 'Uploading {name}…',
    dropHere: 'Drop to attach',
    tooLarge: '{name} is larger than {mb} MB',
    uploadFailed: 'Could not attach {name}: {reason}',
    uploadNetwork: 'the connection failed',
  },
  'pt-BR': {
    title: 'Testar fluxo',
    subtitle: 'Executa o rascunho atual',
    restart: 'Reiniciar',
    restartHint: 'Salvar as alterações pendentes e recomeçar a conversa pelo início',
    fromGroup: 'Iniciar do grupo',
    fromGroupNamed: 'Iniciar de “{title}”',
    fromGroupHint: 'Começar uma nova conversa no grupo selecionado no canvas',
    fromGroupNone: 'Selecione um grupo no canvas para começar por ele',
    whatsappPreview: 'Prévia do WhatsApp',
    whatsappPreviewHint: 'Mostrar as mensagens do bot em texto simples, como o WhatsApp as recebe sem botões',
    close: 'Fechar teste',
    starting: 'Iniciando…',
    saving: 'Salvando alterações…',
    startFailed: 'Não foi possível iniciar a conversa.',
    tryAgain: 'Tentar de novo',
    placeholder: 'Digite uma mensagem',
    placeholderEnded: 'Conversa encerrada: escreva para recomeçar',
    placeholderStarting: 'Iniciando a conversa…',
    send: 'Enviar',
    sendHint: 'Enter para enviar, Shift+Enter para nova linha',
    ended: 'Conversa encerrada',
    notStarted: 'O fluxo não enviou nada: o evento de início está ligado a um grupo?',
    typing: 'digitando',
    waitingTimer: 'Aguardando {n} s…',
    waitingTimerUnknown: 'Aguardando um temporizador…',
    withHuman: 'Transferido para a equipe: a conversa está em Atendimentos. O que você enviar agora vai para os atendentes.',
    resuming: 'Retomando…',
    submitChoices: 'Enviar',
    pickSome: 'Escolha uma ou mais opções',
    openImage: 'Abrir imagem',
    openOriginal: 'Abrir original',
    download: 'Baixar',
    document: 'Documento',
    unsupported: 'Mensagem não suportada',
    variables: 'Variáveis',
    variablesEmpty: 'Este fluxo não tem variáveis.',
    changed: 'alterada no último turno',
    unset: 'sem valor',
    you: 'Você',
    bot: 'Bot',
    log: { info: 'Info', warn: 'Aviso', error: 'Erro' },
    inGroup: 'em “{title}”',
    sending: 'enviando',
    liveLost: 'As atualizações ao vivo foram interrompidas: {error}',
    startedFrom: 'Iniciado em “{title}”',
    conversation: 'Conversa',
    rejoining: 'Retomando a conversa…',
    contactHint: 'Nesta execução você é o contato “{name}” em Atendimentos',
    contactNameVariable: 'O que o bot salvar aqui vira o nome do contato em Atendimentos',
    attach: 'Anexar arquivo',
    attachHint: 'Enviar uma foto, vídeo, áudio ou documento como o contato; também dá para soltar ou colar aqui',
    removeAttachment: 'Remover {name}',
    uploading: 'Enviando {name}…',
    dropHere: 'Solte para anexar',
    tooLarge: '{name} passa de {mb} MB',
    uploadFailed: 'Não foi possível anexar {name}: {reason}',
    uploadNetwork: 'a conexão falhou',
  },
};
