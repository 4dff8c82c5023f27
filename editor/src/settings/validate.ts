// Checks the Settings forms run before calling the server, with the server's own rules
// (api/users.ts, runtime/inbox/*.ts), so most mistakes are shown at once beside their field.
// Each returns issue codes by field; the screens turn codes into text (texts.ts `issues`).

export type Issue =
  | 'name'
  | 'email'
  | 'password'
  | 'mismatch'
  | 'current'
  | 'capacity'
  | 'code'
  | 'color'
  | 'shortcut'
  | 'title'
  | 'bodyOrFile'
  | 'minutes'
  | `tooLong:${number}`;
export type Issues<F extends string> = Partial<Record<F, Issue>>;

export const COLOR = /^#[0-9a-f]{6}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DEPARTMENT_CODE = /^[a-z0-9_-]{1,30}$/;
const SHORTCUT = /^[\p{L}\p{N}_-]{1,30}$/u;
export const MIN_PASSWORD = 8;
export const MAX_AUTO_CLOSE_MINUTES = 60 * 24 * 30;

function text(value: string, max: number, required: Issue | null): Issue | undefined {
  const v = value.trim();
  if (!v && required) return required;
  if (v.length > max) return `tooLong:${max}`;
  return undefined;
}

function compact<F extends string>(issues: Record<F, Issue | undefined>): Issues<F> {
  return Object.fromEntries(Object.entries(issues).filter(([, v]) => v)) as Issues<F>;
}

export function isColor(value: string): boolean {
  return COLOR.test(value);
}

/** "2F80ED", "#2f80ed " → "#2f80ed"; anything else unchanged. */
export function normalizeColor(value: string): string {
  const v = value.trim().toLowerCase();
  const withHash = v.startsWith('#') ? v : `#${v}`;
  return COLOR.test(withHash) ? withHash : value;
}

export function passwordIssue(password: string): Issue | undefined {
  if (password.length < MIN_PASSWORD) return 'password';
  if (password.length > 200) return 'tooLong:200';
  return undefined;
}

export interface UserDraft {
  name: string;
  email: string;
  capacity: number | undefined;
  password?: string;
}
export function userIssues(d: UserDraft, creating: boolean): Issues<'name' | 'email' | 'capacity' | 'password'> {
  return compact({
    name: text(d.name, 80, 'name'),
    email: EMAIL.test(d.email.trim()) ? undefined : 'email',
    capacity: d.capacity !== undefined && Number.isInteger(d.capacity) && d.capacity >= 1 && d.capacity <= 100 ? undefined : 'capacity',
    password: creating ? passwordIssue(d.password ?? '') : undefined,
  });
}

export function newPasswordIssues(next: string, confirm: string): Issues<'next' | 'confirm'> {
  const nextIssue = passwordIssue(next);
  return compact({ next: nextIssue, confirm: !nextIssue && confirm !== next ? 'mismatch' : undefined });
}

export function changePasswordIssues(current: string, next: string, confirm: string): Issues<'current' | 'next' | 'confirm'> {
  return { ...compact({ current: current ? undefined : 'current' }), ...newPasswordIssues(next, confirm) };
}

/** How a department code is stored: trimmed and lower case, like the server does. */
export function normalizeCode(code: string): string {
  return code.trim().toLowerCase();
}

export interface DepartmentDraftFields {
  name: string;
  code: string;
  color: string;
  greeting: string;
  outOfHoursMessage: string;
}
export function departmentIssues(d: DepartmentDraftFields): Issues<'name' | 'code' | 'color' | 'greeting' | 'outOfHoursMessage'> {
  const code = normalizeCode(d.code);
  return compact({
    name: text(d.name, 60, 'name'),
    code: code && !DEPARTMENT_CODE.test(code) ? 'code' : undefined,
    color: isColor(d.color) ? undefined : 'color',
    greeting: d.greeting.length > 1000 ? 'tooLong:1000' : undefined,
    outOfHoursMessage: d.outOfHoursMessage.length > 1000 ? 'tooLong:1000' : undefined,
  });
}

export function tagIssues(d: { name: string; color: string }): Issues<'name' | 'color'> {
  return compact({ name: text(d.name, 40, 'name'), color: isColor(d.color) ? undefined : 'color' });
}

/** The shortcut as the server keeps it: without the leading "/", lower case. */
export function normalizeShortcut(s: string): string {
  return s.trim().replace(/^\//, '').toLowerCase();
}

export function quickReplyIssues(d: { shortcut: string; title: string; body: string; fileId: string | null }): Issues<'shortcut' | 'title' | 'body'> {
  return compact({
    shortcut: SHORTCUT.test(normalizeShortcut(d.shortcut)) ? undefined : 'shortcut',
    title: text(d.title, 80, 'title'),
    body: d.body.length > 4096 ? 'tooLong:4096' : !d.body.trim() && !d.fileId ? 'bodyOrFile' : undefined,
  });
}

export function inboxSettingsIssues(d: { autoCloseMinutes: number | undefined; autoCloseMessage: string }): Issues<'autoCloseMinutes' | 'autoCloseMessage'> {
  const m = d.autoCloseMinutes;
  return compact({
    autoCloseMinutes: m !== undefined && Number.isInteger(m) && m >= 0 && m <= MAX_AUTO_CLOSE_MINUTES ? undefined : 'minutes',
    autoCloseMessage: d.autoCloseMessage.length > 1000 ? 'tooLong:1000' : undefined,
  });
}

/** "2 h 30 min", "1 dia" / "1 day": how long N minutes is, for the auto-close setting. */
export function describeMinutes(minutes: number, locale: 'pt-BR' | 'en'): string {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const words = locale === 'pt-BR' ? { day: 'dia', days: 'dias' } : { day: 'day', days: 'days' };
  const parts: string[] = [];
  if (days) parts.push(`${days} ${days === 1 ? words.day : words.days}`);
  if (hours) parts.push(`${hours} h`);
  if (mins) parts.push(`${mins} min`);
  return parts.join(' ') || '0 min';
}
