// Options every input block shares. The engine reads `retryMessage` and `maxRetries`
// generically, so retries and the fallback path behave the same for every input.
import { z } from 'zod';
import type { ReplyResult, VariableValue } from '../contract.js';

export const inputBaseShape = {
  variableId: z
    .string()
    .optional()
    .meta({
      label: { en: 'Save the answer in', 'pt-BR': 'Salvar a resposta em' },
      input: 'variable',
    }),
  retryMessage: z
    .string()
    .default('')
    .meta({
      label: { en: 'Message on an invalid answer', 'pt-BR': 'Mensagem para resposta inválida' },
      input: 'template',
      placeholder: {
        en: 'Leave empty to use the flow default',
        'pt-BR': 'Deixe vazio para usar o padrão do fluxo',
      },
    }),
  maxRetries: z
    .number()
    .int()
    .min(0)
    .max(20)
    .optional()
    .meta({
      label: { en: 'Tries before the fallback path', 'pt-BR': 'Tentativas antes do caminho alternativo' },
      input: 'number',
      help: {
        en: 'Leave empty to use the flow default',
        'pt-BR': 'Deixe vazio para usar o padrão do fluxo',
      },
    }),
};

export interface InputBaseOptions {
  variableId?: string;
  retryMessage: string;
  maxRetries?: number;
}

/** Reads the shared input options from any block's options, whatever its kind. */
export function inputBaseOf(options: unknown): InputBaseOptions {
  const o = (options ?? {}) as Partial<InputBaseOptions>;
  return {
    variableId: typeof o.variableId === 'string' && o.variableId ? o.variableId : undefined,
    retryMessage: typeof o.retryMessage === 'string' ? o.retryMessage : '',
    maxRetries: typeof o.maxRetries === 'number' ? o.maxRetries : undefined,
  };
}

/** An accepted answer: saved in the block's variable when it has one. */
export function accepted(options: { variableId?: string }, value: VariableValue): ReplyResult {
  return options.variableId ? { ok: true, set: { [options.variableId]: value } } : { ok: true };
}
