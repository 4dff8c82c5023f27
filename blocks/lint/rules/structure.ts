// The flow's skeleton: a start, edges that lead somewhere, groups with blocks, blocks of a known
// kind whose options parse.
import { formatPath } from '../../flow.js';
import { localizeSchemaMessage } from '../../schema-messages.js';
import type { Target } from '../flow-index.js';
import { at, blockRef, cap, fieldLabel, groupTitle, msg } from '../messages.js';
import type { BlockRule, FlowRule, Problem } from '../problem.js';
import { hasEmptyButtons } from './inputs.js';

export const noStart: FlowRule = {
  scope: 'flow',
  check({ events, eventEdge }) {
    const start = events.find((ev) => ev.kind === 'start');
    if (!start) {
      return [
        {
          severity: 'error',
          code: 'no-start',
          message: msg(
            'The flow has no start event: add one and connect it to the first group, or contacts who write get no answer.',
            'O fluxo não tem evento de início: adicione um e conecte-o ao primeiro grupo, senão quem escrever não recebe resposta.',
          ),
        },
      ];
    }
    if (!eventEdge.has(start.id)) {
      return [
        {
          severity: 'error',
          code: 'no-start',
          message: msg(
            'The start event is not connected to any group: connect it to the group the conversation begins with.',
            'O evento de início não está conectado a nenhum grupo: conecte-o ao grupo em que a conversa começa.',
          ),
          eventId: start.id,
        },
      ];
    }
    return [];
  },
};

export const edgeTargetMissing: FlowRule = {
  scope: 'flow',
  check({ edges, eventIds, blockById, groupById }) {
    const out: Problem[] = [];
    for (const e of edges) {
      const from = e.from as Record<string, unknown>;
      const to = (e.to ?? {}) as Partial<Target>;
      if (typeof from.eventId === 'string') {
        if (!eventIds.has(from.eventId)) {
          out.push({
            severity: 'error',
            code: 'edge-target-missing',
            message: msg(
              `A connection leaves an event that no longer exists ("${from.eventId}"): delete it.`,
              `Uma conexão sai de um evento que não existe mais ("${from.eventId}"): apague-a.`,
            ),
            edgeId: e.id,
          });
        }
      } else if (typeof from.blockId === 'string') {
        const info = blockById.get(from.blockId);
        if (!info) {
          out.push({
            severity: 'error',
            code: 'edge-target-missing',
            message: msg(
              `A connection leaves a block that no longer exists ("${from.blockId}"): delete it.`,
              `Uma conexão sai de um bloco que não existe mais ("${from.blockId}"): apague-a.`,
            ),
            edgeId: e.id,
          });
        } else if (typeof from.itemId === 'string' && info.items && !info.items.some((it) => it.id === from.itemId)) {
          const ref = blockRef(info);
          out.push({
            severity: 'error',
            code: 'edge-target-missing',
            message: msg(
              `A connection leaves an option of ${ref.en} that no longer exists ("${from.itemId}"): delete it or connect an existing option.`,
              `Uma conexão sai de uma opção d${ref['pt-BR']} que não existe mais ("${from.itemId}"): apague-a ou conecte uma opção existente.`,
            ),
            ...at(info),
            edgeId: e.id,
          });
        }
      }
      const g = typeof to.groupId === 'string' ? groupById.get(to.groupId) : undefined;
      if (!g) {
        out.push({
          severity: 'error',
          code: 'edge-target-missing',
          message: msg(
            `A connection goes to a group that no longer exists ("${to.groupId ?? ''}"): delete it or connect it to another group.`,
            `Uma conexão vai para um grupo que não existe mais ("${to.groupId ?? ''}"): apague-a ou conecte-a a outro grupo.`,
          ),
          edgeId: e.id,
        });
      } else if (to.blockId && !g.blockIndex.has(to.blockId)) {
        const t = groupTitle(g.group);
        out.push({
          severity: 'error',
          code: 'edge-target-missing',
          message: msg(
            `A connection goes to a block that is no longer in group "${t}" ("${to.blockId}"): connect it again.`,
            `Uma conexão vai para um bloco que não está mais no grupo "${t}" ("${to.blockId}"): conecte-a de novo.`,
          ),
          groupId: g.group.id,
          edgeId: e.id,
        });
      }
    }
    return out;
  },
};

export const emptyGroup: FlowRule = {
  scope: 'flow',
  check({ groups }) {
    return groups
      .filter((g) => !g.blocks?.length)
      .map((g): Problem => {
        const t = groupTitle(g);
        return {
          severity: 'warning',
          code: 'empty-group',
          message: msg(
            `Group "${t}" has no blocks: a contact who reaches it sees the conversation end. Add blocks or delete it.`,
            `O grupo "${t}" não tem blocos: quem chegar nele vê a conversa terminar. Adicione blocos ou apague-o.`,
          ),
          groupId: g.id,
        };
      });
  },
};

export const unknownKind: BlockRule = {
  scope: 'block',
  check(info) {
    if (info.def) return [];
    const g = groupTitle(info.group);
    return [
      {
        severity: 'error',
        code: 'unknown-kind',
        message: msg(
          `Block #${info.bi + 1} in group "${g}" is of an unknown kind "${info.block.kind}": delete it or replace it.`,
          `O bloco nº ${info.bi + 1} do grupo "${g}" é de um tipo desconhecido, "${info.block.kind}": apague-o ou substitua-o.`,
        ),
        ...at(info),
      },
    ];
  },
};

/** The first option issue, in the form's words; the ones empty-buttons already explains are left out. */
export const invalidOptions: BlockRule = {
  scope: 'block',
  check(info) {
    const { def } = info;
    if (!def || !info.issues) return [];
    const rest = hasEmptyButtons(info)
      ? info.issues.filter((i) => !(i.path[0] === 'items' && (i.path.length === 1 || i.path[2] === 'label' || i.path[2] === 'title')))
      : info.issues;
    const first = rest[0];
    if (!first) return [];
    const ref = blockRef(info);
    const label = first.path.length ? fieldLabel(def.options, first.path) : null;
    const where = first.path.length ? formatPath(first.path) : '';
    const fieldEn = label ? `${label.en} (${where})` : where;
    const fieldPt = label ? `${label['pt-BR']} (${where})` : where;
    const reasonPt = localizeSchemaMessage(first.message, 'pt-BR');
    return [
      {
        severity: 'error',
        code: 'invalid-options',
        message: msg(
          fieldEn
            ? `${cap(ref.en)} has an invalid setting, ${fieldEn}: ${first.message}.`
            : `${cap(ref.en)} has an invalid setting: ${first.message}.`,
          fieldPt
            ? `${cap(ref['pt-BR'])} tem uma configuração inválida, ${fieldPt}: ${reasonPt}.`
            : `${cap(ref['pt-BR'])} tem uma configuração inválida: ${reasonPt}.`,
        ),
        ...at(info),
      },
    ];
  },
};
