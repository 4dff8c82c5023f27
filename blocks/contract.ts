// The executor contract: the only thing a block folder needs from the rest of Ozia.
// Executors are pure functions of (options, context): clock, randomness, templating and I/O
// all arrive through the context, so every block is unit-testable and the test chat,
// WhatsApp and the web widget run the same code.
import { z } from 'zod';

export type Scalar = string | number | boolean | null;
/** A file the contact sent, as a File input saves it: where Ozia serves it and what it is. */
export interface FileValue {
  fileId: string;
  /** Where Ozia serves it (`/api/files/<id>`). */
  url: string;
  name: string;
  mime: string;
  size: number;
  kind: MediaType | 'sticker';
}
/**
 * A variable holds a scalar or a list (lists come from "append to list" and list-driven buttons),
 * or the file(s) a File input saved.
 */
export type VariableValue = Scalar | Scalar[] | FileValue | FileValue[];
/** Session variables, keyed by variable id (names can be renamed in the editor, ids never change). */
export type Variables = Record<string, VariableValue>;

export type Locale = 'pt-BR' | 'en';
export type Localized = { en: string; 'pt-BR': string };

export interface ChoiceItem {
  id: string;
  label: string;
  description?: string;
  imageUrl?: string;
}

export type MediaType = 'image' | 'video' | 'audio' | 'document';

/** One value of a message template's variable: positional (`{{1}}`, in order) or named (`{{nome}}`). */
export interface TemplateParam {
  component: 'header' | 'body';
  /** Named templates only (Meta's `parameter_name`). */
  name?: string;
  value: string;
}

/** Which approved provider template to send (WhatsApp Cloud API), and its variables' values. */
export interface TemplateRef {
  name: string;
  /** Meta's language code, e.g. `pt_BR`. */
  language: string;
  params: TemplateParam[];
}

export type OutgoingMessage =
  /** `outsideWindow`: where free text cannot go now (WhatsApp's 24-hour rule), this template goes instead. */
  | { type: 'text'; text: string; outsideWindow?: TemplateRef }
  /** A provider template; `text` is what the contact reads (header, body and footer filled in), shown by other channels and the Inbox. */
  | ({ type: 'template'; text: string } & TemplateRef)
  | { type: MediaType; url: string; caption?: string; fileName?: string }
  /** Buttons and picture choice. Channels without buttons render a numbered-text fallback. */
  | { type: 'choice'; text?: string; multiple: boolean; items: ChoiceItem[] };

/** A file the contact sent, already saved in Ozia's storage. */
export interface Attachment {
  fileId: string;
  /** Where Ozia serves it (`/api/files/<id>`). */
  url: string;
  kind: MediaType | 'sticker';
  mime: string;
  name?: string;
  size: number;
}

/**
 * What the contact answered: free text (or a photo's caption), item ids when the channel could
 * send a real click (or a poll vote), files and a location when they sent those.
 */
export interface Reply {
  text: string;
  choiceIds?: string[];
  attachments?: Attachment[];
  location?: { latitude: number; longitude: number; name?: string; address?: string };
}

export type Next =
  | { path: 'default' }
  | { path: 'item'; itemId: string }
  | { path: 'fallback' }
  | { path: 'jump'; groupId: string; blockId?: string }
  | { path: 'end' };

export type Wait =
  /** An input waits for the contact; `state` is kept in the session and handed back to `reply`. */
  | { for: 'reply'; state?: unknown }
  /** A server-side timer: the flow resumes on the default path after `seconds`, reply or not. */
  | { for: 'timer'; seconds: number }
  /** A human takes over: the bot is paused until an agent finishes or hands the conversation back. */
  | { for: 'human'; handoff: HandoffRequest };

export type HandoffMode = 'auto' | 'queue' | 'agent';

export interface HandoffRequest {
  departmentId: string;
  /** auto: round-robin among online members with free capacity; queue: manual pick-up; agent: one person. */
  mode: HandoffMode;
  agentId?: string;
  /** Sent while the contact waits; `{{position}}` (left as is) becomes the place in the queue. */
  waitingMessage?: string;
}

/** What the Agent block needs to know about a department at the turn's instant. */
export interface DepartmentStatus {
  id: string;
  name: string;
  open: boolean;
  outOfHoursMessage: string;
  /** When it opens next, in words ("segunda-feira, 08:00"), or null when always closed. */
  nextOpening: string | null;
}

export interface HandoffService {
  department(id: string, at: Date, locale: Locale): DepartmentStatus | null;
}

export interface RunResult {
  messages?: OutgoingMessage[];
  /** Variable id -> new value. */
  set?: Variables;
  /** Where to go next; the default path when absent. Ignored when `wait` is given. */
  next?: Next;
  wait?: Wait;
  /** Values to write into the contact, applied in the turn's commit (the Contact block). */
  contact?: ContactUpdate;
}

/**
 * A write into the contact, declared by a block and applied with the turn's commit, in the
 * same transaction as the session. Values are raw: the commit checks each against its field
 * and skips (and logs) what is refused.
 */
export interface ContactUpdate {
  name?: string;
  email?: string;
  phone?: string;
  /** Custom field values by key. */
  fields?: Record<string, Scalar>;
  /** Names of existing tags. */
  addTags?: string[];
}

