// The list's search, filters, sort and page in the address (`/contacts?q=…&tag=…`), so a filtered
// list can be linked, survives a reload, and the contact page's link back returns to it.
import type { inferRouterInputs } from '@trpc/server';
import type { AppRouter } from '../../../api/router.js';

export type ListQuery = NonNullable<inferRouterInputs<AppRouter>['contacts']['list']>;
export type Sort = 'name' | 'created' | 'last_contact';

export interface ListState {
  q: string;
  tag: string;
  fieldKey: string;
  fieldOp: 'equals' | 'contains' | 'between';
  fieldValue: string;
  fieldFrom: string;
  fieldTo: string;
  kind: string;
  channel: string;
  createdFrom: string;
  createdTo: string;
  lastFrom: string;
  lastTo: string;
  /** '1': only the blocked contacts. */
  blocked: string;
  sort: Sort;
  dir: '' | 'asc' | 'desc';
  page: number;
}

export const EMPTY: ListState = {
  q: '',
  tag: '',
  fieldKey: '',
  fieldOp: 'equals',
  fieldValue: '',
  fieldFrom: '',
  fieldTo: '',
  kind: '',
  channel: '',
  createdFrom: '',
  createdTo: '',
  lastFrom: '',
  lastTo: '',
  blocked: '',
  sort: 'created',
  dir: '',
  page: 1,
};

const PARAMS: [keyof ListState, string][] = [
  ['q', 'q'],
  ['tag', 'tag'],
  ['fieldKey', 'field'],
  ['fieldOp', 'op'],
  ['fieldValue', 'value'],
  ['fieldFrom', 'from'],
  ['fieldTo', 'to'],
  ['kind', 'kind'],
  ['channel', 'channel'],
  ['createdFrom', 'createdFrom'],
  ['createdTo', 'createdTo'],
  ['lastFrom', 'lastFrom'],
  ['lastTo', 'lastTo'],
  ['blocked', 'blocked'],
  ['sort', 'sort'],
  ['dir', 'dir'],
];

export function stateToSearch(s: ListState): string {
  const p = new URLSearchParams();
  for (const [k, name] of PARAMS) {
    const v = s[k];
    if (v !== EMPTY[k] && v !== '' && !(k === 'fieldOp' && !s.fieldKey)) p.set(name, String(v));
  }
  if (s.page > 1) p.set('page', String(s.page));
  const text = p.toString();
  return text ? `?${text}` : '';
}

export function stateFromSearch(search: string): ListState {
  const p = new URLSearchParams(search);
  const s: ListState = { ...EMPTY };
  for (const [k, name] of PARAMS) {
    const v = p.get(name);
    if (v !== null) (s as unknown as Record<string, string>)[k] = v;
  }
  if (!['name', 'created', 'last_contact'].includes(s.sort)) s.sort = 'created';
  if (!['', 'asc', 'desc'].includes(s.dir)) s.dir = '';
  if (!['equals', 'contains', 'between'].includes(s.fieldOp)) s.fieldOp = 'equals';
  const page = Number(p.get('page'));
  s.page = Number.isInteger(page) && page > 0 ? page : 1;
  return s;
}

/** What the server is asked: empty filters left out; a field filter only once it has a value. */
export function toQuery(s: ListState, fieldType: string | undefined, pageSize: number): ListQuery {
  const q: ListQuery = { sort: s.sort, page: s.page, pageSize };
  if (s.dir) q.dir = s.dir;
  if (s.q.trim()) q.search = s.q.trim();
  if (s.tag) q.tagId = s.tag;
  if (s.kind) q.channelKind = s.kind;
  if (s.channel) q.channel = s.channel;
  if (s.createdFrom) q.createdFrom = s.createdFrom;
  if (s.createdTo) q.createdTo = s.createdTo;
  if (s.lastFrom) q.lastContactFrom = s.lastFrom;
  if (s.lastTo) q.lastContactTo = s.lastTo;
  if (s.blocked === '1') q.blocked = true;
  const f = fieldFilterOf(s, fieldType);
  if (f) q.field = f;
  return q;
}

export function fieldFilterOf(s: ListState, fieldType: string | undefined): ListQuery['field'] | undefined {
  if (!s.fieldKey || !fieldType) return undefined;
  if (s.fieldOp === 'between') {
    if (!s.fieldFrom && !s.fieldTo) return undefined;
    return { key: s.fieldKey, op: 'between', ...(s.fieldFrom ? { from: s.fieldFrom } : {}), ...(s.fieldTo ? { to: s.fieldTo } : {}) };
  }
  if (!s.fieldValue) return undefined;
  const value = fieldType === 'yes_no' ? s.fieldValue === 'true' : s.fieldValue;
  return { key: s.fieldKey, op: s.fieldOp, value };
}

/** Whether anything narrows the list (the empty state then names it). */
export function isFiltered(s: ListState): boolean {
  return !!(s.q.trim() || s.tag || s.kind || s.channel || s.createdFrom || s.createdTo || s.lastFrom || s.lastTo || s.blocked || (s.fieldKey && (s.fieldValue || s.fieldFrom || s.fieldTo)));
}

/** The list's address last shown, for the contact page's way back. */
let lastList = '/contacts';
export const rememberList = (search: string) => (lastList = `/contacts${search}`);
export const listAddress = () => lastList;
