// Settings → Dados: the retention policy's texts (pt-BR, en).
import type { Dictionary } from '../i18n.js';

const pt = {
  title: 'Dados',
  subtitle: 'Por quanto tempo as mensagens ficam armazenadas.',
  cardTitle: 'Retenção de mensagens',
  switchLabel: 'Apagar mensagens e arquivos de conversas com mais de N dias',
  days: 'Dias (N)',
  daysHelp: 'De 1 a 3650. Ex.: 30, 90, 180 ou 365.',
  preset: '{n} dias',
  presets: 'Períodos comuns',
  what:
    'Uma vez por hora, as mensagens com mais de {n} dias são apagadas de atendimentos encerrados (e de conversas com o robô paradas há mais de {n} dias), com os arquivos enviados nelas e o índice de busca. Atendimentos em andamento guardam tudo até serem encerrados. Os atendimentos continuam contando nos relatórios. Isso não pode ser desfeito.',
  off: 'Desligado: as mensagens ficam guardadas para sempre.',
  count: 'Contar o que seria apagado',
  counting: 'Contando…',
  counted: 'Com {n} dias, agora seriam apagadas {messages} e {files}.',
  messages: { none: 'nenhuma mensagem', one: '1 mensagem', many: '{n} mensagens' },
  files: { none: 'nenhum arquivo', one: '1 arquivo', many: '{n} arquivos' },
  lastRun: 'Última execução: {at} — apagou {messages} e {files}.',
  lastRunPartial: 'Última execução: {at} — apagou {messages} e {files} antes de o servidor parar; a próxima continua.',
  neverRan: 'Ainda não executou.',
  runNow: 'Executar agora',
  ran: 'Retenção executada: {messages} e {files} apagados.',
  confirmTitle: 'Apagar mensagens com mais de {n} dias?',
  confirmMessage:
    'Mensagens e arquivos de atendimentos encerrados com mais de {n} dias serão apagados na próxima execução e a cada hora. Isso não pode ser desfeito.',
  confirm: 'Apagar e salvar',
  saved: 'Retenção salva.',
  badDays: 'Use um número inteiro de dias, de 1 a 3650.',
  /** Shown above a transcript the policy cut (the Inbox, the contact page). */
  notice: 'Mensagens anteriores a {date} foram apagadas pela política de retenção.',
};

export type RetentionTexts = typeof pt;

export const retentionTexts: Dictionary<RetentionTexts> = {
  'pt-BR': pt,
  en: {
    title: 'Data',
    subtitle: 'How long messages are stored.',
    cardTitle: 'Message retention',
    switchLabel: 'Delete messages and files of conversations older than N days',
    days: 'Days (N)',
    daysHelp: 'From 1 to 3650. E.g. 30, 90, 180 or 365.',
    preset: '{n} days',
    presets: 'Common periods',
    what:
      'Once an hour, messages older than {n} days are deleted from closed conversations (and from bot conversations silent for more than {n} days), with the files sent in them and the search index. Open conversations keep everything until they close. Conversations still count in reports. This cannot be undone.',
    off: 'Off: messages are kept forever.',
    count: 'Count what would be deleted',
    counting: 'Counting…',
    counted: 'With {n} days, {messages} and {files} would be deleted now.',
    messages: { none: 'no messages', one: '1 message', many: '{n} messages' },
    files: { none: 'no files', one: '1 file', many: '{n} files' },
    lastRun: 'Last run: {at} — deleted {messages} and {files}.',
    lastRunPartial: 'Last run: {at} — deleted {messages} and {files} before the server stopped; the next run goes on.',
    neverRan: 'It has not run yet.',
    runNow: 'Run now',
    ran: 'Retention ran: {messages} and {files} deleted.',
    confirmTitle: 'Delete messages older than {n} days?',
    confirmMessage: 'Messages and files of closed conversations older than {n} days will be deleted on the next run and every hour. This cannot be undone.',
    confirm: 'Delete and save',
    saved: 'Retention saved.',
    badDays: 'Use a whole number of days, from 1 to 3650.',
    notice: 'Messages before {date} were deleted by the retention policy.',
  },
};
