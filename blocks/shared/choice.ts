// Everything Buttons and Picture choice share: per-item display conditions, the choice message,
// and reading the contact's answer. On WhatsApp buttons are best effort, so most answers arrive
// as typed text ("2", "opcao um", "1 e 3") and must be matched against exactly what was shown.
import { z } from 'zod';
import type { BlockContext, ChoiceItem, Reply, ReplyResult, RunResult } from '../contract.js';
import { conditionGroupSchema, evaluateConditionGroup } from './conditions.js';
import { foldText } from './values.js';
import { replyContent } from './reply-content.js';

export const displayConditionSchema = z
  .object({
    enabled: z
      .boolean()
      .default(true)
      .meta({ label: { en: 'Show only if', 'pt-BR': 'Mostrar somente se' }, input: 'switch' }),
    group: conditionGroupSchema.meta({
      label: { en: 'Conditions', 'pt-BR': 'Condições' },
      input: 'conditions',
    }),
  })
  .optional()
  .meta({
    label: { en: 'Display condition', 'pt-BR': 'Condição de exibição' },
    help: {
      en: 'The option is shown only when the conditions hold at the moment the question is asked.',
      'pt-BR': 'A opção só aparece quando as condições valem no momento da pergunta.',
    },
  });

/** Options both choice blocks have besides their items. */
/** Fields every choice item has: its id (owns the outgoing edge), an optional description
 * under it, and a display condition. `under` names what the description sits under. */
export function choiceItemShape(under: { en: string; 'pt-BR': string }) {
  return {
    id: z
      .string()
      .min(1)
      .meta({ label: { en: 'Id', 'pt-BR': 'Id' }, input: 'hidden' }),
    description: z
      .string()
      .max(200, 'the description holds at most 200 characters')
      .optional()
      .meta({
        label: { en: 'Description', 'pt-BR': 'Descrição' },
        input: 'template',
        placeholder: { en: `Optional detail under the ${under.en}`, 'pt-BR': `Detalhe opcional abaixo ${under['pt-BR']}` },
      }),
    displayCondition: displayConditionSchema,
  };
}

export const choiceOptionsShape = {
  multiple: z
    .boolean()
    .default(false)
    .meta({
      label: { en: 'Allow several choices', 'pt-BR': 'Permitir várias escolhas' },
      input: 'switch',
      help: {
        en: 'The answer is saved as a list and the flow continues on the default path.',
        'pt-BR': 'A resposta é salva como lista e o fluxo segue pelo caminho padrão.',
      },
    }),
  prompt: z
    .string()
    .max(1024, 'the text holds at most 1024 characters')
    .optional()
    .meta({
      label: { en: 'Text shown with the options', 'pt-BR': 'Texto junto das opções' },
      input: 'template',
      placeholder: { en: 'Choose an option', 'pt-BR': 'Escolha uma opção' },
    }),
  submitLabel: z
    .string()
    .trim()
    .max(20, 'WhatsApp buttons hold at most 20 characters')
    .optional()
    .meta({
      label: { en: 'Send button label', 'pt-BR': 'Texto do botão de envio' },
      input: 'text',
      placeholder: { en: 'Send', 'pt-BR': 'Enviar' },
      help: { en: 'Used with several choices.', 'pt-BR': 'Usado com várias escolhas.' },
    }),
};

/** Ids must be unique: each one may own an outgoing edge. */
export function refineUniqueIds(items: readonly { id: string }[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: ['items', i, 'id'], message: `duplicate item id "${item.id}"` });
    seen.add(item.id);
  });
}

type DisplayCondition = z.output<typeof displayConditionSchema>;

export function isShown(condition: DisplayCondition, ctx: Pick<BlockContext, 'variables' | 'renderValue'>): boolean {
  return !condition?.enabled || evaluateConditionGroup(condition.group, ctx);
}

/** The item as the contact sees it, or null when its condition hides it or its label renders blank. */
export function showItem(
  item: { id: string; label: string; description?: string; displayCondition?: DisplayCondition },
  ctx: BlockContext,
): ChoiceItem | null {
  if (!isShown(item.displayCondition, ctx)) return null;
  const label = ctx.render(item.label).trim();
  if (!label) return null;
  const description = item.description ? ctx.render(item.description).trim() : '';
  return { id: item.id, label, ...(description ? { description } : {}) };
}

/** What was shown, kept in the session so the answer is matched against it and not against a re-render. */
export interface ShownItem {
  id: string;
  label: string;
}

const choiceStateSchema = z.object({ items: z.array(z.object({ id: z.string(), label: z.string() })).min(1) });

/**
 * Sends the choice and waits. With no option left to show (all hidden, an empty list) waiting would
 * trap the contact in retries, so the block takes its fallback path at once.
 */
export function presentChoice(
  ctx: BlockContext,
  options: { prompt?: string; multiple: boolean },
  items: ChoiceItem[],
): RunResult {
  if (items.length === 0) {
    ctx.log('warn', { en: 'no option to show: taking the fallback path', 'pt-BR': 'nenhuma opção para mostrar: seguindo pelo caminho alternativo' });
    return { next: { path: 'fallback' } };
  }
  const text = options.prompt ? ctx.render(options.prompt).trim() : '';
  const state: { items: ShownItem[] } = { items: items.map(({ id, label }) => ({ id, label })) };
  return {
    messages: [{ type: 'choice', ...(text ? { text } : {}), multiple: options.multiple, items }],
    wait: { for: 'reply', state },
  };
}

