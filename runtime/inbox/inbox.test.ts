import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/connect.js';
import { testDatabases, type TestDatabase } from '../testing/databases.js';
import { buildFlow, text } from '../testing/flow-builder.js';
import { handoffFlow, inboxWorld, textOf, type InboxWorld } from './testing.js';

describe.each(testDatabases)('inbox on %s', (_name, makeDb) => {
  let tdb: TestDatabase;
  let db: Db;
  let w: InboxWorld;

  beforeEach(async () => {
    tdb = makeDb();
    db = await tdb.open();
    w = await inboxWorld(db);
  });

  afterEach(async () => {
    await w.close();
    await db.close();
    await tdb.cleanup();
  });

  const conversations = () =>
    db.kysely.selectFrom('conversations').selectAll().orderBy('waiting_since').orderBy('id').execute();

  it('round-robin fills 3 agents up to capacities 2/3/5, oldest first, and serves the backlog as slots free up', async () => {
    const sales = await w.department({ name: 'Vendas' });
    const a = await w.agent('Ana', { capacity: 2, departments: [sales] });
    const b = await w.agent('Bruno', { capacity: 3, departments: [sales] });
    const c = await w.agent('Carla', { capacity: 5, departments: [sales] });
    await w.bind(handoffFlow({ departmentId: sales, assign: { mode: 'auto' } }));
    const contacts: string[] = [];
    for (let i = 0; i < 20; i++) {
      w.clock.advance(1000);
      contacts.push(await w.say(`c${String(i).padStart(2, '0')}`, 'oi'));
      await w.idle();
    }
    const rows = await conversations();
    expect(rows).toHaveLength(20);
    const byAgent = (id: string) => rows.filter((r) => r.agent_id === id && r.stage === 'in_service').length;
    expect([byAgent(a.id), byAgent(b.id), byAgent(c.id)]).toEqual([2, 3, 5]);
    // The ten who arrived first are served; the ten after them wait, nobody skipped the line.
    const order = (r: (typeof rows)[number]) => contacts.indexOf(r.contact_id);
    expect(rows.filter((r) => r.stage === 'in_service').map(order).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(rows.filter((r) => r.stage === 'waiting')).toHaveLength(10);
    // Turns: everyone gets one before anyone gets a second, while they have room.
    const served = rows.filter((r) => r.stage === 'in_service').sort((x, y) => order(x) - order(y));
    expect(served.slice(0, 3).map((r) => r.agent_id).sort()).toEqual([a.id, b.id, c.id].sort());
    expect(served.slice(3, 6).map((r) => r.agent_id).sort()).toEqual([a.id, b.id, c.id].sort());

    // Ana finishes one: the oldest waiting conversation (the 11th contact) goes to her at once.
    const anas = served.find((r) => r.agent_id === a.id)!;
    await w.inbox.desk.finish(a, anas.id, { survey: false });
    await w.idle();
    const eleventh = (await conversations()).find((r) => r.contact_id === contacts[10])!;
    expect(eleventh.stage).toBe('in_service');
    expect(eleventh.agent_id).toBe(a.id);
    const still = (await conversations()).filter((r) => r.stage === 'waiting').map(order);
    expect(still).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19]);
  });

  it('tells a waiting contact their place, and serves the oldest first when an agent comes online', async () => {
    const support = await w.department({ name: 'Suporte', greeting: 'Oi, {{contact.name}}! Aqui é {{agent}}, do {{department}}.' });
    const agent = await w.agent('Diego', { capacity: 3, status: 'offline', departments: [support] });
    await w.bind(handoffFlow({ departmentId: support, assign: { mode: 'auto' }, waitingMessage: 'Você é o {{position}}º da fila.' }));
    const contacts: string[] = [];
    for (let i = 0; i < 5; i++) {
      w.clock.advance(1000);
      contacts.push(await w.say(`p${i}`, 'preciso de ajuda'));
      await w.idle();
    }
    contacts.forEach((id, i) => expect(w.channel.textsTo(id)).toContain(`Você é o ${i + 1}º da fila.`));
    expect((await conversations()).every((r) => r.stage === 'waiting')).toBe(true);

    await db.kysely.updateTable('users').set({ status: 'online' }).where('id', '=', agent.id).execute();
    await w.inbox.assigner.runAll([support]);
    await w.idle();
    const rows = await conversations();
    const servedContacts = rows.filter((r) => r.agent_id === agent.id).map((r) => contacts.indexOf(r.contact_id));
    expect(servedContacts.sort()).toEqual([0, 1, 2]);
    expect(w.channel.textsTo(contacts[0])).toContain('Oi, p0! Aqui é Diego, do Suporte.');
    expect(w.channel.textsTo(contacts[3]).some((t) => t.startsWith('Oi,'))).toBe(false);
  });

  it('a handoff to a specific agent waits for that agent even when others are free', async () => {
    const d = await w.department({ name: 'Financeiro' });
    const busy = await w.agent('Eva', { capacity: 1, departments: [d] });
    const free = await w.agent('Fábio', { capacity: 5, departments: [d] });
    await w.bind(handoffFlow({ departmentId: d, assign: { mode: 'agent', agentId: busy.id } }));
    const first = await w.say('x1', 'oi');
    w.clock.advance(1000);
    const second = await w.say('x2', 'oi');
    await w.idle();
    const rows = await conversations();
    expect(rows.find((r) => r.contact_id === first)!.agent_id).toBe(busy.id);
    const waiting = rows.find((r) => r.contact_id === second)!;
    expect(waiting.stage).toBe('waiting');
    expect(waiting.preferred_agent_id).toBe(busy.id);
    void free;
    await w.inbox.desk.finish(busy, rows.find((r) => r.contact_id === first)!.id, { survey: false });
    await w.idle();
    expect((await conversations()).find((r) => r.contact_id === second)!.agent_id).toBe(busy.id);
  });

  it('100 concurrent messages from 10 contacts open exactly 10 conversations, every message kept in order', async () => {
    const d = await w.department({ name: 'Geral' });
    await w.bind(handoffFlow({ departmentId: d, assign: { mode: 'queue' } }));
    const sends = [];
    for (let m = 0; m < 10; m++) {
      for (let c = 0; c < 10; c++) {
        sends.push(
          w.runtime
            .receive({ channel: 'wa', externalId: `c${c}-m${m}`, from: { externalId: `contact-${c}` }, reply: { text: `msg ${m}` } })
            .then((r) => r.done),
        );
      }
    }
    await Promise.all(sends);
    await w.idle();
    const rows = await db.kysely.selectFrom('conversations').selectAll().execute();
    expect(rows).toHaveLength(10);
    expect(new Set(rows.map((r) => r.contact_id)).size).toBe(10);
    expect(rows.every((r) => r.stage === 'waiting' && r.department_id === d)).toBe(true);
    // And the database itself refuses a second live conversation for a contact.
    const again = { ...rows[0], id: 'second-live', unread: 0 };
    await expect(db.kysely.insertInto('conversations').values(again).execute()).rejects.toThrow(/unique|duplicate/i);
    await db.kysely.insertInto('conversations').values({ ...again, stage: 'closed' }).execute();
    for (const r of rows) {
      const inbound = await db.kysely
        .selectFrom('messages')
        .select('body')
        .where('conversation_id', '=', r.id)
        .where('direction', '=', 'in')
        .orderBy('id')
        .execute();
      expect(inbound.map((m) => JSON.parse(m.body).text)).toEqual(Array.from({ length: 10 }, (_, i) => `msg ${i}`));
      // Nine arrived after the handoff: unread for the agents.
      expect(Number(r.unread)).toBe(9);
    }
  });

  it('agents reply signed, whisper unseen, transfer, finish with a survey; the answer closes it; the next message restarts the bot', async () => {
    const sales = await w.department({ name: 'Vendas' });
    const billing = await w.department({ name: 'Cobrança' });
    const ana = await w.agent('Ana Souza', { departments: [sales] });
    const bia = await w.agent('Bia', { departments: [billing] });
    await w.bind(handoffFlow({ departmentId: sales, assign: { mode: 'queue' } }));
    const contact = await w.say('joao', 'quero comprar');
    await w.idle();
    const [conv] = await conversations();
    expect(conv.stage).toBe('waiting');
    await w.inbox.desk.pickUp(ana, conv.id);
    await expect(w.inbox.desk.pickUp(bia, conv.id)).rejects.toThrow(/not found/);

    await w.say('joao', 'alguém aí?');
    await w.inbox.desk.reply(ana, conv.id, { text: 'Oi João, posso ajudar!' });
    const caio = await w.agent('Caio', { departments: [sales] });
    await w.inbox.desk.whisper(ana, conv.id, '@Caio cliente quer boleto, @Bia também');
    await w.idle();
    const texts = w.channel.textsTo(contact);
    expect(texts).toContain('*Ana Souza:*\nOi João, posso ajudar!');
    expect(texts.some((t) => t.includes('boleto'))).toBe(false);
    // Caio (same department) is notified; Bia cannot see the conversation, so she is not.
    const mentions = await db.kysely.selectFrom('notifications').select('user_id').execute();
    expect(mentions.map((m) => m.user_id)).toEqual([caio.id]);
    // The bot stayed quiet while Ana served: only the greeting, the handoff and Ana's reply went out.
    expect(texts).toEqual(['Olá! Vou te passar para a equipe.', '*Ana Souza:*\nOi João, posso ajudar!']);

    await w.inbox.desk.transfer(ana, conv.id, { departmentId: billing, note: 'segunda via' });
    await w.idle();
    let row = (await conversations())[0];
    expect(row.department_id).toBe(billing);
    // Transfers keep the conversation's mode: this one was handed to the queue, so it waits for a pick-up.
    expect(row.stage).toBe('waiting');
    await w.inbox.desk.pickUp(bia, conv.id);
    row = (await conversations())[0];
    expect(row.agent_id).toBe(bia.id);
    expect(w.channel.textsTo(contact)).toContain('Você foi transferido para Cobrança. Aguarde só um instante.');
    await expect(w.inbox.desk.reply(ana, conv.id, { text: 'ainda aqui' })).rejects.toThrow(/not found/);

    await w.inbox.desk.finish(bia, conv.id, { survey: true });
    await w.idle();
    expect(w.channel.textsTo(contact).at(-1)).toMatch(/de 1 a 5/);
    await w.say('joao', '5 muito bom');
    await w.idle();
    row = (await conversations())[0];
    expect(row.stage).toBe('closed');
    expect(row.csat_score).toBe(5);
    expect(row.csat_comment).toBe('muito bom');
    expect(w.channel.textsTo(contact).at(-1)).toBe('Obrigado pela avaliação! 💙');

    const before = w.channel.delivered.length;
    w.clock.advance(1000);
    await w.say('joao', 'oi de novo');
    await w.idle();
    const all = await conversations();
    expect(all).toHaveLength(2);
    expect(w.channel.delivered.slice(before).map((d) => textOf(d.message))[0]).toBe('Olá! Vou te passar para a equipe.');
  });

  it('an answer that is not a score drops the survey and the bot serves the message', async () => {
    const d = await w.department({ name: 'Suporte' });
    const ana = await w.agent('Ana', { departments: [d] });
    await w.bind(handoffFlow({ departmentId: d, assign: { mode: 'auto' } }));
    const contact = await w.say('m', 'oi');
    await w.idle();
    const [conv] = await conversations();
    await w.inbox.desk.finish(ana, conv.id, { survey: true });
    await w.say('m', 'esqueci de perguntar uma coisa');
    await w.idle();
    const rows = await conversations();
    expect(rows.find((r) => r.id === conv.id)!.close_reason).toBe('survey unanswered');
    expect(rows.find((r) => r.id === conv.id)!.csat_score).toBeNull();
    expect(rows.filter((r) => r.stage !== 'closed')).toHaveLength(1);
    expect(w.channel.textsTo(contact).filter((t) => t === 'Olá! Vou te passar para a equipe.')).toHaveLength(2);
  });

  it('auto-closes conversations idle past the configured time, with a notice', async () => {
    const d = await w.department({ name: 'Suporte' });
    const ana = await w.agent('Ana', { departments: [d] });
    await w.bind(handoffFlow({ departmentId: d, assign: { mode: 'auto' } }));
    const quiet = await w.say('quiet', 'oi');
    w.clock.advance(20 * 60_000);
    const lively = await w.say('lively', 'oi');
    await w.idle();
    await w.inbox.settings.set({ autoCloseMinutes: 15, autoCloseMessage: '' });
    w.clock.advance(5 * 60_000);
    expect(await w.inbox.autoClose()).toBe(1);
    await w.idle();
    const rows = await db.kysely.selectFrom('conversations').selectAll().execute();
    expect(rows.find((r) => r.contact_id === quiet)!.stage).toBe('closed');
    expect(rows.find((r) => r.contact_id === quiet)!.close_reason).toBe('inactivity');
    expect(rows.find((r) => r.contact_id === lively)!.stage).toBe('in_service');
    expect(w.channel.textsTo(quiet).at(-1)).toMatch(/falta de atividade/);
    void ana;
  });

  it('business hours in New York decide the handoff across both DST changes and a holiday', async () => {
    const d = await w.department({
      name: 'NY Desk',
      outOfHoursMessage: 'Closed now. We open {{opening}}.',
      hours: {
        enabled: true,
        timeZone: 'America/New_York',
        weekly: [1, 2, 3, 4, 5].map((day) => ({ day, from: '09:00', to: '17:00' })),
        holidays: [{ date: '2026-11-26', name: 'Thanksgiving' }],
      },
    });
    await w.bind(handoffFlow({ departmentId: d, assign: { mode: 'queue' }, outOfHours: 'path' }, { outOfHoursText: 'Leave us a message.' }));
    const at = async (iso: string, who: string) => {
      w.clock.now = Date.parse(iso);
      const contact = await w.say(who, 'hello');
      await w.idle();
      const conv = await db.kysely.selectFrom('conversations').selectAll().where('contact_id', '=', contact).executeTakeFirstOrThrow();
      return { stage: conv.stage, texts: w.channel.textsTo(contact) };
    };
    // Friday 08:30 EST (13:30Z): closed. Monday after clocks sprang forward, 09:30 EDT is 13:30Z: open.
    const early = await at('2026-03-06T13:30:00Z', 'ny1');
    expect(early.stage).toBe('closed');
    expect(early.texts).toContain('Closed now. We open hoje, 09:00.');
    expect(early.texts).toContain('Leave us a message.');
    expect((await at('2026-03-09T13:30:00Z', 'ny2')).stage).toBe('waiting');
    // Before the fall-back change 13:30Z is 09:30 EDT (open); after it, 08:30 EST (closed) and 14:30Z is 09:30 EST.
    expect((await at('2026-10-30T13:30:00Z', 'ny3')).stage).toBe('waiting');
    expect((await at('2026-11-02T13:30:00Z', 'ny4')).stage).toBe('closed');
    expect((await at('2026-11-02T14:30:00Z', 'ny5')).stage).toBe('waiting');
    // Thanksgiving (a Thursday) is closed all day; the next opening is Friday 09:00 (the flow speaks pt-BR).
    const holiday = await at('2026-11-26T16:00:00Z', 'ny6');
    expect(holiday.stage).toBe('closed');
    expect(holiday.texts).toContain('Closed now. We open amanhã, 09:00.');
  });

  it('while the department is closed nobody is assigned, whatever the mode; it serves the queue when it opens', async () => {
    // Monday to Friday 09:00–18:00 in São Paulo; the world starts Monday 2026-03-02 12:00 local.
    const d = await w.department({ name: 'Plantão', hours: { enabled: true, timeZone: 'America/Sao_Paulo', weekly: [1, 2, 3, 4, 5].map((day) => ({ day, from: '09:00', to: '18:00' })), holidays: [] } });
    const ana = await w.agent('Ana', { capacity: 5, departments: [d] });
    const rowOf = (contact: string) => db.kysely.selectFrom('conversations').selectAll().where('contact_id', '=', contact).executeTakeFirstOrThrow();
    await w.bind(handoffFlow({ departmentId: d, assign: { mode: 'auto' } }));
    w.clock.now = Date.parse('2026-03-02T22:00:00Z'); // Monday 19:00
    await w.inbox.serveOpened();
    const evening = await w.say('noite', 'oi');
    await w.idle();
    expect((await rowOf(evening)).stage).toBe('waiting');
    expect(w.channel.textsTo(evening)).toContain(
      'Estamos fora do horário de atendimento. Voltamos amanhã, 09:00: sua mensagem fica na fila e um atendente responde assim que abrirmos.',
    );
    // A specific agent waits too, and an agent coming online changes nothing.
    await w.bind(handoffFlow({ departmentId: d, assign: { mode: 'agent', agentId: ana.id } }));
    const late = await w.say('madrugada', 'oi');
    await w.inbox.assigner.runAll([d]);
    await w.idle();
    expect((await rowOf(late)).stage).toBe('waiting');
    // Still closed at 08:59; at 09:00 the queue is served, oldest first.
    w.clock.now = Date.parse('2026-03-03T11:59:00Z');
    await w.inbox.serveOpened();
    await w.idle();
    expect((await rowOf(evening)).stage).toBe('waiting');
    w.clock.now = Date.parse('2026-03-03T12:00:00Z');
    await w.inbox.serveOpened();
    await w.idle();
    expect([(await rowOf(evening)).agent_id, (await rowOf(late)).agent_id]).toEqual([ana.id, ana.id]);
  });

  it('finds conversations by what the contact or an agent wrote, or by the contact, with accents ignored', async () => {
    const d = await w.department({ name: 'Suporte' });
    const ana = await w.agent('Ana', { departments: [d] });
    await w.bind(handoffFlow({ departmentId: d, assign: { mode: 'auto' } }));
    const paula = await w.say('Paula Lima', 'minha internet está lenta');
    await w.say('Rui', 'quero a segunda via do boleto');
    await w.idle();
    const rows = await conversations();
    await w.inbox.desk.reply(ana, rows.find((r) => r.contact_id === paula)!.id, { text: 'Vou reiniciar o roteador remotamente' });
    await w.inbox.search.catchUp();
    const find = async (search: string) =>
      (await w.inbox.lists.list(ana, { view: 'mine', search })).items.map((i) => i.contact.name);
    expect(await find('lenta')).toEqual(['Paula Lima']);
    expect(await find('esta lenta')).toEqual(['Paula Lima']); // "está" without its accent
    expect(await find('boleto')).toEqual(['Rui']);
    expect(await find('roteador')).toEqual(['Paula Lima']);
    expect(await find('Paula')).toEqual(['Paula Lima']);
    expect(await find('pizza')).toEqual([]);
    expect(await find('"); drop table messages; --')).toEqual([]);
    // The bot's own words are not what people search for.
    expect(await find('Vou te passar')).toEqual([]);
  });

  it('an agent hands the conversation back to a flow at a chosen group; the bot answers again', async () => {
    const d = await w.department({ name: 'Suporte' });
    const ana = await w.agent('Ana', { departments: [d] });
    await w.bind(handoffFlow({ departmentId: d, assign: { mode: 'auto' } }));
    const survey = await w.flows.create({
      name: 'Pesquisa',
      document: buildFlow({
        variables: ['nota'],
        groups: [
          { id: 'intro', blocks: [text('i', 'Início')] },
          { id: 'ask', blocks: [text('q', 'Dê uma nota de 0 a 10'), { id: 'n', kind: 'input-number', options: { variableId: 'nota' } }, text('t', 'Valeu: {{nota}}')] },
        ],
      }),
    });
    await w.flows.publish({ id: survey.id });
    const contact = await w.say('hb', 'oi');
    await w.idle();
    const [conv] = await conversations();
    await expect(w.inbox.desk.handBack(ana, conv.id, { flowId: survey.id, groupId: 'nope' })).rejects.toThrow(/groupId/);
    await w.inbox.desk.handBack(ana, conv.id, { flowId: survey.id, groupId: 'ask' });
    await w.idle();
    expect(w.channel.textsTo(contact).at(-1)).toBe('Dê uma nota de 0 a 10');
    const row = (await conversations())[0];
    expect(row).toMatchObject({ id: conv.id, stage: 'bot', agent_id: null });
    await w.say('hb', '9');
    await w.idle();
    expect(w.channel.textsTo(contact).at(-1)).toBe('Valeu: 9');
  });

  it('an agent starts a conversation (outbound); with the signature off the message goes out unsigned', async () => {
    const d = await w.department({ name: 'Vendas' });
    const ana = await w.agent('Ana', { departments: [d] });
    const outsider = await w.agent('Zé', { departments: [] });
    await w.bind(handoffFlow({ departmentId: d, assign: { mode: 'auto' } }));
    // Lia talked to Vendas once; later Ana writes to her first.
    const contact = await w.say('lead-1', 'oi');
    await w.idle();
    const first = await db.kysely.selectFrom('conversations').selectAll().where('contact_id', '=', contact).executeTakeFirstOrThrow();
    await w.inbox.desk.finish(ana, first.id, { survey: false });
    await db.kysely.updateTable('users').set({ signature: 0 }).where('id', '=', ana.id).execute();
    await expect(w.inbox.desk.start(outsider, { contactId: contact, departmentId: d, text: 'Oi' })).rejects.toThrow(/not a member/);
    const before = w.channel.textsTo(contact).length;
    const conv = await w.inbox.desk.start(ana, { contactId: contact, departmentId: d, text: 'Oi Lia, vi seu interesse no plano anual.' });
    await w.idle();
    expect(conv).toMatchObject({ stage: 'in_service', agent_id: ana.id, department_id: d });
    expect(conv.id).not.toBe(first.id);
    expect(w.channel.textsTo(contact).slice(before)).toEqual(['Oi Lia, vi seu interesse no plano anual.']);
    // Her answer goes to Ana, not to the bot.
    await w.say('lead-1', 'quero sim');
    await w.idle();
    expect(w.channel.textsTo(contact)).toHaveLength(before + 1);
    await expect(w.inbox.desk.start(ana, { contactId: contact, departmentId: d, text: 'de novo' })).rejects.toThrow(/already has an open conversation/);
  });

  it('a department with open conversations cannot be deleted', async () => {
    const d = await w.department({ name: 'Suporte' });
    await w.bind(handoffFlow({ departmentId: d, assign: { mode: 'queue' } }));
    await w.say('z', 'oi');
    await w.idle();
    await expect(w.inbox.departments.remove(d)).rejects.toThrow(/1 open conversation/);
    expect(w.inbox.departments.get(d)).not.toBeNull();
  });
});
