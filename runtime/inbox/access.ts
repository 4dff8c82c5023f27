// Who may see and touch a conversation. Operators see their departments' conversations and
// the ones assigned to them; supervisors see everything. Every inbox procedure goes through
// these checks, and a conversation an operator may not see answers "not found", so its
// existence does not leak either.
import { notFound, OziaError } from '../errors.js';

export interface Viewer {
  id: string;
  name: string;
  role: 'supervisor' | 'operator';
  departmentIds: string[];
}

export interface Scoped {
  department_id: string | null;
  agent_id: string | null;
}

export function canSee(v: Viewer, c: Scoped): boolean {
  if (v.role === 'supervisor') return true;
  if (c.agent_id === v.id) return true;
  return !!c.department_id && v.departmentIds.includes(c.department_id);
}

export function mustSee<C extends Scoped>(v: Viewer, c: C | null | undefined, id: string): C {
  if (!c || !canSee(v, c)) throw notFound(`conversation "${id}"`);
  return c;
}

/** Replying, transferring, finishing: the agent serving it, or a supervisor. */
export function mustServe(v: Viewer, c: Scoped & { stage: string }): void {
  if (c.stage !== 'in_service') throw new OziaError('CONFLICT', 'nobody is serving this conversation: pick it up first');
  if (c.agent_id !== v.id && v.role !== 'supervisor') throw new OziaError('FORBIDDEN', 'another agent is serving this conversation');
}
