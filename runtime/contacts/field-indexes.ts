// Each custom field's value as SQL, and the expression index on it that the Contacts list's
// field filters read. The filter and the index must spell the expression identically (the key a
// literal, not a parameter) or the planner will not match them; both come from here. Keys are
// checked as /^[a-z][a-z0-9_]{0,39}$/ before they are stored, so inlining one is safe.
import type { ContactFieldType } from '../db/schema.js';

type Dialect = 'sqlite' | 'postgres';

function checkedKey(key: string): string {
  if (!/^[a-z][a-z0-9_]{0,39}$/.test(key)) throw new Error(`not a field key: ${key}`);
  return key;
}

/** The stored value (text and list lower-cased: their filters ignore case). `table` qualifies the column in queries. */
export function fieldValueSql(dialect: Dialect, key: string, type: ContactFieldType, table = ''): string {
  const k = checkedKey(key);
  const col = `${table ? `${table}.` : ''}fields`;
  if (dialect === 'sqlite') {
    const v = `json_extract(${col}, '$.${k}')`;
    return type === 'text' || type === 'list' ? `lower(${v})` : v;
  }
  const v = `(${col}::jsonb ->> '${k}')`;
  if (type === 'number') return `(case when jsonb_typeof(${col}::jsonb -> '${k}') = 'number' then ${v}::numeric end)`;
  return type === 'text' || type === 'list' ? `lower(${v})` : v;
}

export function fieldIndexName(key: string): string {
  return `contacts_field_${checkedKey(key)}`;
}

export function fieldIndexDdl(dialect: Dialect, key: string, type: ContactFieldType): string {
  return `create index if not exists ${fieldIndexName(key)} on contacts ((${fieldValueSql(dialect, key, type)}))`;
}

export function fieldIndexDropDdl(key: string): string {
  return `drop index if exists ${fieldIndexName(key)}`;
}
