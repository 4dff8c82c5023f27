import { BlockError, defineExecutor, type HandoffRequest, type Locale } from '../contract.js';
import { OUT_OF_HOURS_ITEM, schema } from './schema.js';

/** `{{position}}` is only known once the conversation is in the queue: keep it for the inbox to fill. */
const keepPosition = (template: string) => template.replace(/{{\s*position\s*}}/g, '\\{{position}}');

/**
 * The names this block fills itself (`templateNames`), substituted before the flow's own variables
 * render: `{{opening}}` and `{{department.name}}`. Braces in the values are dropped so a department
 * called "{{x}}" cannot smuggle a template in.
 */
function fillOwn(template: string, values: Record<string, string>): string {
  return template.replace(/{{\s*(opening|department\.name)\s*}}/g, (whole, name: string) => (name in values ? values[name].replace(/[{}]/g, '') : whole));
}

/**
 * What a contact kept in a closed department's queue reads when neither the block nor the department
 * says anything: never silence, since nobody will answer until it opens.
 */
export const DEFAULT_OUT_OF_HOURS: Record<Locale, { opening: string; unknown: string }> = {
  'pt-BR': {
    opening: 'Estamos fora do horário de atendimento. Voltamos {{opening}}: sua mensagem fica na fila e um atendente responde assim que abrirmos.',
    unknown: 'Estamos fora do horário de atendimento. Sua mensagem fica na fila e um atendente responde assim que possível.',
  },
  en: {
    opening: 'We are outside our service hours. We open again {{opening}}: your message stays in the queue and an agent will reply as soon as we open.',
    unknown: 'We are outside our service hours. Your message stays in the queue and an agent will reply as soon as possible.',
  },
};

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
      ...(o.waitingMessage.trim() ? { waitingMessage: ctx.render(keepPosition(fillOwn(o.waitingMessage, { 'department.name': dept.name }))) } : {}),
    };
    if (dept.open) return { wait: { for: 'human', handoff } };

    ctx.log('info', { en: `department "${dept.name}" is out of hours`, 'pt-BR': `o departamento "${dept.name}" está fora do horário` });
    const opening = dept.nextOpening ?? '';
    const standard = o.outOfHours === 'queue' ? DEFAULT_OUT_OF_HOURS[ctx.locale][opening ? 'opening' : 'unknown'] : '';
    // A path speaks for itself: only the texts someone wrote are sent before following it.
    const template = o.outOfHoursMessage.trim() || dept.outOfHoursMessage.trim() || standard;
    const text = template ? ctx.render(fillOwn(template, { opening, 'department.name': dept.name })) : '';
    const messages = text ? [{ type: 'text' as const, text }] : [];
    if (o.outOfHours === 'path') return { messages, next: { path: 'item', itemId: OUT_OF_HOURS_ITEM } };
    return { messages, wait: { for: 'human', handoff } };
  },
});
