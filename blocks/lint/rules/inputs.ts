// Questions: a choice has options with text, every answer leads somewhere, and an answer that
// keeps being invalid has a way out.
import type { BlockInfo } from '../flow-index.js';
import { at, blockRef, cap, msg } from '../messages.js';
import type { BlockRule, Problem } from '../problem.js';

/** The options a choice input shows when they are typed in (not read from a list variable). */
function typedOptions(info: BlockInfo): any[] | null {
  const { def } = info;
  const o = info.options ?? {};
  if (!def?.isInput || !def.items || (o.source !== undefined && o.source !== 'static')) return null;
  return Array.isArray(o.items) ? o.items : [];
}

const optionText = (item: any): unknown => item?.label ?? item?.title;
const blank = (text: unknown) => typeof text !== 'string' || !text.trim();

/** Whether empty-buttons reports this block (then invalid-options leaves those issues to it). */
export function hasEmptyButtons(info: BlockInfo): boolean {
  const list = typedOptions(info);
  return !!list && (list.length === 0 || list.some((item) => blank(optionText(item))));
}

export const emptyButtons: BlockRule = {
  scope: 'block',
  check(info) {
    const list = typedOptions(info);
    if (!list) return [];
    const ref = blockRef(info);
    if (list.length === 0) {
      return [
        {
          severity: 'error',
          code: 'empty-buttons',
          message: msg(`${cap(ref.en)} has no options: add at least one.`, `${cap(ref['pt-BR'])} não tem opções: adicione pelo menos uma.`),
          ...at(info),
        },
      ];
    }
    const out: Problem[] = [];
    list.forEach((item, i) => {
      if (!blank(optionText(item))) return;
      out.push({
        severity: 'error',
        code: 'empty-buttons',
        message: msg(
          `Option #${i + 1} of ${ref.en} has no text: type what the contact sees.`,
          `A opção nº ${i + 1} d${ref['pt-BR']} está sem texto: digite o que o contato vai ver.`,
        ),
        ...at(info),
      });
    });
    return out;
  },
};

/** dead-end-input, with an unconnected-item warning for each answer that leads nowhere. */
export const deadEndInput: BlockRule = {
  scope: 'block',
  check(info, { defaultEdge, itemEdges }) {
    const { block, group, def } = info;
    if (!def?.isInput) return [];
    const continues = defaultEdge.has(block.id) || info.bi < group.blocks.length - 1;
    if (continues) return [];
    const items = info.items ?? [];
    const connected = itemEdges.get(block.id);
    const loose = items.filter((it) => !connected?.has(it.id));
    if (items.length > 0 && loose.length === 0) return [];
    const ref = blockRef(info);
    const some = items.length > 0 && loose.length < items.length;
    const names = loose.map((it) => `"${it.label}"`).join(', ');
    const many = loose.length > 1;
    const out: Problem[] = [
      {
        severity: 'error',
        code: 'dead-end-input',
        message: some
          ? msg(
              `${cap(ref.en)} asks a question, but the answer${many ? 's' : ''} ${names} lead${many ? '' : 's'} nowhere: the conversation would just stop. Connect ${many ? 'them' : 'it'}, connect the block's output or add a block after it.`,
              `${cap(ref['pt-BR'])} faz uma pergunta, mas ${many ? 'as respostas' : 'a resposta'} ${names} não ${many ? 'levam' : 'leva'} a lugar nenhum: a conversa simplesmente pararia. Conecte-${many ? 'as' : 'a'}, conecte a saída do bloco ou adicione um bloco depois dele.`,
            )
          : msg(
              `${cap(ref.en)} asks a question, but the answer leads nowhere: the conversation would just stop. Connect its output or add a block after it.`,
              `${cap(ref['pt-BR'])} faz uma pergunta, mas a resposta não leva a lugar nenhum: a conversa simplesmente pararia. Conecte a saída dele ou adicione um bloco depois dele.`,
            ),
        ...at(info),
      },
    ];
    for (const it of loose) {
      out.push({
        severity: 'warning',
        code: 'unconnected-item',
        message: msg(
          `Option "${it.label}" of ${ref.en} is not connected: choosing it ends the conversation.`,
          `A opção "${it.label}" d${ref['pt-BR']} não está conectada: escolhê-la encerra a conversa.`,
        ),
        ...at(info),
      });
    }
    return out;
  },
};

/**
 * An input whose fallback handle leads nowhere: after the last invalid answer the contact has
 * no way on. Every input can refuse an answer (an empty one, a sticker), so every input gets it.
 */
export const unconnectedFallback: BlockRule = {
  scope: 'block',
  check(info, { fallbackEdge }) {
    if (!info.def?.isInput || fallbackEdge.has(info.block.id)) return [];
    const ref = blockRef(info);
    return [
      {
        severity: 'warning',
        code: 'unconnected-fallback',
        message: msg(
          `${cap(ref.en)} has no fallback path: a contact who keeps answering something it cannot accept has nowhere to go after the last try. Connect its "fallback" output to where the conversation should go on.`,
          `${cap(ref['pt-BR'])} não tem caminho alternativo: quem continuar respondendo algo que ele não aceita não tem para onde ir depois da última tentativa. Conecte a saída "alternativo" ao ponto em que a conversa deve seguir.`,
        ),
        ...at(info),
      },
    ];
  },
};
