// Users: the team with role, departments, presence and load; create, edit, deactivate and
// reset passwords.
import { useCallback, useState } from 'react';
import { Button, Menu, PlusIcon } from '../../ui/index.js';
import { api, errorMessage } from '../api.js';
import { confirmDialog } from '../dialog.js';
import { fmt, useTexts } from '../i18n.js';
import type { User } from '../session.js';
import { useToast } from '../toasts.js';
import { EditIcon, KeyIcon, UsersIcon } from './icons.js';
import { Chip, EmptyState, LoadGate, SectionHeader, StatusDot } from './parts.js';
import { ResetPasswordDialog } from './ResetPasswordDialog.js';
import { settingsTexts } from './texts.js';
import { fullDepartments, type Department, type UserRow } from './types.js';
import { useLoad } from './useLoad.js';
import { UserDialog } from './UserDialog.js';

type Dialog = { kind: 'create' } | { kind: 'edit'; user: UserRow } | { kind: 'reset'; user: UserRow } | null;

export function UsersSection({ user: me }: { user: User }) {
  const t = useTexts(settingsTexts);
  const toast = useToast();
  const loaded = useLoad(async () => {
    const [users, departments] = await Promise.all([api.users.list.query(), api.departments.list.query()]);
    return { users, departments: fullDepartments(departments) };
  });
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = useCallback(() => setDialog(null), []);
  const { reload } = loaded;

  const setActive = async (u: UserRow, active: boolean) => {
    if (!active) {
      const ok = await confirmDialog({
        title: fmt(t.users.deactivateTitle, { name: u.name }),
        message: fmt(t.users.deactivateMessage, { name: u.name }),
        confirm: t.users.deactivate,
        cancel: t.common.cancel,
        danger: true,
      });
      if (!ok) return;
    }
    try {
      const { id, name, email, role, capacity, signature, departmentIds } = u;
      await api.users.update.mutate({ id, name, email, role, capacity, signature, departmentIds, active });
      toast.show('success', fmt(active ? t.users.reactivated : t.users.deactivated, { name: u.name }));
      await reload();
    } catch (e) {
      toast.show('error', errorMessage(e));
    }
  };

  const add = (
    <Button variant="primary" icon={<PlusIcon size={16} />} onClick={() => setDialog({ kind: 'create' })}>
      {t.users.add}
    </Button>
  );

  return (
    <section>
      <SectionHeader title={t.users.title} subtitle={t.users.subtitle} actions={loaded.data?.users.length === 0 ? undefined : add} />
      <LoadGate loaded={loaded}>
        {({ users, departments }) => (
          <>
            {users.length === 0 ? (
              <EmptyState icon={<UsersIcon size={28} />} title={t.users.empty} text={t.users.emptyHint} action={add} />
            ) : (
              <UsersTable
                users={users}
                departments={departments}
                meId={me.id}
                onEdit={(u) => setDialog({ kind: 'edit', user: u })}
                onReset={(u) => setDialog({ kind: 'reset', user: u })}
                onSetActive={setActive}
              />
            )}
            {dialog?.kind === 'create' || dialog?.kind === 'edit' ? (
              <UserDialog user={dialog.kind === 'edit' ? dialog.user : null} meId={me.id} departments={departments} onClose={close} onSaved={reload} />
            ) : null}
            {dialog?.kind === 'reset' ? <ResetPasswordDialog user={dialog.user} onClose={close} /> : null}
          </>
        )}
      </LoadGate>
    </section>
  );
}

function UsersTable({
  users,
  departments,
  meId,
  onEdit,
  onReset,
  onSetActive,
}: {
  users: UserRow[];
  departments: Department[];
  meId: string;
  onEdit: (u: UserRow) => void;
  onReset: (u: UserRow) => void;
  onSetActive: (u: UserRow, active: boolean) => void;
}) {
  const t = useTexts(settingsTexts);
  const byId = new Map(departments.map((d) => [d.id, d]));
  return (
    <div className="st-table-wrap">
      <table className="st-table">
        <thead>
          <tr>
            <th scope="col">{t.users.name}</th>
            <th scope="col">{t.users.email}</th>
            <th scope="col">{t.users.role}</th>
            <th scope="col">{t.users.departments}</th>
            <th scope="col">{t.users.status}</th>
            <th scope="col" className="st-num">
              {t.users.load}
            </th>
            <th scope="col">{t.users.active}</th>
            <th scope="col">
              <span className="st-sr">{t.common.edit}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => {
            const depts = u.departmentIds.map((id) => byId.get(id)).filter((d): d is Department => !!d);
            const full = u.capacity > 0 && u.load >= u.capacity;
            return (
              <tr key={u.id} className={u.active ? undefined : 'st-row--inactive'}>
                <td>
                  <button type="button" className="st-linkish" onClick={() => onEdit(u)}>
                    {u.name}
                  </button>
                  {u.id === meId ? <span className="st-badge st-badge--soft">{t.common.you}</span> : null}
                </td>
                <td className="st-cell-muted">{u.email}</td>
                <td>{t.roles[u.role]}</td>
                <td>
                  {depts.length ? (
                    <div className="st-chips">
                      {depts.map((d) => (
                        <Chip key={d.id} color={d.color}>
                          {d.name}
                        </Chip>
                      ))}
                    </div>
                  ) : (
                    <span className="muted">{t.common.none}</span>
                  )}
                </td>
                <td>
                  <StatusDot status={u.status} label={t.statuses[u.status]} />
                </td>
                <td className="st-num" title={fmt(t.users.loadTitle, { load: u.load, capacity: u.capacity })}>
                  <span className={full ? 'st-load st-load--full' : 'st-load'}>
                    {u.load}/{u.capacity}
                  </span>
                </td>
                <td>
                  <span className={u.active ? 'st-badge st-badge--ok' : 'st-badge'}>{u.active ? t.users.isActive : t.users.isInactive}</span>
                </td>
                <td className="st-actions">
                  <Menu
                    label={fmt(t.common.actions, { name: u.name })}
                    size="sm"
                    items={[
                      { label: t.common.edit, icon: <EditIcon size={16} />, onSelect: () => onEdit(u) },
                      { label: t.users.resetPassword, icon: <KeyIcon size={16} />, onSelect: () => onReset(u) },
                      u.active
                        ? { label: t.users.deactivate, danger: true, disabled: u.id === meId, onSelect: () => onSetActive(u, false) }
                        : { label: t.users.reactivate, onSelect: () => onSetActive(u, true) },
                    ]}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
