// The template gallery: every template parses, both locales share one structure, every handle
// leads somewhere, the canvas is tidy, and each flow runs end to end on the real engine.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ContactInfo, HandoffService, OutgoingMessage } from '../blocks/contract.js';
import { parseFlowDocument, type Block, type FlowDocument } from '../blocks/flow.js';
import { compileSafePattern } from '../blocks/shared/safe-regex.js';
import { blockSchemas } from '../blocks/schemas.js';
import { step, type EngineEvent, type SessionState, type StepResult } from '../runtime/engine/step.js';
import { templateVariableNames } from '../blocks/shared/template-names.js';
import { loadTemplates, type Template } from './catalog.js';

const IDS = ['appointment-request', 'customer-service', 'lead-capture', 'order-status', 'satisfaction-survey'];
const LOCALES = ['pt-BR', 'en'] as const;
type Locale = (typeof LOCALES)[number];

const templates = loadTemplates();
const byKey = new Map(templates.map((t) => [t.key, t]));
function get(id: string, locale: Locale): Template {
  const t = byKey.get(`${id}.${locale}`);
  if (!t) throw new Error(`no template ${id}.${locale}`);
  return t;
}
const sel = (locale: Locale) => <T>(pt: T, en: T): T => (locale === 'pt-BR' ? pt : en);

// --- document helpers ----------------------------------------------------------------------

function allBlocks(doc: FlowDocument): Block[] {
  return doc.groups.flatMap((g) => g.blocks);
}
function blockOf(doc: FlowDocument, id: string): Block {
  const b = allBlocks(doc).find((x) => x.id === id);
  if (!b) throw new Error(`no block ${id}`);
  return b;
}
function groupOfBlock(doc: FlowDocument, id: string) {
  return doc.groups.find((g) => g.blocks.some((b) => b.id === id))!;
}
const isInput = (b: Block) => !!blockSchemas[b.kind]?.isInput;
const itemsOf = (b: Block) => blockSchemas[b.kind]?.items?.(b.options as never) ?? [];
const hasEdge = (doc: FlowDocument, from: object) =>
  doc.edges.some((e) => JSON.stringify(e.from) === JSON.stringify(from));

/** Every string a block shows or renders, with where it sits. */
function templateStrings(b: Block): string[] {
  const o = b.options;
  const out: string[] = [];
  const push = (s: unknown) => typeof s === 'string' && s && out.push(s);
  push(o.text);
  push(o.prompt);
  push(o.retryMessage);
  push(o.patternMessage);
  if (b.kind === 'set-variable' && (o.operation.kind === 'template' || o.operation.kind === 'append')) push(o.operation.value);
  if (b.kind === 'input-buttons') for (const it of o.items) (push(it.label), push(it.description));
  if (b.kind === 'condition') for (const it of o.items) for (const c of it.group.comparisons) push(c.value);
  return out;
}

/** Groups reachable from the start and keyword events through edges, jumps and block order. */
function reachableGroups(doc: FlowDocument): Set<string> {
  const seen = new Set<string>();
  const queue = doc.edges.filter((e) => 'eventId' in e.from).map((e) => e.to.groupId);
  while (queue.length) {
    const gid = queue.shift()!;
    if (seen.has(gid)) continue;
    seen.add(gid);
    const g = doc.groups.find((x) => x.id === gid)!;
    for (const b of g.blocks) {
      for (const e of doc.edges) if ('blockId' in e.from && e.from.blockId === b.id) queue.push(e.to.groupId);
      if (b.kind === 'jump') queue.push(b.options.target.groupId);
    }
  }
  return seen;
}

// Canvas footprint: the same estimate the templates were laid out with.
const GROUP_W = 300;
const EVENT_W = 200;
function groupHeight(blocks: Block[]): number {
  return 52 + 16 + blocks.reduce((h, b) => h + 44 + (b.kind === 'input-buttons' || b.kind === 'condition' ? 34 * b.options.items.length : 0), 0);
}
function boxes(doc: FlowDocument) {
  return [
    ...doc.groups.map((g) => ({ id: g.id, x: g.position.x, y: g.position.y, w: GROUP_W, h: groupHeight(g.blocks) })),
    ...doc.events.map((e) => ({
      id: `event:${e.id}`,
      x: e.position.x,
      y: e.position.y,
      w: EVENT_W,
      h: e.kind === 'keyword' ? 56 + 24 * e.keywords.length : 56,
    })),
  ];
}

/** What is the same in both locales: everything but the words. */
function skeleton(doc: FlowDocument) {
  return {
    groups: doc.groups.map((g) => ({
      id: g.id,
      position: g.position,
      blocks: g.blocks.map((b) => ({
        id: b.id,
        kind: b.kind,
        variableId: b.options.variableId,
        items: itemsOf(b).map((i) => i.id),
        target: b.kind === 'jump' ? b.options.target : undefined,
        operation: b.kind === 'set-variable' ? b.options.operation.kind : undefined,
        pattern: b.options.pattern,
        bounds: b.kind === 'input-date' ? [b.options.min, b.options.max, b.options.format] : b.kind === 'input-number' ? [b.options.min, b.options.max] : undefined,
        comparisons:
          b.kind === 'condition'
            ? b.options.items.map((it: any) => it.group.comparisons.map((c: any) => [c.variableId, c.operator, c.value]))
            : undefined,
      })),
    })),
    edges: doc.edges,
    events: doc.events.map((e) => ({ id: e.id, kind: e.kind, position: e.position })),
    variables: doc.variables.map((v) => v.id),
    settings: { ...doc.settings, locale: undefined, fallbackMessage: undefined, retryMessage: undefined },
  };
}

// --- running conversations -----------------------------------------------------------------

/** Tuesday 10 March 2026, 09:00 in São Paulo. */
const NOW = '2026-03-10T12:00:00Z';

