// Builds the BlockContext an executor receives: the turn's clock, a seeded random source,
// variables and templating. The engine makes one per turn; tests make one with `testContext`.
import type {
  BlockContext,
  ContactInfo,
  Locale,
  LogLevel,
  Services,
  VariableDef,
  Variables,
} from '../blocks/contract.js';
import { AS_STORED, renderTemplate, templateScope } from './templating.js';

/** mulberry32: small, fast, good enough for A/B splits and ids, and reproducible from a seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function idFrom(random: () => number, length = 12): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ID_ALPHABET[Math.floor(random() * ID_ALPHABET.length)];
  return s;
}

export interface LogEntry {
  level: LogLevel;
  message: string;
  data?: unknown;
  blockId?: string;
}

export interface ContextInit {
  now: Date;
  random: () => number;
  variables: Variables;
  variableDefs: readonly VariableDef[];
  contact: ContactInfo;
  timeZone?: string;
  locale?: Locale;
  services?: Services;
  fileUrl?: (fileId: string) => string;
  log?: (entry: LogEntry) => void;
  blockId?: string;
}

export function createContext(init: ContextInit): BlockContext {
  const timeZone = init.timeZone ?? 'UTC';
  const locale = init.locale ?? 'pt-BR';
  let scope: Record<string, unknown> | null = null;
  let valueScope: Record<string, unknown> | null = null;
  return {
    now: init.now,
    timeZone,
    locale,
    random: init.random,
    newId: () => idFrom(init.random),
    variables: init.variables,
    variableDefs: init.variableDefs,
    contact: init.contact,
    render(template: string) {
      if (!template.includes('{{')) return template;
      scope ??= templateScope(init.variables, init.variableDefs, init.contact, init.now, timeZone, init.locale);
      return renderTemplate(template, scope);
    },
    renderValue(template: string) {
      if (!template.includes('{{')) return template;
      scope ??= templateScope(init.variables, init.variableDefs, init.contact, init.now, timeZone, init.locale);
      valueScope ??= Object.assign(Object.create(null) as Record<string, unknown>, scope, { [AS_STORED]: true });
      return renderTemplate(template, valueScope);
    },
    fileUrl: init.fileUrl ?? ((fileId) => `/api/files/${encodeURIComponent(fileId)}`),
    log(level, message, data) {
      init.log?.({ level, message: message[locale], data, blockId: init.blockId });
    },
    services: init.services ?? {},
  };
}

/**
 * A context for block tests: variables given by name (`{ name: 'Ana' }`) become definitions
 * with id = name, so tests can read `result.set?.name`.
 */
export function testContext(
  opts: {
    variables?: Variables;
    now?: Date;
    seed?: number;
    contact?: ContactInfo;
    timeZone?: string;
    locale?: Locale;
    logs?: LogEntry[];
    services?: Services;
  } = {},
): BlockContext {
  const variables = opts.variables ?? {};
  const defs = Object.keys(variables).map((k) => ({ id: k, name: k }));
  return createContext({
    now: opts.now ?? new Date('2026-03-10T12:00:00Z'),
    random: seededRandom(opts.seed ?? 42),
    variables,
    variableDefs: defs,
    contact: opts.contact ?? { id: 'contact_1', name: 'Ana Souza', phone: '+5511987654321' },
    timeZone: opts.timeZone ?? 'America/Sao_Paulo',
    locale: opts.locale,
    services: opts.services,
    log: (e) => opts.logs?.push(e),
  });
}
