import type { z } from 'zod';
import type { BlockContext, ChoiceItem } from '../contract.js';
import { defineExecutor } from '../contract.js';
import { answerChoice, presentChoice, showItem } from '../shared/choice.js';
import { schema } from './schema.js';

type Options = z.output<typeof schema.options>;

function visibleItems(options: Options, ctx: BlockContext): ChoiceItem[] {
  if (options.source === 'variable') {
    const value = options.listVariableId ? ctx.variables[options.listVariableId] : undefined;
    const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
    // Ids follow the element's position in the list, not in the shown options, so they stay put
    // when blank elements are skipped.
    return list.flatMap((el, i) => {
      const label = el === null ? '' : String(el).trim();
      return label ? [{ id: `v${i}`, label }] : [];
    });
  }
  return options.items.flatMap((item) => showItem(item, ctx) ?? []);
}

export const executor = defineExecutor(schema, {
  run(options, ctx) {
    return presentChoice(ctx, options, visibleItems(options, ctx));
  },
  reply(options, reply, ctx, state) {
    return answerChoice(options, reply, ctx, state, () => visibleItems(options, ctx), options.source === 'static');
  },
});
