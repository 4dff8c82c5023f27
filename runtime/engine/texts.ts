// What the engine says, in both languages a flow may speak: to the contact (retries, the
// fallback) and in its log lines, which the test chat shows to the author. Both read in the
// flow's language, like the block reasons they often carry.
import type { Localized } from '../../blocks/contract.js';

export const contactTexts = {
  retry: { 'pt-BR': 'Não entendi sua resposta. Pode tentar de novo?', en: "Sorry, I didn't get that. Please try again." },
  tryAgain: { 'pt-BR': 'Pode tentar de novo?', en: 'Please try again.' },
  fallback: {
    'pt-BR': 'Desculpe, algo deu errado por aqui. Tente novamente mais tarde.',
    en: 'Sorry, something went wrong on our side. Please try again later.',
  },
} satisfies Record<string, Localized>;

const times = (n: number): Localized => (n === 1 ? { en: 'once', 'pt-BR': '1 vez' } : { en: `${n} times`, 'pt-BR': `${n} vezes` });

export const logTexts = {
  startNotConnected: {
    en: 'the start event is not connected to any group',
    'pt-BR': 'o evento de início não está ligado a nenhum grupo',
  },
  duringTimer: {
    en: 'message received while waiting for a timer',
    'pt-BR': 'mensagem recebida durante uma espera: o fluxo segue quando o tempo acabar',
  },
  duringHuman: {
    en: 'message received while a human serves: the bot stays paused',
    'pt-BR': 'mensagem recebida durante o atendimento humano: o robô segue pausado',
  },
  invalidAnswer: (reason: string): Localized => ({ en: `invalid answer: ${reason}`, 'pt-BR': `resposta inválida: ${reason}` }),
  takingFallback: (n: number): Localized => ({
    en: `invalid answer ${times(n).en}: taking the fallback path`,
    'pt-BR': `resposta inválida ${times(n)['pt-BR']}: seguindo pelo caminho alternativo`,
  }),
  askingAgain: (n: number): Localized => ({
    en: `invalid answer ${times(n).en} and the fallback path is not connected: asking again`,
    'pt-BR': `resposta inválida ${times(n)['pt-BR']} e o caminho alternativo não está ligado: perguntando de novo`,
  }),
  staleTimer: { en: 'stale timer ignored', 'pt-BR': 'temporizador antigo ignorado' },
  stepLimit: (n: number): Localized => ({
    en: `step limit of ${n} blocks reached in one turn: the flow loops`,
    'pt-BR': `limite de ${n} blocos em um turno atingido: o fluxo está em loop`,
  }),
  unknownKind: (kind: string): Localized => ({ en: `unknown block kind "${kind}"`, 'pt-BR': `tipo de bloco desconhecido: "${kind}"` }),
  blockFailed: (why: string): Localized => ({ en: `block failed: ${why}`, 'pt-BR': `o bloco falhou: ${why}` }),
  cannotReply: (kind: string): Localized => ({
    en: `block "${kind}" cannot take a reply`,
    'pt-BR': `o bloco "${kind}" não recebe respostas`,
  }),
  waitingBlockGone: (id: string): Localized => ({
    en: `the waiting block "${id}" no longer exists`,
    'pt-BR': `o bloco que aguardava a resposta ("${id}") não existe mais`,
  }),
  missingGroup: (id: string): Localized => ({ en: `path to a missing group "${id}"`, 'pt-BR': `caminho para um grupo que não existe: "${id}"` }),
  missingBlock: (id: string, group: string): Localized => ({
    en: `path to a missing block "${id}" in group "${group}"`,
    'pt-BR': `caminho para um bloco que não existe: "${id}" no grupo "${group}"`,
  }),
  fallbackMissing: {
    en: 'the block took its fallback path, which is not connected',
    'pt-BR': 'o bloco seguiu pelo caminho alternativo, que não está ligado',
  },
} satisfies Record<string, Localized | ((...args: never[]) => Localized)>;