export type ReplyResult =
  | {
      ok: true;
      set?: Variables;
      next?: Next;
      messages?: OutgoingMessage[];
      /**
       * Taken, but the block waits for more (a File input collecting several files): the session
       * keeps waiting on it with this state, tries counted afresh; `next` is ignored.
       */
      more?: { state: unknown };
    }
  /** The answer is invalid: the engine sends the retry message and, after too many tries, takes the fallback path. */
  | { ok: false; reason?: string };

export interface VariableDef {
  id: string;
  name: string;
}

export interface ContactInfo {
  id: string;
  name?: string | null;
  phone?: string | null;
  email?: string | null;
  /** Custom field values by key (`{{contact.<key>}}`): text, numbers, ISO dates, yes/no, CPF/CNPJ digits. */
  fields?: Record<string, string | number | boolean>;
}

export type LogLevel = 'info' | 'warn' | 'error';

/**
 * What an executor throws when the flow cannot go on (no department chosen, a jump without a
 * target): the engine logs the text in the flow's language and sends the fallback message.
 */
export class BlockError extends Error {
  constructor(readonly text: Localized) {
    super(text.en);
  }
}

/** Services that reach outside the engine. Later issues add HTTP, LLM, mail and contact fields. */
export interface Services {
  /** Departments for the Agent block (business hours); absent where no inbox runs (terminal chat). */
  handoff?: HandoffService;
  [name: string]: unknown;
}

export interface BlockContext {
  /** The turn's clock: the same instant for every block of one turn. */
  readonly now: Date;
  /** IANA time zone of the flow, for "today" and date inputs. */
  readonly timeZone: string;
  readonly locale: Locale;
  /** Deterministic random number in [0, 1), seeded by the engine. */
  random(): number;
  /** A fresh random id (uses `random`, so it is deterministic too). */
  newId(): string;
  readonly variables: Readonly<Variables>;
  readonly variableDefs: readonly VariableDef[];
  readonly contact: ContactInfo;
  /**
   * Renders a Handlebars template over the variables (by name) and `contact` for a person to read:
   * numbers and dates read in the flow's language (`10,5`, `25/12/2026`). Compiled once, cached.
   */
  render(template: string): string;
  /** Renders a template into a value to store, compare or fetch (Set variable, conditions, URLs): numbers and dates as stored. */
  renderValue(template: string): string;
  /** Public URL of an uploaded file id. */
  fileUrl(fileId: string): string;
  /** A line for the author (the test chat shows it), in both languages: the flow's is kept. */
  log(level: LogLevel, message: Localized, data?: unknown): void;
  readonly services: Services;
}

export interface BlockExecutor<O = any> {
  /** Called when the flow reaches the block. */
  run(options: O, ctx: BlockContext): RunResult | Promise<RunResult>;
  /** Inputs only: called with the contact's answer while the block waits for a reply. */
  reply?(options: O, reply: Reply, ctx: BlockContext, state: unknown): ReplyResult | Promise<ReplyResult>;
}

export type BlockCategory = 'bubbles' | 'inputs' | 'chat' | 'logic' | 'integrations';

/** Form metadata attached to zod fields with `.meta(...)`; the editor builds the settings form from it. */
export interface FieldMeta {
  label?: Localized;
  input?:
    | 'text'
    | 'textarea'
    | 'number'
    | 'switch'
    | 'select'
    /** Several values of an enum list, one checkbox each (labels from `options`). */
    | 'checkboxes'
    | 'variable'
    | 'media'
    | 'template'
    | 'items'
    | 'conditions'
    | 'target'
    | 'department'
    | 'agent'
    /** A contact's name, e-mail, phone or one of its custom fields (by key). */
    | 'contact-field'
    | 'hidden';
  placeholder?: Localized;
  help?: Localized;
  /** Labels of enum values for selects. */
  options?: Record<string, Localized>;
}

export interface BlockSchema<S extends z.ZodType = z.ZodType> {
  kind: string;
  category: BlockCategory;
  label: Localized;
  /** A short glyph for the palette (emoji or a single character). */
  icon: string;
  options: S;
  /**
   * Options of a freshly dropped block. They parse with `options`, except where the block can do
   * nothing until the author gives it something (a media file): then it starts empty, and the
   * linter asks for what is missing.
   */
  defaults(newId: () => string): z.input<S>;
  /** Defaults of earlier versions that held example addresses: the linter warns while a block keeps one. */
  formerDefaults?(newId: () => string): unknown;
  /**
   * Brings options stored in an earlier shape of this block to today's, wherever a document is
   * read (`parseFlowDocument`); what it does not recognise it returns unchanged.
   */
  upgrade?(options: unknown): unknown;
  /** True for blocks that wait for the contact (they get a fallback handle). */
  isInput?: boolean;
  /** Items that own an outgoing edge (buttons, conditions, A/B branches). */
  items?(options: z.output<S>): { id: string; label: string }[];
  /** False for blocks that never continue (End, Jump): they have no default handle. */
  hasDefaultPath?: boolean;
  /** True for blocks besides inputs that pause the turn (a timer, a human): a loop through one does not spin. */
  pauses?: boolean;
  /** Names this block fills in its own templates (not flow variables), e.g. the Agent block's {{position}}. */
  templateNames?: string[];
}

export function defineBlock<S extends z.ZodType>(schema: BlockSchema<S>): BlockSchema<S> {
  return schema;
}

export function defineExecutor<S extends z.ZodType>(
  _schema: BlockSchema<S>,
  executor: BlockExecutor<z.output<S>>,
): BlockExecutor<z.output<S>> {
  return executor;
}
