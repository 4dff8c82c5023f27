// A custom field's control by its type: text, a number (comma or point), a date picker, a select of
// the list's options, a yes/no checkbox, a CPF/CNPJ with its mask. Drafts are strings (booleans
// for yes/no) until saved; `checkFieldDraft` says what is wrong before the server is asked.
import { Select, TextInput, useFieldControl } from '../../ui/index.js';
import { useTexts } from '../i18n.js';
import { maskDocument, validDocument } from './format.js';
import { contactsTexts, type ContactsTexts } from './texts.js';
import type { FieldDefinition } from './types.js';

export type FieldDraft = string | boolean;

/** A stored value as the control's draft. */
export function draftOf(f: FieldDefinition, v: unknown): FieldDraft {
  if (f.type === 'yes_no') return v === true;
  if (v === undefined || v === null) return '';
  if (f.type === 'cpf_cnpj') return maskDocument(String(v));
  if (f.type === 'number' && typeof v === 'number') return String(v);
  return String(v);
}

/** What the server is sent: '' clears the field. */
export function valueOf(f: FieldDefinition, d: FieldDraft): string | boolean | number | null {
  if (f.type === 'yes_no') return d === true;
  const s = String(d).trim();
  if (!s) return null;
  return s;
}

export function checkFieldDraft(f: FieldDefinition, d: FieldDraft, t: ContactsTexts): string | undefined {
  if (typeof d !== 'string' || !d.trim()) return undefined;
  if (f.type === 'cpf_cnpj' && !validDocument(d)) return t.cpfInvalid;
  if (f.type === 'number' && !/^-?\d+([.,]\d+)?$/.test(d.trim().replace(/\s/g, ''))) return t.numberInvalid;
  return undefined;
}

export function FieldValueInput({ field, value, onChange, id }: { field: FieldDefinition; value: FieldDraft; onChange: (d: FieldDraft) => void; id?: string }) {
  const t = useTexts(contactsTexts);
  const a11y = useFieldControl({ id });
  switch (field.type) {
    case 'yes_no':
      return (
        <label className="ct-check">
          <input {...a11y} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />
          <span>{value === true ? t.contact.yes : t.contact.no}</span>
        </label>
      );
    case 'list':
      return <Select id={id} value={String(value)} onChange={onChange} placeholder={t.contact.choose} options={field.options.map((o) => ({ value: o, label: o }))} />;
    case 'date':
      return <input {...a11y} type="date" className="ui-input" value={String(value)} onChange={(e) => onChange(e.target.value)} />;
    case 'number':
      return <TextInput id={id} inputMode="decimal" value={String(value)} onChange={onChange} autoComplete="off" />;
    case 'cpf_cnpj':
      return <TextInput id={id} inputMode="numeric" value={String(value)} onChange={(v) => onChange(maskDocument(v))} placeholder="000.000.000-00" autoComplete="off" />;
    default:
      return <TextInput id={id} value={String(value)} onChange={onChange} maxLength={500} autoComplete="off" />;
  }
}
