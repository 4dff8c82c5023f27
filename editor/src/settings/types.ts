// What the Settings screens get from the API, named once.
import type { api } from '../api.js';

export type Result<F extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<F>>;

export type UserRow = Result<typeof api.users.list.query>[number];
export type Me = Result<typeof api.users.me.query>;
type DepartmentItem = Result<typeof api.departments.list.query>[number];
/** Supervisors get every field; operators only id, name, color and members. */
export type Department = Extract<DepartmentItem, { hours: unknown }>;
export type DepartmentSummary = Pick<DepartmentItem, 'id' | 'name' | 'color'>;
export type Tag = Result<typeof api.inbox.tags.list.query>[number];
export type QuickReply = Result<typeof api.inbox.quickReplies.list.query>[number];
export type InboxSettings = Result<typeof api.inbox.settings.get.query>;
export type Role = UserRow['role'];
export type Status = UserRow['status'];

/** The full departments, for screens only supervisors open. */
export function fullDepartments(list: readonly DepartmentItem[]): Department[] {
  return list.filter((d): d is Department => 'hours' in d);
}
