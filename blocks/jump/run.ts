import { BlockError, defineExecutor } from '../contract.js';
import { schema } from './schema.js';

export const executor = defineExecutor(schema, {
  run({ target }) {
    // A jump has no path of its own to fall back to: a missing target is a flow error for the
    // engine to report, not a silent end of the conversation.
    if (!target.groupId) throw new BlockError({ en: 'jump block has no target group', 'pt-BR': 'o bloco Pular para não tem grupo de destino' });
    return { next: { path: 'jump', groupId: target.groupId, ...(target.blockId ? { blockId: target.blockId } : {}) } };
  },
});
