import type { z } from 'zod';
import type { BlockContext, ChoiceItem } from '../contract.js';
import { defineExecutor } from '../contract.js';
import { answerChoice, presentChoice, showItem } from '../shared/choice.js';
import { schema } from './schema.js';

type Options = z.output<typeof schema.options>;

function visibleItems(options: Options, ctx: BlockContext): ChoiceItem[] {
  return options.items.flatMap((item) => {
    const shown = showItem({ ...item, label: item.title }, ctx);
    if (!shown) return [];
    const imageUrl = ctx.renderValue(item.imageUrl).trim();
    // A broken picture should not cost the contact the option: it is still offered as text.
    if (/^https?:\/\/\S+$/i.test(imageUrl)) return [{ ...shown, imageUrl }];
    ctx.log(
      'warn',
      { en: 'option image is not an http(s) address: sent without it', 'pt-BR': 'a imagem da opção não é um endereço http(s): enviada sem ela' },
      { itemId: item.id, imageUrl },
    );
    return [shown];
  });
}

export const executor = defineExecutor(schema, {
  run(options, ctx) {
    return presentChoice(ctx, options, visibleItems(options, ctx));
  },
  reply(options, reply, ctx, state) {
    return answerChoice(options, reply, ctx, state, () => visibleItems(options, ctx), true);
  },
});
