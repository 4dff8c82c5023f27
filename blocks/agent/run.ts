import { BlockError, defineExecutor, type HandoffRequest } from '../contract.js';
import { OUT_OF_HOURS_ITEM, schema } from './schema.js';

/** `{{position}}` is only known once the conversation is in the queue: keep it for the inbox to fill. */
const keepPosition = (template: string) => template.replace(/{{\s*position\s*}}/g, '\\{{position}}');

export const executor = defineExecutor(schema, {
  run(o, ctx) {
    if (!o.departmentId) throw new BlockError({ en: 'no department chosen in the Agent block', 'pt-BR': 'nenhum departamento escolhido no bloco Atendente' });
    const service = ctx.services.handoff;
    if (!service) throw new BlockError({ en: 'human handoff is not available on this channel', 'pt-BR': 'a transferência para a equipe não está disponível neste canal' });
    // A department picked in the form is an id; `{{department}}` routes by a variable holding a code or name.
    const ref = o.departmentId.includes('{{') ? ctx.renderValue(o.departmentId).trim() : o.departmentId;
    if (!ref) throw new BlockError({
        en: `the department variable in "${o.departmentId}" is empty`,
        'pt-BR': `a variável de departamento em "${o.departmentId}" está vazia`,
      });
    const dept = service.department(ref, ctx.now, ctx.locale);
    if (!dept) throw new BlockError({
        en: `no department "${ref}": it was deleted, or no department has this code or name`,
        'pt-BR': `não existe o departamento "${ref}": foi excluído, ou nenhum departamento tem este código ou nome`,
      });
    const handoff: HandoffRequest = {
      departmentId: dept.id,
      mode: o.assign.mode === 'agent' && !o.assign.agentId ? 'auto' : o.assign.mode,
      ...(o.assign.mode === 'agent' && o.assign.agentId ? { agentId: o.assign.agentId } : {}),
      ...(o.waitingMessage.trim() ? { waitingMessage: ctx.render(keepPosition(o.waitingMessage)) } : {}),
    };
    if (dept.open) return { wait: { for: 'human', handoff } };

    ctx.log('info', { en: `department "${dept.name}" is out of hours`, 'pt-BR': `o departamento "${dept.name}" está fora do horário` });
    const template = o.outOfHoursMessage.trim() || dept.outOfHoursMessage.trim();
    const opening = dept.nextOpening ?? '';
    // `opening` is not a flow variable: substitute it before the flow's own variables render.
    const text = template ? ctx.render(template.replace(/{{\s*opening\s*}}/g, opening.replace(/[{}]/g, ''))) : '';
    const messages = text ? [{ type: 'text' as const, text }] : [];
    if (o.outOfHours === 'path') return { messages, next: { path: 'item', itemId: OUT_OF_HOURS_ITEM } };
    return { messages, wait: { for: 'human', handoff } };
  },
});
