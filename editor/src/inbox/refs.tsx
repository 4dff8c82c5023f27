// What every part of the Inbox looks things up in: departments, colleagues (with their live
// status) and tags, loaded once when the tab opens and shared through a context.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api } from '../api.js';
import type { User } from '../session.js';
import type { Account, AgentStatus, Department, Person, Tag } from './types.js';

export interface InboxRefs {
  user: User;
  departments: Department[];
  people: Person[];
  tags: Tag[];
  /** Channel accounts the user may filter by (operators: their departments'). */
  accounts: Account[];
  department(id: string | null | undefined): Department | undefined;
  person(id: string | null | undefined): Person | undefined;
  /** The departments the user belongs to (supervisors: all of them). */
  myDepartments: Department[];
  reloadTags(): Promise<Tag[]>;
  reloadPeople(): Promise<void>;
  setPresence(userId: string, status: AgentStatus): void;
}

const Ctx = createContext<InboxRefs | null>(null);

export function useInboxRefs(): InboxRefs {
  const v = useContext(Ctx);
  if (!v) throw new Error('useInboxRefs outside InboxRefsProvider');
  return v;
}

export function InboxRefsProvider({ user, children }: { user: User; children: ReactNode }) {
  const [departments, setDepartments] = useState<Department[]>([]);
  const [people, setPeople] = useState<Person[]>([]);
  const [tags, setTags] = useState<Tag[]>([]);
  const [accounts, setAccounts] = useState<Account[]>([]);

  const reloadTags = useCallback(async () => {
    const t = await api.inbox.tags.list.query();
    setTags(t);
    return t;
  }, []);
  const reloadPeople = useCallback(async () => {
    setPeople(await api.users.directory.query());
  }, []);

  useEffect(() => {
    // Each list on its own: one failing (a slow server) must not leave the others empty.
    api.departments.list.query().then(setDepartments, () => undefined);
    reloadPeople().catch(() => undefined);
    reloadTags().catch(() => undefined);
    api.inbox.accounts.query().then(setAccounts, () => undefined);
  }, [reloadPeople, reloadTags]);

  const value = useMemo<InboxRefs>(() => {
    const deptMap = new Map(departments.map((d) => [d.id, d]));
    const personMap = new Map(people.map((p) => [p.id, p]));
    const me = personMap.get(user.id);
    return {
      user,
      departments,
      people,
      tags,
      accounts,
      department: (id) => (id ? deptMap.get(id) : undefined),
      person: (id) => (id ? personMap.get(id) : undefined),
      myDepartments: user.role === 'supervisor' ? departments : departments.filter((d) => d.memberIds.includes(user.id) || me?.departmentIds.includes(d.id)),
      reloadTags,
      reloadPeople,
      setPresence: (userId, status) => setPeople((ps) => ps.map((p) => (p.id === userId ? { ...p, status } : p))),
    };
  }, [user, departments, people, tags, accounts, reloadTags, reloadPeople]);

  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}
