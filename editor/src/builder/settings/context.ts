// What every widget of the settings form reads: the flow, the current options, the issues
// mapped to fields, and how to write a value or create a variable.
import { createContext, useContext } from 'react';
import type { FlowDocument } from '../../../../blocks/flow.js';
import type { Locale } from '../../i18n.js';
import type { FieldIssue, Path } from './form-model.js';
import type { SettingsTexts } from './texts.js';

export interface VariableRef {
  id: string;
  name: string;
}

export interface FormContextValue {
  locale: Locale;
  t: SettingsTexts;
  doc: FlowDocument;
  blockId: string;
  kind: string;
  /** The options being edited (the draft, possibly invalid). */
  value: unknown;
  /** Writes one value and emits the whole new options object. */
  set(path: Path, value: unknown): void;
  issues: ReadonlyMap<string, FieldIssue[]>;
  visible(path: Path): boolean;
  /** The flow's variables plus the ones created from this panel and not yet in `doc`. */
  variables: readonly VariableRef[];
  variableName(id: string): string | undefined;
  /** Adds a variable to the flow; returns its id. */
  createVariable(name: string): string;
}

export const FormContext = createContext<FormContextValue | null>(null);

export function useForm(): FormContextValue {
  const ctx = useContext(FormContext);
  if (!ctx) throw new Error('settings widgets must be rendered inside BlockSettings');
  return ctx;
}
