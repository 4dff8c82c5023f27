import { z } from 'zod';
import { defineBlock } from '../contract.js';

const modeMeta = { label: { en: 'Mode', 'pt-BR': 'Modo' }, input: 'hidden' } as const;

export const OUT_OF_HOURS_ITEM = 'out_of_hours';

export const schema = defineBlock({
  kind: 'agent',
  category: 'chat',
  label: { en: 'Agent', 'pt-BR': 'Atendente' },
  icon: '🧑‍💼',
  options: z.object({
    // Empty only on a freshly dropped block, which must parse before a department is picked.
    departmentId: z
      .string()
      .default('')
      .meta({
        label: { en: 'Department', 'pt-BR': 'Departamento' },
        input: 'department',
        help: {
          en: 'The queue that receives the conversation; or a {{variable}} holding a department code or name. Its business hours decide what happens out of hours.',
          'pt-BR': 'A fila que recebe o atendimento; ou uma {{variável}} com o código ou o nome do departamento. O horário de funcionamento dela decide o que acontece fora do horário.',
        },
      }),
    assign: z
      .discriminatedUnion('mode', [
        z.object({ mode: z.literal('auto').meta(modeMeta) }),
        z.object({ mode: z.literal('queue').meta(modeMeta) }),
        z.object({
          mode: z.literal('agent').meta(modeMeta),
          agentId: z
            .string()
            .default('')
            .meta({ label: { en: 'Agent', 'pt-BR': 'Atendente' }, input: 'agent' }),
        }),
      ])
      .default({ mode: 'auto' })
      .meta({
        label: { en: 'Who answers', 'pt-BR': 'Quem atende' },
        input: 'select',
        options: {
          auto: { en: 'Any available agent (round-robin)', 'pt-BR': 'Qualquer atendente disponível (rodízio)' },
          queue: { en: 'The queue: agents pick it up', 'pt-BR': 'A fila: os atendentes pegam' },
          agent: { en: 'A specific agent', 'pt-BR': 'Um atendente específico' },
        },
        help: {
          en: 'Round-robin: the online member who got a conversation longest ago and still has room. Queue: it waits in Waiting until someone picks it up. Specific agent: it waits for that person if they are away or full.',
          'pt-BR': 'Rodízio: o membro online que recebeu um atendimento há mais tempo e ainda tem vaga. Fila: aguarda em "Aguardando" até alguém atender. Atendente específico: espera por essa pessoa se ela estiver ausente ou sem vaga.',
        },
      }),
    waitingMessage: z
      .string()
      .max(1000, 'the message holds at most 1000 characters')
      .default('')
      .meta({
        label: { en: 'Message while waiting', 'pt-BR': 'Mensagem enquanto aguarda' },
        input: 'template',
        placeholder: {
          en: 'You are number {{position}} in the queue. An agent will be with you shortly.',
          'pt-BR': 'Você é o {{position}}º da fila. Logo um atendente vai falar com você.',
        },
        help: {
          en: 'Sent when nobody can take the conversation at once. {{position}} is the place in the queue, {{department.name}} the department. Empty: nothing is sent.',
          'pt-BR': 'Enviada quando ninguém pode assumir na hora. {{position}} é a posição na fila, {{department.name}} o departamento. Vazia: nada é enviado.',
        },
      }),
    outOfHours: z
      .enum(['queue', 'path'])
      .default('queue')
      .meta({
        label: { en: 'Out of hours', 'pt-BR': 'Fora do horário' },
        input: 'select',
        options: {
          queue: { en: 'Tell the contact and keep them in the queue', 'pt-BR': 'Avisar o contato e manter na fila' },
          path: { en: 'Tell the contact and follow the "out of hours" path', 'pt-BR': 'Avisar o contato e seguir o caminho "fora do horário"' },
        },
      }),
    outOfHoursMessage: z
      .string()
      .max(1000, 'the message holds at most 1000 characters')
      .default('')
      .meta({
        label: { en: 'Out-of-hours message', 'pt-BR': 'Mensagem fora do horário' },
        input: 'template',
        placeholder: {
          en: "We're closed right now. We open again {{opening}}.",
          'pt-BR': 'Estamos fechados agora. Voltamos {{opening}}.',
        },
        help: {
          en: "Empty: the department's own message, or else a standard one saying when it opens (in the queue mode). {{opening}} is when it opens next.",
          'pt-BR': 'Vazia: a mensagem do próprio departamento ou, na fila, uma mensagem padrão dizendo quando ele abre. {{opening}} é quando ele abre de novo.',
        },
      }),
  }),
  defaults: () => ({ departmentId: '', assign: { mode: 'auto' as const }, waitingMessage: '', outOfHours: 'queue' as const, outOfHoursMessage: '' }),
  // After a human, the conversation ends or an agent hands it back to a flow of their choice.
  hasDefaultPath: false,
  pauses: true,
  // One spelling with the Inbox's greetings and quick replies (see runtime/inbox/template-names.ts).
  templateNames: ['position', 'opening', 'department'],
  items: (o) => (o.outOfHours === 'path' ? [{ id: OUT_OF_HOURS_ITEM, label: 'Out of hours / Fora do horário' }] : []),
});
