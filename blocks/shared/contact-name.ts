// Which flow variable is the contact's name. When a flow saves an answer into a variable called
// `nome` or `name` (or one of the spellings below), that answer becomes the contact's name, so
// agents in the Inbox see "Maria Souza" instead of a phone number or a push name. The rule is a
// name, not a setting: every template already asks for the name into `nome`/`name`, and an author
// reads the variable panel to know which variable it is.
import type { FlowVariable } from '../flow.js';
import type { VariableValue, Variables } from '../contract.js';
import { charCount } from './text-length.js';

/** Variable names (lower case, without accents) that hold the contact's name. */
export const CONTACT_NAME_VARIABLES: readonly string[] = [
  'nome',
  'name',
  'nome_contato',
  'nome_do_contato',
  'contact_name',
  'nome_cliente',
  'nome_do_cliente',
  'customer_name',
  'nome_completo',
  'full_name',
];

/** The longest text taken as a name: anything longer is an answer about something else. */
export const CONTACT_NAME_MAX_CHARS = 100;

function folded(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export function isContactNameVariable(name: string): boolean {
  return CONTACT_NAME_VARIABLES.includes(folded(name));
}

/** The value as a contact's name (spaces tidied), or null when it cannot be one. */
export function contactNameFrom(value: VariableValue | undefined): string | null {
  if (typeof value !== 'string') return null;
  const name = value.replace(/\s+/g, ' ').trim();
  if (!name || charCount(name, CONTACT_NAME_MAX_CHARS) > CONTACT_NAME_MAX_CHARS) return null;
  return name;
}

/**
 * The name a turn collected: the new value of a contact-name variable that the turn changed, or
 * null when it changed none (or set one to something that is not a name).
 */
export function collectedContactName(variables: readonly FlowVariable[], before: Variables, after: Variables): string | null {
  for (const v of variables) {
    if (!isContactNameVariable(v.name) || after[v.id] === before[v.id]) continue;
    const name = contactNameFrom(after[v.id]);
    if (name) return name;
  }
  return null;
}