/** The departments a fresh install creates (api/bootstrap.ts), always open, as the Agent block sees them. */
const DEPARTMENTS: HandoffService = {
  department(ref) {
    const known = ['general', 'sales', 'support', 'billing'];
    return known.includes(ref) ? { id: `dept_${ref}`, name: ref, open: true, outOfHoursMessage: '', nextOpening: null } : null;
  },
};
const services = { handoff: DEPARTMENTS };

/** Handed to a person: the bot waits for the inbox, in the department the flow chose. */
function handedTo(session: SessionState, departmentId: string, effects?: StepResult['effects']) {
  expect(session.status).toBe('active');
  expect(session.waiting?.kind).toBe('human');
  if (effects) expect(effects.find((e) => e.type === 'handoff')).toMatchObject({ handoff: { departmentId, mode: 'queue' } });
}
const ANA: ContactInfo = { id: 'c1', name: 'Ana', phone: '+5511987654321' };
const NAMELESS: ContactInfo = { id: 'c2', name: null, phone: '+5521998765432' };

function show(m: OutgoingMessage): string {
  if (m.type === 'text') return m.text;
  if (m.type === 'choice') return [m.text ?? '', ...m.items.map((it, i) => `${i + 1}. ${it.label}`)].join('\n');
  return `[${m.type}]`;
}