const KEYCAP = /[\uFE0F\u20E3]/g;

/** "2", "2.", "2)", "#2", "2️⃣" -> 2; anything else -> null. */
export function parseChoiceNumber(text: string): number | null {
  const m = /^[#(]?\s*(\d{1,3})\s*[).:-]?$/.exec(text.replace(KEYCAP, '').trim());
  return m ? Number(m[1]) : null;
}

/** Punctuation and emoji dropped on top of foldText, so "sim" matches "✅ Sim!". */
function looseKey(s: string): string {
  // Folded first: a decomposed "ç" (c + combining cedilla) must lose its mark, not become "c ".
  return foldText(foldText(s).replace(/[^\p{L}\p{N}]+/gu, ' '));
}

/** One item by its label or its number as shown. */
export function matchItem(text: string, items: readonly ShownItem[]): ShownItem | null {
  const folded = foldText(text);
  if (!folded) return null;
  // The label wins over the position: with labels "0", "1", "2" (how many children?) a typed
  // "2" means the label, and the contact reading a numbered list of numbers is ambiguous anyway.
  const exact = items.find((i) => foldText(i.label) === folded);
  if (exact) return exact;
  const n = parseChoiceNumber(folded);
  if (n !== null) return items[n - 1] ?? null;
  const loose = looseKey(text);
  return (loose && items.find((i) => looseKey(i.label) === loose)) || null;
}

const AND = /\s+(?:e|and|&|\+)\s+|\s*[&+]\s*/i;

/** A part of a multiple answer: a label, several numbers ("1 3"), or labels joined by "e" / "and". */
function matchPart(part: string, items: readonly ShownItem[]): ShownItem[] | null {
  const one = matchItem(part, items);
  if (one) return [one];
  const pieces = /^[\d\s]+$/.test(part.trim()) ? part.trim().split(/\s+/) : part.split(AND);
  if (pieces.length < 2) return null;
  const found: ShownItem[] = [];
  for (const piece of pieces) {
    if (!piece.trim()) continue;
    const hit = matchItem(piece, items);
    if (!hit) return null;
    found.push(hit);
  }
  return found.length ? found : null;
}

/**
 * Several items from "1, 3", "1 e 3", "1 and 3", "Opção Um, Opção Dois". Any part that matches
 * nothing fails the whole answer: dropping it silently would save a choice the contact did not make.
 */
export function matchItems(text: string, items: readonly ShownItem[]): ShownItem[] | null {
  const whole = matchItem(text, items);
  if (whole) return [whole];
  const found = new Set<string>();
  const parts = text.split(/[,;\n]+/).filter((p) => p.trim());
  if (parts.length === 0) return null;
  for (const part of parts) {
    const hits = matchPart(part, items);
    if (!hits) return null;
    for (const h of hits) found.add(h.id);
  }
  return items.filter((i) => found.has(i.id));
}

/** The shown items that answer the reply, in the order shown; null when the answer matches nothing. */
export function matchReply(reply: Reply, items: readonly ShownItem[], multiple: boolean): ShownItem[] | null {
  if (reply.choiceIds?.length) {
    // A click names ids; one not shown (a stale message, a tampered payload) is not an answer.
    const ids = new Set(reply.choiceIds);
    const hits = items.filter((i) => ids.has(i.id));
    if (hits.length !== ids.size || (!multiple && hits.length !== 1)) return null;
    return hits;
  }
  // A photo without a caption, a voice note, a location: nothing to read, so no option matches.
  const content = replyContent(reply);
  if (content.kind !== 'text') return null;
  if (multiple) return matchItems(content.text, items);
  const one = matchItem(content.text, items);
  return one ? [one] : null;
}

// Shown to the contact by the engine (as "<Reason>. Please try again."), so it says how to answer.
const reasons = {
  single: (n: number) => ({
    en: `please choose one of the options: send its number (1 to ${n}) or its text`,
    'pt-BR': `escolha uma das opções: envie o número (de 1 a ${n}) ou o texto dela`,
  }),
  multiple: (n: number) => ({
    en: `please choose among the options: send their numbers (1 to ${n}) separated by commas, e.g. 1, 3`,
    'pt-BR': `escolha entre as opções: envie os números (de 1 a ${n}) separados por vírgula, por exemplo 1, 3`,
  }),
};

/**
 * Matches the reply against the items kept in `state` (or, for a session saved without them,
 * against the items the block would show now) and builds the result: the label (or list of
 * labels) in the variable, and the item's own path for a single static choice.
 */
export function answerChoice(
  options: { variableId?: string; multiple: boolean },
  reply: Reply,
  ctx: Pick<BlockContext, 'locale'>,
  state: unknown,
  currentItems: () => ShownItem[],
  itemPaths: boolean,
): ReplyResult {
  const saved = choiceStateSchema.safeParse(state);
  const items = saved.success ? saved.data.items : currentItems();
  const hits = matchReply(reply, items, options.multiple);
  if (!hits) return { ok: false, reason: reasons[options.multiple ? 'multiple' : 'single'](items.length)[ctx.locale] };
  const set = options.variableId
    ? { [options.variableId]: options.multiple ? hits.map((h) => h.label) : hits[0].label }
    : undefined;
  if (options.multiple || !itemPaths) return { ok: true, ...(set ? { set } : {}) };
  return { ok: true, ...(set ? { set } : {}), next: { path: 'item', itemId: hits[0].id } };
}
