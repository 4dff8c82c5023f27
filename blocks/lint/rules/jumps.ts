// Jumps: a destination that exists, and no jump back into its own group that loops without
// ever pausing.
import type { BlockInfo, FlowIndex, Target } from '../flow-index.js';
import { targetKeysOf } from '../flow-index.js';
import { at, blockRef, cap, groupTitle, msg } from '../messages.js';
import type { BlockRule, Problem } from '../problem.js';

/** jump-target-missing / jump-to-self, for every option of the block that holds a jump target. */
export const jumpTargets: BlockRule = {
  scope: 'block',
  check(info, ix) {
    const out: Problem[] = [];
    const ref = blockRef(info);
    const o = (info.options ?? {}) as Record<string, unknown>;
    for (const key of targetKeysOf(info.block.kind)) {
      const t = o[key] as Partial<Target> | undefined;
      const gid = typeof t?.groupId === 'string' ? t.groupId : '';
      if (!gid) {
        out.push({
          severity: 'error',
          code: 'jump-target-missing',
          message: msg(`${cap(ref.en)} has no destination: choose the group to go to.`, `${cap(ref['pt-BR'])} não tem destino: escolha o grupo para onde ir.`),
          ...at(info),
        });
        continue;
      }
      const g = ix.groupById.get(gid);
      if (!g) {
        out.push({
          severity: 'error',
          code: 'jump-target-missing',
          message: msg(
            `${cap(ref.en)} goes to a group that no longer exists ("${gid}"): choose another one.`,
            `${cap(ref['pt-BR'])} vai para um grupo que não existe mais ("${gid}"): escolha outro.`,
          ),
          ...at(info),
        });
        continue;
      }
      if (t?.blockId && !g.blockIndex.has(t.blockId)) {
        const gt = groupTitle(g.group);
        out.push({
          severity: 'error',
          code: 'jump-target-missing',
          message: msg(
            `${cap(ref.en)} goes to a block that is no longer in group "${gt}" ("${t.blockId}"): choose another one.`,
            `${cap(ref['pt-BR'])} vai para um bloco que não está mais no grupo "${gt}" ("${t.blockId}"): escolha outro.`,
          ),
          ...at(info),
        });
        continue;
      }
      if (g.group !== info.group) continue;
      const from = t?.blockId ? g.blockIndex.get(t.blockId)! : 0;
      if (from <= info.bi && !loopCanStop(info, from, ix)) {
        out.push({
          severity: 'warning',
          code: 'jump-to-self',
          message: msg(
            `${cap(ref.en)} goes back to ${from === 0 ? 'the start of its own group' : `block #${from + 1} of its own group`} with no question or wait in between: the flow would loop until the step limit stops it.`,
            `${cap(ref['pt-BR'])} volta para ${from === 0 ? 'o início do próprio grupo' : `o bloco nº ${from + 1} do próprio grupo`} sem nenhuma pergunta ou espera no caminho: o fluxo ficaria em loop até o limite de passos pará-lo.`,
          ),
          ...at(info),
        });
      }
    }
    return out;
  },
};

/**
 * Whether the stretch of blocks `from..jump` of the jump's group (which the jump sends back to
 * `from`) can stop or leave: an input or a pausing block waits, an edge, an End or another Jump leaves.
 */
function loopCanStop(jump: BlockInfo, from: number, { blockById, defaultEdge, itemEdges }: FlowIndex): boolean {
  const blocks = jump.group.blocks;
  for (let i = from; i < jump.bi; i++) {
    const info = blockById.get(blocks[i].id);
    if (!info) continue;
    if (info.def?.isInput || info.def?.pauses) return true;
    if (info.def?.hasDefaultPath === false) return true;
    if (defaultEdge.has(info.block.id) || itemEdges.get(info.block.id)?.size) return true;
  }
  return false;
}