/** Problems a contact would notice: blanks where a variable was, template syntax, errors. */
function problemsOf(doc: FlowDocument, r: StepResult): string[] {
  const out: string[] = [];
  for (const l of r.logs) if (l.level !== 'info') out.push(`${l.level}: ${l.message} (${l.blockId ?? ''})`);
  for (const m of r.messages) {
    const s = show(m.message);
    if (/\{\{|}}|undefined|null|NaN|\*\*|, !|#\*/.test(s)) out.push(`suspicious text from ${m.blockId}: ${JSON.stringify(s)}`);
  }
  if (r.session.status === 'ended') {
    const last = r.trail.at(-1);
    if (!last || blockOf(doc, last).kind !== 'end') out.push(`ended without an End block (last block ${last})`);
  } else if (!r.session.waiting) out.push('active session waits for nothing');
  return out;
}

interface Conversation {
  turns: string[][];
  waits: (string | null)[];
  session: SessionState;
  problems: string[];
  /** The last turn's effects (a handoff shows up here). */
  effects: StepResult['effects'];
}

async function converse(
  doc: FlowDocument,
  replies: string[],
  opts: { contact?: ContactInfo; at?: string; session?: SessionState | null } = {},
): Promise<Conversation> {
  let session: SessionState | null = opts.session ?? null;
  let effects: StepResult['effects'] = [];
  const turns: string[][] = [];
  const waits: (string | null)[] = [];
  const problems: string[] = [];
  const events: EngineEvent[] = [
    ...(opts.session ? [] : [{ type: 'start' as const }]),
    ...replies.map((text) => ({ type: 'reply' as const, reply: { text } })),
  ];
  for (const ev of events) {
    const r = await step(doc, session, ev, { now: new Date(opts.at ?? NOW), contact: opts.contact ?? ANA, seed: 7, services });
    effects = r.effects;
    session = r.session;
    turns.push(r.messages.map((m) => show(m.message)));
    waits.push(r.session.status === 'active' ? (r.session.waiting?.blockId ?? null) : null);
    problems.push(...problemsOf(doc, r));
  }
  return { turns, waits, session: session!, problems, effects };
}

const textOf = (doc: FlowDocument, blockId: string) => blockOf(doc, blockId).options.text as string;
const retryOf = (doc: FlowDocument, blockId: string) => blockOf(doc, blockId).options.retryMessage as string;
const labelsOf = (doc: FlowDocument, blockId: string) => (blockOf(doc, blockId).options.items as { label: string }[]).map((i) => i.label);
/** The choice message exactly as `show` prints it, for a block whose prompt has no variables. */
function choiceOf(doc: FlowDocument, blockId: string): string {
  const o = blockOf(doc, blockId).options;
  return [o.prompt ?? '', ...labelsOf(doc, blockId).map((l, i) => `${i + 1}. ${l}`)].join('\n');
}

// --- structure -----------------------------------------------------------------------------

describe('template gallery', () => {
  it('holds the five templates, each in pt-BR and en', () => {
    expect([...new Set(templates.map((t) => t.id))].sort()).toEqual(IDS);
    for (const id of IDS) for (const locale of LOCALES) expect(byKey.has(`${id}.${locale}`)).toBe(true);
    expect(templates).toHaveLength(IDS.length * LOCALES.length);
  });

  it.each(IDS)('%s: both locales share groups, blocks, items, edges, events and variables', (id) => {
    const pt = get(id, 'pt-BR').document;
    const en = get(id, 'en').document;
    expect(skeleton(en)).toEqual(skeleton(pt));
    // ...and the words really are translated.
    const words = (doc: FlowDocument) => allBlocks(doc).flatMap(templateStrings).join('\n');
    expect(words(en)).not.toEqual(words(pt));
  });
});

describe.each(templates.map((t) => [t.key, t] as const))('%s', (_key, template) => {
  const doc = template.document;
  const varNames = new Set(doc.variables.map((v) => v.name));
  const varIds = new Set(doc.variables.map((v) => v.id));

  it('parses from its file and speaks its locale', () => {
    const raw = JSON.parse(fs.readFileSync(template.file, 'utf8'));
    expect(raw.id).toBe(template.id);
    expect(() => parseFlowDocument(raw.document)).not.toThrow();
    expect(doc.settings.locale).toBe(template.locale);
    expect(doc.settings.timeZone).toBe('America/Sao_Paulo');
    expect(doc.settings.fallbackMessage.trim()).not.toBe('');
    expect(doc.settings.retryMessage.trim()).not.toBe('');
    expect(doc.events.filter((e) => e.kind === 'start')).toHaveLength(1);
    expect(template.name.trim()).not.toBe('');
    expect(template.description.length).toBeGreaterThan(40);
  });

  it('connects every button item, condition branch and input fallback', () => {
    for (const b of allBlocks(doc)) {
      for (const item of itemsOf(b)) {
        expect(hasEdge(doc, { blockId: b.id, itemId: item.id }), `${b.id} item ${item.id}`).toBe(true);
      }
      if (isInput(b)) {
        expect(hasEdge(doc, { blockId: b.id, path: 'fallback' }), `${b.id} fallback`).toBe(true);
        expect(b.options.retryMessage.trim(), `${b.id} retry message`).not.toBe('');
      }
      if (b.kind === 'jump') {
        const g = doc.groups.find((x) => x.id === b.options.target.groupId);
        expect(g, `${b.id} target group`).toBeDefined();
        if (b.options.target.blockId) expect(g!.blocks.some((x) => x.id === b.options.target.blockId)).toBe(true);
      }
    }
  });

  it('ends every path explicitly: no block after End or Jump, no group that runs off its last block', () => {
    for (const g of doc.groups) {
      expect(g.blocks.length, `${g.id} is empty`).toBeGreaterThan(0);
      g.blocks.forEach((b, i) => {
        const last = i === g.blocks.length - 1;
        const stops = blockSchemas[b.kind]?.hasDefaultPath === false; // End, Jump, Agent
        if (stops) expect(last, `${b.id} must be last in ${g.id}`).toBe(true);
        if (!last) return;
        if (stops) return;
        const items = itemsOf(b);
        const allItemsWired = b.kind === 'input-buttons' && items.length > 0 && items.every((it) => hasEdge(doc, { blockId: b.id, itemId: it.id }));
        if (!allItemsWired) expect(hasEdge(doc, { blockId: b.id }), `${g.id} runs off its last block ${b.id}`).toBe(true);
      });
    }
  });

  it('reaches every group from the start or a keyword', () => {
    const reached = reachableGroups(doc);
    expect(doc.groups.map((g) => g.id).filter((id) => !reached.has(id))).toEqual([]);
  });

  it('lays groups and events out on a tidy canvas without overlaps', () => {
    const bs = boxes(doc);
    for (const b of bs) {
      expect(Math.abs(b.x % 350), `${b.id} x on the 350 px grid`).toBe(0);
      expect(Math.abs(b.y % 50), `${b.id} y on the 50 px grid`).toBe(0);
    }
    for (let i = 0; i < bs.length; i++) {
      for (let j = i + 1; j < bs.length; j++) {
        const a = bs[i];
        const b = bs[j];
        const apart = a.x + a.w + 40 <= b.x || b.x + b.w + 40 <= a.x || a.y + a.h + 40 <= b.y || b.y + b.h + 40 <= a.y;
        expect(apart, `${a.id} overlaps ${b.id}`).toBe(true);
      }
    }
  });

  it('uses only declared variables, and WhatsApp-sized texts and buttons', () => {
    for (const b of allBlocks(doc)) {
      for (const s of templateStrings(b)) {
        for (const name of templateVariableNames(s)) expect(varNames.has(name), `${b.id} uses {{${name}}}`).toBe(true);
        expect(s.length).toBeLessThanOrEqual(1024);
      }
      if (b.options.variableId !== undefined) expect(varIds.has(b.options.variableId), `${b.id} variable`).toBe(true);
      if (b.kind === 'condition') {
        for (const it of b.options.items) for (const c of it.group.comparisons) expect(varIds.has(c.variableId)).toBe(true);
      }
      if (b.kind === 'input-buttons') {
        for (const it of b.options.items) {
          expect(it.label.length, `${b.id} "${it.label}"`).toBeLessThanOrEqual(24);
          if (it.description) expect(it.description.length).toBeLessThanOrEqual(72);
        }
      }
    }
  });

  it('runs every block on the engine: each button, each input answered and exhausted, each keyword', async () => {
    const covered = new Set<string>();
    const problems: string[] = [];
    const seen = new Set<string>();
    const queue: SessionState[] = [];
    const enqueue = (s: SessionState) => {
      if (s.status !== 'active' || s.waiting?.kind !== 'reply' || seen.has(s.waiting.blockId)) return;
      seen.add(s.waiting.blockId);
      queue.push(s);
    };
    const run = async (session: SessionState | null, event: EngineEvent, contact: ContactInfo) => {
      const r = await step(doc, session, event, { now: new Date(NOW), contact, seed: 11, services });
      r.trail.forEach((id) => covered.add(id));
      problems.push(...problemsOf(doc, r).map((p) => `${p} after ${JSON.stringify(event)}`));
      return r;
    };
    const keywords = doc.events.flatMap((e) => (e.kind === 'keyword' ? e.keywords : []));
    for (const contact of [ANA, NAMELESS]) {
      seen.clear();
      const first = await run(null, { type: 'start' }, contact);
      enqueue(first.session);
      for (const k of keywords) enqueue((await run(first.session, { type: 'reply', reply: { text: k } }, contact)).session);
      while (queue.length) {
        const s = queue.shift()!;
        const waiting = s.waiting as { blockId: string; state?: { items?: unknown[] } };
        const block = blockOf(doc, waiting.blockId);
        for (const answer of validAnswers(block, waiting.state?.items?.length ?? 0)) {
          enqueue((await run(s, { type: 'reply', reply: { text: answer } }, contact)).session);
        }
        // Invalid answers until the input gives up and takes its fallback path.
        let cur = s;
        const limit = block.options.maxRetries ?? doc.settings.maxRetries;
        for (let i = 0; i < limit; i++) cur = (await run(cur, { type: 'reply', reply: { text: '' } }, contact)).session;
        expect(cur.waiting?.blockId === block.id && cur.status === 'active', `${block.id} never took its fallback`).toBe(false);
        enqueue(cur);
      }
    }
    expect(problems).toEqual([]);
    expect(allBlocks(doc).map((b) => b.id).filter((id) => !covered.has(id))).toEqual([]);
  });
});

const TEXT_ANSWERS = ['Resposta de teste', '123456', '234567', '345678', '999999', '123.456.789-09', '12.345.678/0001-90'];

/** Answers an input accepts, chosen to take every branch the templates make on them. */
function validAnswers(block: Block, shownItems: number): string[] {
  const o = block.options;
  switch (block.kind) {
    case 'input-buttons':
      return Array.from({ length: shownItems }, (_, i) => String(i + 1));
    case 'input-text':
      return TEXT_ANSWERS.filter((a) => {
        if (o.minLength !== undefined && a.length < o.minLength) return false;
        if (o.maxLength !== undefined && a.length > o.maxLength) return false;
        return o.pattern ? compileSafePattern(o.pattern)!.testWhole(a) : a === TEXT_ANSWERS[0];
      });
    case 'input-number':
      return ['2', '5'];
    case 'input-email':
      return ['ana@exemplo.com.br'];
    case 'input-phone':
      return ['(11) 98765-4321'];
    case 'input-date':
      return ['20/03/2026', '15/03/2026'];
    default:
      throw new Error(`no answers for ${block.kind}`);
  }
}

// --- scripted conversations ----------------------------------------------------------------

describe.each(LOCALES)('customer-service (%s)', (locale) => {
  const t = sel(locale);
  const doc = get('customer-service', locale).document;
  const company = t('Sua Empresa', 'Your Company');

  it('greets by name, opens the menu and takes Support → no connection → ticket → handoff', async () => {
    const description = t('A internet caiu ontem à noite e a luz LOS está vermelha', 'The internet dropped last night and the LOS light is red');
    const c = await converse(doc, ['2', t('sem conexão', 'no connection'), '123.456.789-09', description]);
    expect(c.problems).toEqual([]);
    expect(c.turns[0]).toEqual([
      t(`Olá, Ana! 👋 Eu sou a assistente virtual da *${company}*.`, `Hi, Ana! 👋 I'm the virtual assistant of *${company}*.`),
      choiceOf(doc, 'b_menu'),
    ]);
    expect(labelsOf(doc, 'b_menu')).toEqual(
      t(['Comercial / Vendas', 'Suporte técnico', 'Financeiro', 'Falar com atendente'], ['Sales', 'Technical support', 'Billing', 'Talk to an agent']),
    );
    expect(c.turns[1]).toEqual([choiceOf(doc, 'b_support')]);
    expect(c.turns[2]).toEqual([textOf(doc, 'b_down_text'), textOf(doc, 'b_ticket_ask_doc')]);
    expect(c.turns[2][0]).toContain(t('chamado técnico', 'support ticket'));
    expect(c.turns[3]).toEqual([textOf(doc, 'b_ticket_ask_description')]);
    expect(c.turns[4]).toHaveLength(2);
    expect(c.turns[4][0]).toContain(t('Chamado registrado!', 'Ticket created!'));
    expect(c.turns[4][0]).toContain(t('*Problema:* Sem conexão', '*Issue:* No connection'));
    expect(c.turns[4][0]).toContain('123.456.789-09');
    expect(c.turns[4][0]).toContain(description);
    expect(c.turns[4][1]).toMatch(t(/^⏳ Em instantes uma pessoa da nossa equipe .*, Ana\./, /^⏳ Someone from our team .*, Ana\./));
    expect(c.waits).toEqual(['b_menu', 'b_support', 'b_ticket_doc', 'b_ticket_description', 'b_agent']);
    handedTo(c.session, 'dept_support', c.effects);
    expect(c.session.variables).toEqual({
      company,
      name: 'Ana',
      menu_option: t('Suporte técnico', 'Technical support'),
      support_issue: t('Sem conexão', 'No connection'),
      customer_document: '123.456.789-09',
      issue_description: description,
      department: 'support',
    });
  });

  it('asks the name when WhatsApp gives none, then Sales collects the interest', async () => {
    const interest = t('Plano de 500 mega para a minha loja', 'A 500 Mbps plan for my shop');
    const c = await converse(doc, ['Bruno', '1', interest], { contact: NAMELESS });
    expect(c.problems).toEqual([]);
    expect(c.turns[0]).toEqual([textOf(doc, 'b_ask_name').replace(/\{\{\w+}}/, company)]);
    expect(c.turns[1]).toEqual([t('Prazer, Bruno! 😊', 'Nice to meet you, Bruno! 😊'), choiceOf(doc, 'b_menu')]);
    expect(c.turns[2]).toEqual([textOf(doc, 'b_sales_intro')]);
    expect(c.turns[3][0]).toBe(
      t(`Anotado! ✍️ Vou passar o seu interesse em _${interest}_ para o nosso time *Comercial*.`, `Got it! ✍️ I'll pass your interest in _${interest}_ on to our *Sales* team.`),
    );
    expect(c.turns[3][1]).toContain(', Bruno.');
    expect(c.session.variables).toMatchObject({ name: 'Bruno', menu_option: t('Comercial / Vendas', 'Sales'), sales_interest: interest, department: 'sales' });
  });

  it('solves slow internet with the tips and ends without a handoff', async () => {
    const c = await converse(doc, [t('suporte técnico', 'technical support'), '1', '1']);
    expect(c.problems).toEqual([]);
    expect(c.turns[2]).toEqual([textOf(doc, 'b_slow_tips'), choiceOf(doc, 'b_slow_solved')]);
    expect(c.turns[3]).toEqual([textOf(doc, 'b_solved_text')]);
    expect(c.session.status).toBe('ended');
    expect(c.session.variables.department).toBeUndefined();
    expect(c.session.variables.slow_solved).toBe(t('Sim, resolveu!', "Yes, it's fixed!"));
  });

  it('slow internet not solved opens a ticket', async () => {
    const c = await converse(doc, ['2', '1', '2', '12345678', t('Continua lenta à noite', 'Still slow at night')]);
    expect(c.problems).toEqual([]);
    expect(c.turns[3]).toEqual([textOf(doc, 'b_ticket_ask_doc')]);
    expect(c.turns[5][0]).toContain(t('*Problema:* Internet lenta', '*Issue:* Slow internet'));
    expect(c.session.variables).toMatchObject({ customer_document: '12345678', department: 'support' });
  });

  it('Billing → negotiate a debt records the payment preference', async () => {
    const c = await converse(doc, ['3', t('negociar dívida', 'negotiate a debt'), '12.345.678/0001-90', '2']);
    expect(c.problems).toEqual([]);
    expect(c.turns[1]).toEqual([choiceOf(doc, 'b_billing')]);
    expect(c.turns[2]).toEqual([textOf(doc, 'b_debt_intro')]);
    expect(c.turns[3]).toEqual([choiceOf(doc, 'b_debt_payment')]);
    expect(c.turns[4][0]).toBe(
      t(
        'Anotado: pagamento *Parcelado*. ✍️ Um especialista do *Financeiro* vai te apresentar as melhores condições de negociação.',
        'Noted: *In installments*. ✍️ A *Billing* specialist will present you the best options to settle your debt.',
      ),
    );
    expect(c.session.variables).toMatchObject({ billing_topic: t('Negociar dívida', 'Negotiate a debt'), payment_preference: t('Parcelado', 'In installments'), department: 'billing' });
  });

  it('Billing → copy of the invoice refuses a bad CPF, then accepts one', async () => {
    const c = await converse(doc, [t('Financeiro', 'Billing'), '1', '123', '123.456.789-09']);
    expect(c.problems).toEqual([]);
    expect(c.turns[2]).toEqual([textOf(doc, 'b_invoice_ask')]);
    expect(c.turns[3]).toEqual([retryOf(doc, 'b_invoice_doc')]);
    expect(c.waits[3]).toBe('b_invoice_doc');
    expect(c.turns[4][0]).toBe(textOf(doc, 'b_invoice_done'));
    expect(c.session.variables).toMatchObject({ customer_document: '123.456.789-09', department: 'billing' });
  });

  it('"Back to menu" jumps to the menu, and the menu keyword works from anywhere, even after a handoff', async () => {
    const c = await converse(doc, ['2', t('Voltar ao menu', 'Back to menu'), '3', 'MENU', '3', '3']);
    expect(c.problems).toEqual([]);
    expect(c.turns[2]).toEqual([choiceOf(doc, 'b_menu')]);
    expect(c.turns[4]).toEqual([choiceOf(doc, 'b_menu')]);
    expect(c.waits).toEqual(['b_menu', 'b_support', 'b_menu', 'b_billing', 'b_menu', 'b_billing', 'b_menu']);
    const handed = await converse(doc, ['4']);
    const again = await converse(doc, [t('início', 'start')], { session: handed.session });
    handedTo(handed.session, 'dept_general', handed.effects);
    expect(again.turns[0]).toEqual([choiceOf(doc, 'b_menu')]);
  });

  it('"Talk to an agent", the agent keyword and three wrong answers all hand over to a person', async () => {
    const direct = await converse(doc, ['4']);
    const keyword = await converse(doc, ['1', t('atendente', 'agent')]);
    const lost = await converse(doc, ['banana', 'pizza', '5']);
    for (const c of [direct, keyword, lost]) {
      expect(c.problems).toEqual([]);
      expect(c.turns.at(-1)).toEqual([textOf(doc, 'b_human_text'), expect.stringContaining('⏳')]);
      handedTo(c.session, 'dept_general', c.effects);
      expect(c.session.variables.department).toBe('general');
    }
    expect(lost.turns[1]).toEqual([retryOf(doc, 'b_menu')]);
    expect(lost.turns[2]).toEqual([retryOf(doc, 'b_menu')]);
  });
});

describe.each(LOCALES)('lead-capture (%s)', (locale) => {
  const t = sel(locale);
  const doc = get('lead-capture', locale).document;
  const company = t('Sua Empresa', 'Your Company');

  it('collects name, email (after one invalid try), phone and interest, and confirms a summary', async () => {
    const c = await converse(doc, ['Ana Souza', 'ana@exemplo', 'Ana.Souza@Exemplo.com.br', '(11) 98765-4321', '2', '1']);
    expect(c.problems).toEqual([]);
    expect(c.turns[0]).toEqual([
      t(`Olá! 👋 Eu sou a assistente virtual da *${company}*. Que bom ter você por aqui!`, `Hi! 👋 I'm the virtual assistant of *${company}*. Great to have you here!`),
      textOf(doc, 'b_intro'),
      textOf(doc, 'b_ask_name'),
    ]);
    expect(c.turns[1]).toEqual([t('Prazer, Ana Souza! 😊 Qual é o seu melhor *e-mail*?', "Nice to meet you, Ana Souza! 😊 What's your best *email address*?")]);
    expect(c.turns[2]).toEqual([retryOf(doc, 'b_email')]);
    expect(c.turns[2][0]).toContain(t('não parece válido', "doesn't look right"));
    expect(c.turns[3]).toEqual([textOf(doc, 'b_ask_phone')]);
    expect(c.turns[4]).toEqual([choiceOf(doc, 'b_interest')]);
    expect(c.turns[5]).toEqual([
      t(
        'Confira os seus dados: 📋\n\n👤 *Nome:* Ana Souza\n📧 *E-mail:* ana.souza@exemplo.com.br\n📱 *Telefone:* +5511987654321\n💡 *Interesse:* Pedir um orçamento',
        'Please check your details: 📋\n\n👤 *Name:* Ana Souza\n📧 *Email:* ana.souza@exemplo.com.br\n📱 *Phone:* +5511987654321\n💡 *Interest:* Getting a quote',
      ),
      choiceOf(doc, 'b_confirm'),
    ]);
    expect(c.turns[6]).toEqual([
      t(
        'Obrigada, Ana Souza! 🎉 Recebemos os seus dados e um dos nossos consultores vai entrar em contato em até *1 dia útil*.',
        "Thank you, Ana Souza! 🎉 We've got your details and one of our consultants will get in touch within *1 business day*.",
      ),
    ]);
    expect(c.waits).toEqual(['b_name', 'b_email', 'b_email', 'b_phone', 'b_interest', 'b_confirm', null]);
    expect(c.session.status).toBe('ended');
    expect(c.session.variables).toEqual({
      company,
      name: 'Ana Souza',
      email: 'ana.souza@exemplo.com.br',
      phone: '+5511987654321',
      interest: t('Pedir um orçamento', 'Getting a quote'),
      confirmation: t('Sim, pode enviar', 'Yes, send it'),
    });
  });

  it('"Fix my details" jumps back to the name and the second answers win', async () => {
    const c = await converse(doc, ['Ana', 'ana@exemplo.com', '11987654321', '1', t('corrigir dados', 'fix my details'), 'Ana Lima', 'ana.lima@exemplo.com', '21 99876-5432', '3', '1']);
    expect(c.problems).toEqual([]);
    expect(c.turns[5]).toEqual([textOf(doc, 'b_fix_text'), textOf(doc, 'b_ask_name')]);
    expect(c.turns[9][0]).toContain(t('*Interesse:* Parcerias', '*Interest:* Partnerships'));
    expect(c.session.variables).toMatchObject({ name: 'Ana Lima', email: 'ana.lima@exemplo.com', phone: '+5521998765432', interest: t('Parcerias', 'Partnerships') });
  });

  it('falls back to the WhatsApp number after three invalid phones', async () => {
    const c = await converse(doc, ['Ana', 'ana@exemplo.com', '123', 'abc', '999', '4', '1']);
    expect(c.problems).toEqual([]);
    expect(c.turns[3]).toEqual([retryOf(doc, 'b_phone')]);
    expect(c.turns[4]).toEqual([retryOf(doc, 'b_phone')]);
    expect(c.turns[5]).toEqual([textOf(doc, 'b_phone_skip'), choiceOf(doc, 'b_interest')]);
    expect(c.turns[6][0]).toContain('+5511987654321');
    expect(c.session.variables.phone).toBe('+5511987654321');
  });

  it('cancels with the keyword', async () => {
    const c = await converse(doc, ['Ana', t('Cancelar', 'cancel')]);
    expect(c.problems).toEqual([]);
    expect(c.turns[2]).toEqual([textOf(doc, 'b_cancel_text')]);
    expect(c.session.status).toBe('ended');
  });
});

describe.each(LOCALES)('satisfaction-survey (%s)', (locale) => {
  const t = sel(locale);
  const doc = get('satisfaction-survey', locale).document;
  const company = t('Sua Empresa', 'Your Company');

  it('a 2 asks what went wrong', async () => {
    const comment = t('O atendente demorou muito para responder', 'The agent took too long to answer');
    const c = await converse(doc, ['2', comment]);
    expect(c.problems).toEqual([]);
    expect(c.turns[0]).toEqual([
      t(`Olá, Ana! 👋 Aqui é da *${company}*. Obrigada por falar com a gente!`, `Hi, Ana! 👋 This is *${company}*. Thank you for getting in touch!`),
      textOf(doc, 'b_ask_rating'),
    ]);
    expect(c.turns[1]).toEqual([textOf(doc, 'b_low_sorry'), textOf(doc, 'b_low_ask')]);
    expect(c.turns[1][1]).toContain(t('o que deu errado', 'what went wrong'));
    expect(c.turns[2]).toEqual([
      textOf(doc, 'b_low_noted'),
      t(`Muito obrigada pelo seu feedback! 💙 Ele ajuda a *${company}* a melhorar a cada dia.`, `Thank you so much for your feedback! 💙 It helps *${company}* get better every day.`),
    ]);
    expect(c.session.status).toBe('ended');
    expect(c.session.variables).toEqual({ company, rating: 2, comment });
  });

  it('a 5 thanks and takes an optional comment', async () => {
    const comment = t('Atendimento nota 10, parabéns à equipe!', 'Great service, well done to the team!');
    const c = await converse(doc, ['5', t('sim, quero comentar', 'yes, add a comment'), comment]);
    expect(c.problems).toEqual([]);
    expect(c.turns[1]).toEqual([
      t('Que alegria! 🤩 Muito obrigada pela nota *5*!', "That's wonderful! 🤩 Thank you so much for rating us *5*!"),
      choiceOf(doc, 'b_wants_comment'),
    ]);
    expect(c.turns[2]).toEqual([textOf(doc, 'b_high_ask')]);
    expect(c.turns[3][0]).toContain(t('Muito obrigada pelo seu feedback!', 'Thank you so much for your feedback!'));
    expect(c.session.variables).toEqual({ company, rating: 5, wants_comment: t('Sim, quero comentar', 'Yes, add a comment'), comment });
  });

  it('a 4 with no comment ends at once; out-of-range answers get the retry message', async () => {
    const c = await converse(doc, ['0', t('ótimo', 'great'), '4', '2']);
    expect(c.problems).toEqual([]);
    expect(c.turns[1]).toEqual([retryOf(doc, 'b_rating')]);
    expect(c.turns[2]).toEqual([retryOf(doc, 'b_rating')]);
    expect(c.turns[3][0]).toContain('*4*');
    expect(c.turns[4]).toEqual([expect.stringContaining(t('Muito obrigada pelo seu feedback!', 'Thank you so much for your feedback!'))]);
    expect(c.session.variables).toEqual({ company, rating: 4, wants_comment: t('Agora não', 'Not now') });
  });

  it('three invalid ratings or the stop keyword leave the survey politely', async () => {
    const invalid = await converse(doc, ['3,5', '10', 'nota máxima']);
    const stop = await converse(doc, [t('sair', 'stop')]);
    for (const c of [invalid, stop]) {
      expect(c.problems).toEqual([]);
      expect(c.turns.at(-1)).toEqual([textOf(doc, 'b_bye_text')]);
      expect(c.session.status).toBe('ended');
      expect(c.session.variables.rating).toBeUndefined();
    }
  });
});

describe.each(LOCALES)('appointment-request (%s)', (locale) => {
  const t = sel(locale);
  const doc = get('appointment-request', locale).document;

  it('refuses a past date and a Sunday, accepts a later weekday, and confirms', async () => {
    const c = await converse(doc, ['Ana Souza', '1', '05/03/2026', '15/03/2026', '20/03/2026', t('tarde', 'afternoon'), t('confirmar', 'confirm')]);
    expect(c.problems).toEqual([]);
    expect(c.turns[0]).toEqual([expect.stringContaining(t('*solicitar um agendamento*', '*request an appointment*')), textOf(doc, 'b_ask_name')]);
    expect(c.turns[1]).toEqual([t('Prazer, Ana Souza! 😊', 'Nice to meet you, Ana Souza! 😊'), choiceOf(doc, 'b_service')]);
    expect(c.turns[2]).toEqual([expect.stringContaining(t('(ex.: 10/03/2026)', '(e.g. 10/03/2026)'))]);
    // 05/03 is before "today" (10/03): refused with the block's retry message, which shows today's date.
    expect(c.turns[3]).toEqual([
      t(
        'Não consegui usar essa data. 📅 Envie uma data *a partir de hoje* no formato *dd/mm/aaaa* (ex.: 10/03/2026).',
        "I can't use that date. 📅 Please send a date *from today on* as *dd/mm/yyyy* (e.g. 10/03/2026).",
      ),
    ]);
    expect(c.turns[4]).toEqual([textOf(doc, 'b_sunday_text')]);
    expect(c.turns[5]).toEqual([choiceOf(doc, 'b_period')]);
    expect(c.turns[6]).toEqual([
      t(
        'Confira a sua solicitação: 📋\n\n👤 *Nome:* Ana Souza\n💼 *Serviço:* Consulta\n📅 *Data:* 20/03/2026\n🕐 *Período:* Tarde',
        'Please check your request: 📋\n\n👤 *Name:* Ana Souza\n💼 *Service:* Consultation\n📅 *Date:* 20/03/2026\n🕐 *Time of day:* Afternoon',
      ),
      choiceOf(doc, 'b_confirm'),
    ]);
    const protocol = c.session.variables.protocol;
    expect(typeof protocol).toBe('number');
    expect(protocol).toBeGreaterThanOrEqual(100000);
    expect(protocol).toBeLessThan(1000000);
    expect(c.turns[7]).toEqual([
      t(
        `Prontinho, Ana Souza! ✅ Sua solicitação de *Consulta* para *20/03/2026*, no período da *tarde*, foi registrada.\n\n🔖 Protocolo: *${protocol}*\n\nNossa equipe vai confirmar o *horário exato* por aqui em breve. Até logo! 👋`,
        `All set, Ana Souza! ✅ Your *Consultation* request for *20/03/2026* in the *afternoon* has been received.\n\n🔖 Reference: *${protocol}*\n\nOur team will confirm the *exact time* here shortly. See you soon! 👋`,
      ),
    ]);
    expect(c.waits).toEqual(['b_name', 'b_service', 'b_date', 'b_date', 'b_date', 'b_period', 'b_confirm', null]);
    expect(c.session.status).toBe('ended');
    expect(c.session.variables).toEqual({
      company: t('Sua Empresa', 'Your Company'),
      name: 'Ana Souza',
      service: t('Consulta', 'Consultation'),
      date: '2026-03-20',
      weekday: '5',
      period: t('Tarde', 'Afternoon'),
      confirmation: t('Confirmar', 'Confirm'),
      protocol,
    });
  });

  it('"Change" jumps back to the service and the new choices are confirmed', async () => {
    const c = await converse(doc, ['Ana Souza', '1', t('amanhã', 'tomorrow'), '1', '2', '2', '21/03/2026', t('manhã', 'morning'), '1']);
    expect(c.problems).toEqual([]);
    expect(c.turns[5]).toEqual([textOf(doc, 'b_change_text'), choiceOf(doc, 'b_service')]);
    expect(c.turns[9][0]).toContain(t('*Avaliação* para *21/03/2026*, no período da *manhã*', '*Assessment* request for *21/03/2026* in the *morning*'));
    expect(c.session.variables).toMatchObject({ service: t('Avaliação', 'Assessment'), date: '2026-03-21', weekday: '6', period: t('Manhã', 'Morning') });
  });

  it('"tomorrow" is understood relative to the turn clock', async () => {
    const c = await converse(doc, ['Ana Souza', '3', t('amanhã', 'tomorrow')]);
    expect(c.problems).toEqual([]);
    expect(c.session.variables).toMatchObject({ date: '2026-03-11', weekday: '3' });
    expect(c.waits.at(-1)).toBe('b_period');
  });

  it('cancels with the keyword, and an unreadable date three times hands over to a person', async () => {
    const cancel = await converse(doc, ['Ana Souza', t('cancelar', 'cancel')]);
    expect(cancel.turns[2]).toEqual([textOf(doc, 'b_cancel_text')]);
    const lost = await converse(doc, ['Ana Souza', '1', 'semana que vem', '32/13/2026', '01/01/2020']);
    expect(lost.problems).toEqual([]);
    expect(lost.turns.at(-1)).toEqual([textOf(doc, 'b_help_text')]);
    expect(lost.session.variables.department).toBe('scheduling');
  });
});

describe.each(LOCALES)('order-status (%s)', (locale) => {
  const t = sel(locale);
  const doc = get('order-status', locale).document;

  it('refuses "abc", finds 123456 being prepared, and says goodbye', async () => {
    const c = await converse(doc, ['abc', '123456', t('não, é só isso', "no, that's all")]);
    expect(c.problems).toEqual([]);
    expect(c.turns[0]).toEqual([expect.stringContaining(t('acompanhar o seu pedido', 'track your order')), textOf(doc, 'b_ask_order')]);
    expect(c.turns[1]).toEqual([retryOf(doc, 'b_order')]);
    expect(c.turns[1][0]).toContain(t('*4 a 8 dígitos*', '*4 to 8 digits*'));
    expect(c.turns[2]).toEqual([
      t(
        'Encontrei! 🎉 O pedido *#123456* está *em separação* no nosso estoque. 📦\n\nAssim que ele for despachado, você recebe o *código de rastreio* por aqui.',
        "Found it! 🎉 Order *#123456* is *being prepared* in our warehouse. 📦\n\nAs soon as it ships, you'll get the *tracking code* right here.",
      ),
      choiceOf(doc, 'b_more'),
    ]);
    expect(c.turns[3]).toEqual([textOf(doc, 'b_bye_text')]);
    expect(c.session.status).toBe('ended');
    expect(c.session.variables).toEqual({
      company: t('Sua Empresa', 'Your Company'),
      order_number: '123456',
      order_status: 'picking',
      next_action: t('Não, é só isso', "No, that's all"),
    });
  });

  it('999999 is not found; trying again with 234567 shows it shipped with a tracking code; then an agent', async () => {
    const c = await converse(doc, ['999999', t('tentar outro número', 'try another number'), '234567', '2']);
    expect(c.problems).toEqual([]);
    expect(c.turns[1]).toEqual([
      t(
        'Hmm, não encontrei nenhum pedido com o número *999999*. 😕\nConfira o número no e-mail de confirmação da compra.',
        "Hmm, I couldn't find any order with the number *999999*. 😕\nPlease check the number in your order confirmation email.",
      ),
      choiceOf(doc, 'b_not_found_action'),
    ]);
    expect(c.turns[2]).toEqual([textOf(doc, 'b_ask_order')]);
    expect(c.turns[3][0]).toContain(t('já foi *enviado*', 'has *shipped*'));
    expect(c.turns[3][0]).toContain('*QB234567BR*');
    expect(c.turns[3][1]).toBe(choiceOf(doc, 'b_more'));
    expect(c.turns[4]).toEqual([
      t(
        'Certo! Vou te transferir para um dos nossos atendentes. 🙋‍♀️ Em instantes uma pessoa da equipe vai continuar o atendimento por aqui, já com o pedido *#234567* em mãos.',
        "Sure! I'll transfer you to one of our agents. 🙋‍♀️ Someone from our team will continue the conversation right here in a moment, with order *#234567* at hand.",
      ),
    ]);
    expect(c.waits).toEqual(['b_order', 'b_not_found_action', 'b_order', 'b_more', 'b_human_agent']);
    handedTo(c.session, 'dept_general', c.effects);
    expect(c.session.variables).toMatchObject({ order_number: '234567', order_status: 'shipped', tracking_code: 'QB234567BR', department: 'orders' });
  });

  it('a number starting with 3 was delivered; too-short numbers are refused', async () => {
    const c = await converse(doc, ['12', '3456']);
    expect(c.problems).toEqual([]);
    expect(c.turns[1]).toEqual([retryOf(doc, 'b_order')]);
    expect(c.turns[2][0]).toContain(t('já foi *entregue*', 'has been *delivered*'));
    expect(c.session.variables.order_status).toBe('delivered');
  });

  it('not found → talk to an agent, and the agent keyword on a fresh contact', async () => {
    const c = await converse(doc, ['999999', '2']);
    expect(c.problems).toEqual([]);
    expect(c.session.variables).toMatchObject({ order_status: 'not_found', department: 'orders' });
    const fresh = await step(doc, null, { type: 'reply', reply: { text: t('atendente', 'agent') } }, { now: new Date(NOW), contact: ANA, services });
    expect(fresh.messages.map((m) => show(m.message))).toEqual([
      t(
        'Certo! Vou te transferir para um dos nossos atendentes. 🙋‍♀️ Em instantes uma pessoa da equipe vai continuar o atendimento por aqui.',
        "Sure! I'll transfer you to one of our agents. 🙋‍♀️ Someone from our team will continue the conversation right here in a moment.",
      ),
    ]);
  });
});

// Keeps the groupOfBlock helper honest: Sunday's Jump lands on the date input itself.
it('appointment-request: the Sunday jump targets the date input of the date group', () => {
  for (const locale of LOCALES) {
    const doc = get('appointment-request', locale).document;
    const target = blockOf(doc, 'b_sunday_jump').options.target;
    expect(groupOfBlock(doc, 'b_date').id).toBe(target.groupId);
    expect(target.blockId).toBe('b_date');
  }
});
