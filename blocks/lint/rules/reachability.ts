// Groups no contact can reach: from the events, along edges, jumps and in-group fall-through.
import type { BlockInfo, Target } from '../flow-index.js';
import { targetKeysOf } from '../flow-index.js';
import { groupTitle, msg } from '../messages.js';
import type { FlowRule, Problem } from '../problem.js';

export const unreachableGroup: FlowRule = {
  scope: 'flow',
  check({ events, groups, eventEdge, groupById, blockById, defaultEdge, fallbackEdge, itemEdges, targetExists }) {
    const entries: Target[] = [];
    for (const ev of events) {
      const e = eventEdge.get(ev.id);
      if (e && targetExists(e.to)) entries.push(e.to);
    }
    if (!entries.length) return []; // no-start already says so
    const reachedGroups = new Set<string>();
    const visited = new Set<BlockInfo>();
    const queue: Target[] = [...entries];
    const enqueue = (t: Target | undefined | null) => {
      if (t && targetExists(t)) queue.push(t);
    };
    while (queue.length) {
      const t = queue.pop()!;
      const g = groupById.get(t.groupId)!;
      reachedGroups.add(g.group.id);
      const blocks = g.group.blocks ?? [];
      for (let i = t.blockId ? g.blockIndex.get(t.blockId)! : 0; i < blocks.length; i++) {
        const info = blockById.get(blocks[i].id);
        if (!info || info.group !== g.group || visited.has(info)) break;
        visited.add(info);
        const id = info.block.id;
        const d = defaultEdge.get(id);
        enqueue(d?.to);
        enqueue(fallbackEdge.get(id)?.to);
        for (const e of itemEdges.get(id)?.values() ?? []) enqueue(e.to);
        for (const key of targetKeysOf(info.block.kind)) enqueue(info.options?.[key]);
        if (d || info.def?.hasDefaultPath === false) break;
      }
    }
    return groups
      .filter((g) => !reachedGroups.has(g.id))
      .map((g): Problem => {
        const t = groupTitle(g);
        return {
          severity: 'warning',
          code: 'unreachable-group',
          message: msg(
            `Group "${t}" can never be reached: no event, connection or jump leads to it. Connect it or delete it.`,
            `O grupo "${t}" nunca é alcançado: nenhum evento, conexão ou salto leva até ele. Conecte-o ou apague-o.`,
          ),
          groupId: g.id,
        };
      });
  },
};
