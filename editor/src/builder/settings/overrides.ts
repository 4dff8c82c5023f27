// Per-kind adjustments where the schema alone cannot say how the form should behave: fields that
// only matter for some values of another field, the noun of a list's items, and which fields
// belong in a collapsed section. Everything else is generated from the schema metadata.
import type { Localized } from '../../../../blocks/contract.js';
import { pathKey, type Path, type Visibility } from './form-model.js';

type Options = Record<string, unknown> | undefined;
const opts = (o: unknown): Options => (o && typeof o === 'object' ? (o as Record<string, unknown>) : undefined);

/** Choice blocks: the send button only matters for multiple choice. */
const choiceVisibility: Visibility = (path, o) => (pathKey(path) === 'submitLabel' ? opts(o)?.multiple === true : true);

const visibility: Record<string, Visibility> = {
  // Buttons take their options either from the list typed here or from a list variable.
  'input-buttons': (path, o) => {
    const key = pathKey(path);
    const fromVariable = opts(o)?.source === 'variable';
    if (key === 'items') return !fromVariable;
    if (key === 'listVariableId') return fromVariable;
    return choiceVisibility(path, o);
  },
  'input-picture-choice': choiceVisibility,
  // The File input's finishing word and file cap only matter when it collects several files.
  'input-file': (path, o) => (['doneWord', 'maxFiles'].includes(pathKey(path)) ? opts(o)?.multiple === true : true),
  // Tags are only added by a save.
  contact: (path, o) => (pathKey(path) === 'addTags' ? opts(o)?.mode === 'save' : true),
};

export function visibilityFor(kind: string): Visibility {
  return visibility[kind] ?? (() => true);
}

const option: Localized = { en: 'option', 'pt-BR': 'opção' };

/** What one element of a list is called, for "Add option" and "Option 2". */
const itemNouns: Record<string, Localized> = {
  'input-buttons items': option,
  'input-picture-choice items': option,
  'condition items': { en: 'branch', 'pt-BR': 'ramificação' },
  'ab-test items': { en: 'branch', 'pt-BR': 'ramo' },
  'bubble-text outsideWindow.values': { en: 'variable', 'pt-BR': 'variável' },
  'contact mappings': { en: 'field', 'pt-BR': 'campo' },
};

export function itemNoun(kind: string, path: Path): Localized | undefined {
  // List items nested in list items share the noun of their pattern: items.2.x -> items.x.
  const pattern = path.filter((p) => typeof p === 'string').join('.');
  return itemNouns[`${kind} ${pattern}`];
}

/** Fields of every input block that tune invalid answers: shown in a collapsed section at the end. */
export const RETRY_FIELDS = ['retryMessage', 'maxRetries'];
export const retrySection: Localized = { en: 'When the answer is invalid', 'pt-BR': 'Quando a resposta é inválida' };

/**
 * Fields optional in the schema only so that a freshly dropped block parses, but that the block
 * needs to do anything: not labelled "optional".
 */
const needed: Record<string, string[]> = {
  'set-variable': ['variableId'],
  'input-buttons': ['listVariableId'],
  'bubble-text': ['outsideWindow.name'],
  contact: ['mappings.variableId'],
};

export function isNeeded(kind: string, path: Path): boolean {
  // A field of a list's items is named without its index: mappings.2.variableId -> mappings.variableId.
  const pattern = path.filter((p) => typeof p === 'string').join('.');
  return (needed[kind]?.includes(pathKey(path)) || needed[kind]?.includes(pattern)) ?? false;
}
