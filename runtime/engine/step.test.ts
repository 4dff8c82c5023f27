import { describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../../blocks/contract.js';
import type { FlowDocument } from '../../blocks/flow.js';
import { buildFlow, text } from '../testing/flow-builder.js';
import { step, type EngineEvent, type SessionState, type StepEnv } from './step.js';

const env = (at = '2026-03-10T12:00:00Z', seed = 7): StepEnv => ({
  now: new Date(at),
  contact: { id: 'c1', name: 'Ana', phone: '+5511987654321' },
  seed,
});

const texts = (msgs: { message: OutgoingMessage }[]) =>
  msgs.map((m) => (m.message.type === 'text' ? m.message.text : m.message.type));

/** Runs a conversation: start, then each reply; returns everything said per turn. */
async function converse(doc: FlowDocument, replies: string[], at = '2026-03-10T12:00:00Z') {
  let session: SessionState | null = null;
  const turns: string[][] = [];
  const events: EngineEvent[] = [{ type: 'start' }, ...replies.map((t) => ({ type: 'reply' as const, reply: { text: t } }))];
  for (const ev of events) {
    const r = await step(doc, session, ev, env(at));
    session = r.session;
    turns.push(texts(r.messages));
  }
  return { turns, session: session! };
}

const order = buildFlow({
  variables: ['name', 'age'],
  groups: [
    {
      id: 'g1',
      blocks: [
        text('b1', 'Olá! Qual é o seu nome?'),
        { id: 'b2', kind: 'input-text', options: { variableId: 'name', retryMessage: '' } },
        text('b3', 'Prazer, {{name}}! Quantos anos você tem?'),
        { id: 'b4', kind: 'input-number', options: { variableId: 'age', min: 0, max: 120, retryMessage: 'Digite um número entre 0 e 120.', maxRetries: 2 } },
        {
          id: 'b5',
          kind: 'condition',
          options: {
            items: [
              {
                id: 'adult',
                group: { logicalOperator: 'and', comparisons: [{ id: 'c1', variableId: 'age', operator: 'greater_or_equal', value: '18' }] },
              },
            ],
          },
        },
        text('b6', 'Você é menor de idade.'),
      ],
    },
    { id: 'g_adult', blocks: [text('a1', '{{name}}, você é maior de idade.')] },
    { id: 'g_fallback', blocks: [text('f1', 'Vamos seguir sem sua idade.')] },
  ],
  edges: [
    { from: { blockId: 'b5', itemId: 'adult' }, to: { groupId: 'g_adult' } },
    { from: { blockId: 'b4', path: 'fallback' }, to: { groupId: 'g_fallback' } },
  ],
});

describe('engine step', () => {
  it('runs bubbles until an input waits, saves answers and follows a condition', async () => {
    const { turns, session } = await converse(order, ['Ana', '34']);
    expect(turns).toEqual([
      ['Olá! Qual é o seu nome?'],
      ['Prazer, Ana! Quantos anos você tem?'],
      ['Ana, você é maior de idade.'],
    ]);
    expect(session.status).toBe('ended');
    expect(session.variables).toEqual({ name: 'Ana', age: 34 });
  });

  it('takes the else path when no condition item matches', async () => {
    const { turns } = await converse(order, ['Bia', '12']);
    expect(turns[2]).toEqual(['Você é menor de idade.']);
  });

  it('sends the retry message on invalid answers and takes the fallback after the limit', async () => {
    const { turns, session } = await converse(order, ['Ana', 'trinta', '200']);
    expect(turns[2]).toEqual(['Digite um número entre 0 e 120.']);
    expect(turns[3]).toEqual(['Vamos seguir sem sua idade.']);
    expect(session.variables.age).toBeUndefined();
  });

  it("tells the contact the block's reason when neither block nor flow has a retry text", async () => {
    const { turns } = await converse(order, ['   ']);
    expect(turns[1]).toEqual(['A resposta está vazia. Pode tentar de novo?']);
    const withFlowText = buildFlow({
      settings: { retryMessage: 'Resposta inválida, {{contact.name}}.' },
      groups: [{ id: 'g', blocks: [{ id: 'n', kind: 'input-number', options: { max: 5 } }] }],
    });
    const r = await converse(withFlowText, ['9']);
    expect(r.turns[1]).toEqual(['Resposta inválida, Ana.']);
  });

  it('asks again instead of ending when an input exhausts its tries without a fallback path', async () => {
    const doc = buildFlow({
      variables: ['email'],
      settings: { maxRetries: 2, fallbackMessage: 'Tente mais tarde, {{contact.name}}.' },
      groups: [{ id: 'g', blocks: [{ id: 'e', kind: 'input-email', options: { variableId: 'email' } }, text('ok', 'Anotado: {{email}}')] }],
    });
    let r = await step(doc, null, { type: 'start' }, env());
    for (const wrong of ['nope', 'still nope', 'again nope']) {
      r = await step(doc, r.session, { type: 'reply', reply: { text: wrong } }, env());
      expect(texts(r.messages)).toEqual(['A resposta não é um endereço de e-mail. Pode tentar de novo?']);
      expect(r.session.status).toBe('active');
      expect(r.session.waiting).toMatchObject({ kind: 'reply', blockId: 'e' });
    }
    // The second failure reached the limit: the log says why the question came back.
    r = await step(doc, r.session, { type: 'reply', reply: { text: 'x' } }, env());
    expect(r.logs.map((l) => l.message)).toContain('resposta inválida 2 vezes e o caminho alternativo não está ligado: perguntando de novo');
    expect(r.logs.every((l) => l.level !== 'error')).toBe(true);
    r = await step(doc, r.session, { type: 'reply', reply: { text: 'ana@exemplo.com' } }, env());
    expect(texts(r.messages)).toEqual(['Anotado: ana@exemplo.com']);
    expect(r.session.status).toBe('ended');
  });

  it('shows the options again when a choice exhausts its tries without a fallback path', async () => {
    const doc = buildFlow({
      settings: { maxRetries: 1 },
      groups: [
        {
          id: 'g',
          blocks: [{ id: 'b', kind: 'input-buttons', options: { prompt: 'Escolha', items: [{ id: 'i1', label: 'Vendas' }, { id: 'i2', label: 'Suporte' }] } }],
        },
        { id: 'sales', blocks: [text('s', 'Vendas aqui')] },
      ],
      edges: [{ from: { blockId: 'b', itemId: 'i1' }, to: { groupId: 'sales' } }],
    });
    let r = await step(doc, null, { type: 'start' }, env());
    r = await step(doc, r.session, { type: 'reply', reply: { text: 'talvez' } }, env());
    expect(texts(r.messages)).toEqual([expect.stringMatching(/Pode tentar de novo\?$/), 'choice']);
    expect(r.session.waiting).toMatchObject({ kind: 'reply', blockId: 'b', failures: 0 });
    r = await step(doc, r.session, { type: 'reply', reply: { text: '1' } }, env());
    expect(texts(r.messages)).toEqual(['Vendas aqui']);
  });

  it("shows numbers and dates in the flow's language, and stores and compares them as they are", async () => {
    const doc = buildFlow({
      variables: ['price', 'date', 'copy'],
      groups: [
        {
          id: 'g',
          blocks: [
            { id: 'p', kind: 'input-number', options: { variableId: 'price', allowDecimals: true } },
            { id: 'd', kind: 'input-date', options: { variableId: 'date' } },
            { id: 's', kind: 'set-variable', options: { variableId: 'copy', operation: { kind: 'template', value: '{{date}} {{price}}' } } },
            {
              id: 'c',
              kind: 'condition',
              options: { items: [{ id: 'same', group: { logicalOperator: 'and', comparisons: [{ id: 'x', variableId: 'date', operator: 'equal', value: '{{date}}' }] } }] },
            },
            text('no', 'diferente'),
          ],
        },
        { id: 'yes', blocks: [text('t', 'R$ {{price}} em {{date}} ({{raw price}})')] },
      ],
      edges: [{ from: { blockId: 'c', itemId: 'same' }, to: { groupId: 'yes' } }],
    });
    const { turns, session } = await converse(doc, ['10,5', '25/12/2026']);
    expect(turns[2]).toEqual(['R$ 10,5 em 25/12/2026 (10.5)']);
    expect(session.variables).toMatchObject({ price: 10.5, date: '2026-12-25', copy: '2026-12-25 10.5' });
  });

  it("records the flow's typing delay on each bot message, for channels to show typing before it", async () => {
    const groups = [{ id: 'g', blocks: [text('a', 'Oi'), text('b', 'Tudo bem?'), { id: 'n', kind: 'input-number', options: {} }] }];
    const paced = buildFlow({ settings: { typingDelayMs: 1200 }, groups });
    let r = await step(paced, null, { type: 'start' }, env());
    expect(r.messages.map((m) => m.typingMs)).toEqual([1200, 1200]);
    r = await step(paced, r.session, { type: 'reply', reply: { text: 'x' } }, env());
    expect(r.messages.map((m) => m.typingMs)).toEqual([1200]); // the retry too
    const instant = await step(buildFlow({ groups }), null, { type: 'start' }, env());
    expect(instant.messages.every((m) => !('typingMs' in m))).toBe(true);
  });

  it('stops a looping flow at the step limit with a logged error instead of hanging', async () => {
    const doc = buildFlow({
      settings: { stepLimit: 50 },
      groups: [{ id: 'loop', blocks: [text('t', 'again'), { id: 'j', kind: 'jump', options: { target: { groupId: 'loop' } } }] }],
    });
    const r = await step(doc, null, { type: 'start' }, env());
    expect(r.messages.length).toBe(26); // 25 texts before the 51st block, then the fallback
    expect(texts(r.messages).at(-1)).toBe('Desculpe, algo deu errado por aqui. Tente novamente mais tarde.');
    expect(r.logs.filter((l) => l.level === 'error').map((l) => l.message)).toEqual(['limite de 50 blocos em um turno atingido: o fluxo está em loop']);
    expect(r.session.status).toBe('ended');
    const en = await step({ ...doc, settings: { ...doc.settings, locale: 'en' } }, null, { type: 'start' }, env());
    expect(texts(en.messages).at(-1)).toBe('Sorry, something went wrong on our side. Please try again later.');
    expect(en.logs.filter((l) => l.level === 'error').map((l) => l.message)).toEqual(['step limit of 50 blocks reached in one turn: the flow loops']);
  });

  it("writes its log lines in the flow's language, with the block's own reason", async () => {
    const doc = buildFlow({
      groups: [
        { id: 'g', blocks: [{ id: 'n', kind: 'input-number', options: { max: 5 } }, { id: 'j', kind: 'jump', options: { target: {} } }] },
      ],
    });
    let r = await step(doc, null, { type: 'start' }, env());
    r = await step(doc, r.session, { type: 'reply', reply: { text: '9' } }, env());
    expect(r.logs.map((l) => l.message)).toEqual(['resposta inválida: a resposta precisa ser no máximo 5']);
    r = await step(doc, r.session, { type: 'reply', reply: { text: '3' } }, env());
    expect(r.logs.map((l) => l.message)).toEqual(['o bloco falhou: o bloco Pular para não tem grupo de destino']);
    const en = { ...doc, settings: { ...doc.settings, locale: 'en' as const } };
    r = await step(en, null, { type: 'start' }, env());
    r = await step(en, r.session, { type: 'reply', reply: { text: '3' } }, env());
    expect(r.logs.map((l) => l.message)).toEqual(['block failed: jump block has no target group']);
  });

  it('restarts at the keyword group from anywhere, keeping variables', async () => {
    const doc = buildFlow({
      variables: ['name'],
      keywords: [{ id: 'kw', keywords: ['menu', 'Início'], groupId: 'menu' }],
      groups: [
        { id: 'g', blocks: [{ id: 'n', kind: 'input-text', options: { variableId: 'name' } }, text('t', 'ok {{name}}')] },
        { id: 'menu', blocks: [text('m', 'Menu principal, {{default name "visitante"}}')] },
      ],
    });
    const { turns } = await converse(doc, ['Caio', 'oi']);
    expect(turns[1]).toEqual(['ok Caio']);
    // The flow ended; a keyword still lands on its group, accent- and case-insensitive.
    let r = await step(doc, null, { type: 'start' }, env());
    r = await step(doc, r.session, { type: 'reply', reply: { text: '  INICIO ' } }, env());
    expect(texts(r.messages)).toEqual(['Menu principal, visitante']);
  });

  it('starts afresh after the session timeout instead of treating the message as an answer', async () => {
    const doc = buildFlow({
      settings: { sessionTimeoutMinutes: 30 },
      variables: ['name'],
      groups: [{ id: 'g', blocks: [text('hi', 'Oi! Nome?'), { id: 'n', kind: 'input-text', options: { variableId: 'name' } }, text('t', 'ok {{name}}')] }],
    });
    const first = await step(doc, null, { type: 'start' }, env('2026-03-10T12:00:00Z'));
    const late = await step(doc, first.session, { type: 'reply', reply: { text: 'Ana' } }, env('2026-03-10T12:31:00Z'));
    expect(texts(late.messages)).toEqual(['Oi! Nome?']);
    expect(late.restarted).toBe(true);
    const inTime = await step(doc, first.session, { type: 'reply', reply: { text: 'Ana' } }, env('2026-03-10T12:29:00Z'));
    expect(texts(inTime.messages)).toEqual(['ok Ana']);
  });

  it('schedules a timer for Wait and resumes only when that timer fires', async () => {
    const doc = buildFlow({
      groups: [{ id: 'g', blocks: [text('a', 'Um momento…'), { id: 'w', kind: 'wait', options: { seconds: 90 } }, text('b', 'Pronto!')] }],
    });
    const r1 = await step(doc, null, { type: 'start' }, env('2026-03-10T12:00:00Z'));
    expect(texts(r1.messages)).toEqual(['Um momento…']);
    expect(r1.effects).toEqual([{ type: 'schedule_timer', timerId: expect.any(String), dueAt: '2026-03-10T12:01:30.000Z', blockId: 'w' }]);
    const timerId = (r1.effects[0] as { timerId: string }).timerId;
    const during = await step(doc, r1.session, { type: 'reply', reply: { text: 'e aí?' } }, env('2026-03-10T12:00:30Z'));
    expect(during.messages).toEqual([]);
    const stale = await step(doc, during.session, { type: 'timer', timerId: 'other' }, env('2026-03-10T12:01:30Z'));
    expect(stale.messages).toEqual([]);
    const fired = await step(doc, during.session, { type: 'timer', timerId }, env('2026-03-10T12:01:30Z'));
    expect(texts(fired.messages)).toEqual(['Pronto!']);
    expect(fired.session.status).toBe('ended');
  });

  it('cancels a pending timer when a keyword restarts the flow', async () => {
    const doc = buildFlow({
      keywords: [{ id: 'kw', keywords: ['sair'], groupId: 'bye' }],
      groups: [
        { id: 'g', blocks: [{ id: 'w', kind: 'wait', options: { seconds: 60 } }, text('b', 'depois')] },
        { id: 'bye', blocks: [text('x', 'Até logo')] },
      ],
    });
    const r1 = await step(doc, null, { type: 'start' }, env());
    const r2 = await step(doc, r1.session, { type: 'reply', reply: { text: 'sair' } }, env());
    expect(texts(r2.messages)).toEqual(['Até logo']);
    expect(r2.effects).toEqual([{ type: 'cancel_timer', timerId: (r1.effects[0] as { timerId: string }).timerId }]);
  });

  it('starts from a chosen group and block', async () => {
    const r = await step(order, null, { type: 'start', groupId: 'g1', blockId: 'b3' }, env());
    expect(texts(r.messages)).toEqual(['Prazer, ! Quantos anos você tem?']);
    expect(r.session.waiting).toMatchObject({ kind: 'reply', blockId: 'b4' });
  });

  it('answers a choice by button number, text or id and follows the item edge', async () => {
    const doc = buildFlow({
      variables: ['choice'],
      groups: [
        {
          id: 'g',
          blocks: [
            {
              id: 'btn',
              kind: 'input-buttons',
              options: { variableId: 'choice', items: [{ id: 'i1', label: 'Vendas' }, { id: 'i2', label: 'Suporte técnico' }] },
            },
          ],
        },
        { id: 'sales', blocks: [text('s', 'Vendas aqui')] },
        { id: 'support', blocks: [text('t', 'Suporte aqui')] },
      ],
      edges: [
        { from: { blockId: 'btn', itemId: 'i1' }, to: { groupId: 'sales' } },
        { from: { blockId: 'btn', itemId: 'i2' }, to: { groupId: 'support' } },
      ],
    });
    for (const answer of ['2', 'suporte tecnico', 'SUPORTE TÉCNICO']) {
      const { turns, session } = await converse(doc, [answer]);
      expect(turns[1]).toEqual(['Suporte aqui']);
      expect(session.variables.choice).toBe('Suporte técnico');
    }
    const start = await step(doc, null, { type: 'start' }, env());
    expect(start.messages[0].message).toMatchObject({ type: 'choice', items: [{ id: 'i1' }, { id: 'i2' }] });
    const clicked = await step(doc, start.session, { type: 'reply', reply: { text: 'Vendas', choiceIds: ['i1'] } }, env());
    expect(texts(clicked.messages)).toEqual(['Vendas aqui']);
  });

  it('is deterministic: the same seed and inputs give the same session', async () => {
    const doc = buildFlow({
      variables: ['id'],
      groups: [
        {
          id: 'g',
          blocks: [
            { id: 'r', kind: 'set-variable', options: { variableId: 'id', operation: { kind: 'random_id' } } },
            { id: 'ab', kind: 'ab-test', options: { items: [{ id: 'a', label: 'A', percent: 50 }, { id: 'b', label: 'B', percent: 50 }] } },
            text('t', '{{id}}'),
          ],
        },
      ],
    });
    const a = await step(doc, null, { type: 'start' }, env(undefined, 99));
    const b = await step(doc, null, { type: 'start' }, env(undefined, 99));
    const c = await step(doc, null, { type: 'start' }, env(undefined, 100));
    expect(a).toEqual(b);
    expect(a.session.variables.id).not.toEqual(c.session.variables.id);
  });

  it('logs an error and ends with the fallback message when a jump has no target', async () => {
    const doc = buildFlow({ groups: [{ id: 'g', blocks: [{ id: 'j', kind: 'jump', options: { target: { groupId: '' } } }] }] });
    const r = await step(doc, null, { type: 'start' }, env());
    expect(r.logs[0]).toMatchObject({ level: 'error', blockId: 'j' });
    expect(r.session.status).toBe('ended');
  });

  it('a message after the end starts the flow again', async () => {
    const { session } = await converse(order, ['Ana', '40']);
    const again = await step(order, session, { type: 'reply', reply: { text: 'oi de novo' } }, env());
    expect(again.restarted).toBe(true);
    expect(texts(again.messages)).toEqual(['Olá! Qual é o seu nome?']);
    expect(again.session.variables).toEqual({});
  });
});

describe('contact writes', () => {
  it('merges what Contact blocks save in one turn (a later value wins, tags add up) and carries it in the result', async () => {
    const doc = buildFlow({
      variables: ['nome', 'cidade'],
      groups: [
        {
          id: 'g',
          blocks: [
            { id: 'a', kind: 'set-variable', options: { variableId: 'nome', operation: { kind: 'template', value: 'Bia' } } },
            { id: 's1', kind: 'contact', options: { mode: 'save', mappings: [{ id: 'm', field: 'name', variableId: 'nome' }], addTags: 'novo' } },
            { id: 'b', kind: 'set-variable', options: { variableId: 'nome', operation: { kind: 'template', value: 'Beatriz' } } },
            { id: 'c', kind: 'set-variable', options: { variableId: 'cidade', operation: { kind: 'template', value: 'Recife' } } },
            {
              id: 's2',
              kind: 'contact',
              options: { mode: 'save', mappings: [{ id: 'm1', field: 'name', variableId: 'nome' }, { id: 'm2', field: 'cidade', variableId: 'cidade' }], addTags: 'novo, nordeste' },
            },
          ],
        },
      ],
    });
    const r = await step(doc, null, { type: 'start' }, env());
    expect(r.contact).toEqual({ name: 'Beatriz', fields: { cidade: 'Recife' }, addTags: ['novo', 'nordeste'] });
  });

  it('a turn without a Contact save carries no contact write', async () => {
    const r = await step(order, null, { type: 'start' }, env());
    expect('contact' in r).toBe(false);
  });
});
