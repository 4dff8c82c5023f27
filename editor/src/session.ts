// Who is signed in, as the server describes them, and which screens their role may use.
// Kept apart from the login form and the app frame so that both (and every page) can
// import it without importing each other.
import type { api } from './api.js';

export type User = NonNullable<Awaited<ReturnType<typeof api.auth.me.query>>>;

export const TABS = ['flows', 'inbox', 'contacts', 'analytics', 'settings'] as const;
export type Tab = (typeof TABS)[number];

/** Flows (and the test chat in them) and reports are supervisors' tools; operators work in the Inbox. */
const SUPERVISOR_ONLY: ReadonlySet<Tab> = new Set(['flows', 'analytics']);

export function canUse(user: Pick<User, 'role'>, tab: Tab): boolean {
  return user.role === 'supervisor' || !SUPERVISOR_ONLY.has(tab);
}

/** The tabs a user sees, in the top bar's order. */
export function tabsFor(user: Pick<User, 'role'>): Tab[] {
  return TABS.filter((tab) => canUse(user, tab));
}

/** Where a user lands after logging in, or on a page their role cannot use. */
export function homeOf(user: Pick<User, 'role'>): string {
  return user.role === 'supervisor' ? '/flows' : '/inbox';
}

/** The tab a path belongs to ("/flows/abc" → flows), or null for paths outside the tabs. */
export function tabOf(path: string): Tab | null {
  const first = path.split('/').filter(Boolean)[0];
  return (TABS as readonly string[]).includes(first) ? (first as Tab) : null;
}
