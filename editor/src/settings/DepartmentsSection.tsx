// Departments (queues): color, name, code, members and whether they are open right now.
import { useCallback, useEffect, useState, type CSSProperties } from 'react';
import { Button, Menu, PlusIcon, TrashIcon } from '../../ui/index.js';
import { api, errorMessage } from '../api.js';
import { confirmDialog } from '../dialog.js';
import { fmt, useTexts } from '../i18n.js';
import { useToast } from '../toasts.js';
import { DepartmentDialog } from './DepartmentDialog.js';
import { DepartmentIcon, EditIcon } from './icons.js';
import { countText, EmptyState, LoadGate, SectionHeader } from './parts.js';
import { settingsTexts } from './texts.js';
import { fullDepartments, type Department } from './types.js';
import { useLoad } from './useLoad.js';

type Dialog = { kind: 'create' } | { kind: 'edit'; department: Department } | null;

export function DepartmentsSection() {
  const t = useTexts(settingsTexts);
  const toast = useToast();
  const loaded = useLoad(async () => {
    const [departments, users] = await Promise.all([api.departments.list.query(), api.users.list.query()]);
    return { departments: fullDepartments(departments), users };
  });
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = useCallback(() => setDialog(null), []);
  const { reload } = loaded;

  const remove = async (d: Department) => {
    const ok = await confirmDialog({
      title: fmt(t.departments.deleteTitle, { name: d.name }),
      message: t.departments.deleteMessage,
      confirm: t.common.delete,
      cancel: t.common.cancel,
      danger: true,
    });
    if (!ok) return;
    try {
      await api.departments.remove.mutate({ id: d.id });
      toast.show('success', fmt(t.departments.deleted, { name: d.name }));
      await reload();
    } catch (e) {
      toast.show('error', errorMessage(e));
    }
  };

  const add = (
    <Button variant="primary" icon={<PlusIcon size={16} />} onClick={() => setDialog({ kind: 'create' })}>
      {t.departments.add}
    </Button>
  );

  return (
    <section>
      <SectionHeader title={t.departments.title} subtitle={t.departments.subtitle} actions={loaded.data?.departments.length === 0 ? undefined : add} />
      <LoadGate loaded={loaded}>
        {({ departments, users }) => (
          <>
            {departments.length === 0 ? (
              <EmptyState icon={<DepartmentIcon size={28} />} title={t.departments.empty} text={t.departments.emptyHint} action={add} />
            ) : (
              <ul className="st-list" aria-label={t.departments.title}>
                {departments.map((d) => (
                  <DepartmentRow key={`${d.id}:${d.updatedAt}`} department={d} onEdit={() => setDialog({ kind: 'edit', department: d })} onDelete={() => void remove(d)} />
                ))}
              </ul>
            )}
            {dialog ? (
              <DepartmentDialog department={dialog.kind === 'edit' ? dialog.department : null} users={users} onClose={close} onSaved={reload} />
            ) : null}
          </>
        )}
      </LoadGate>
    </section>
  );
}

/** Open now or closed, asked from the server, which knows the time zone rules and holidays. */
function useOpenNow(d: Department): boolean | null {
  const [open, setOpen] = useState<boolean | null>(null);
  useEffect(() => {
    if (!d.hours.enabled) return;
    let live = true;
    const ask = () =>
      api.departments.status
        .query({ id: d.id })
        .then((s) => live && setOpen(s?.open ?? null))
        .catch(() => live && setOpen(null));
    void ask();
    // Opening and closing happen while the page sits open.
    const timer = setInterval(ask, 60_000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [d.id, d.hours.enabled]);
  return d.hours.enabled ? open : true;
}

function DepartmentRow({ department: d, onEdit, onDelete }: { department: Department; onEdit: () => void; onDelete: () => void }) {
  const t = useTexts(settingsTexts);
  const open = useOpenNow(d);
  const n = d.memberIds.length;
  return (
    <li className="st-item" style={{ '--chip': d.color } as CSSProperties}>
      <span className="st-item__swatch" aria-hidden="true" />
      <div className="st-item__main">
        <button type="button" className="st-linkish st-item__title" onClick={onEdit}>
          {d.name}
        </button>
        <div className="st-item__meta">
          {d.code ? (
            <code className="st-code" title={t.departments.code}>
              {d.code}
            </code>
          ) : null}
          <span className="muted">{countText(n, t.departments.membersNone, t.departments.membersOne, t.departments.membersMany)}</span>
          {d.hours.enabled ? <span className="muted">{d.hours.timeZone.replace(/_/g, ' ')}</span> : null}
        </div>
      </div>
      {!d.hours.enabled ? (
        <span className="st-badge" title={t.departments.noHoursTitle}>
          {t.departments.noHours}
        </span>
      ) : open === null ? (
        <span className="st-badge">…</span>
      ) : (
        <span className={open ? 'st-badge st-badge--ok' : 'st-badge st-badge--closed'}>{open ? t.departments.openNow : t.departments.closedNow}</span>
      )}
      <Menu
        label={fmt(t.common.actions, { name: d.name })}
        size="sm"
        items={[
          { label: t.common.edit, icon: <EditIcon size={16} />, onSelect: onEdit },
          { label: t.common.delete, icon: <TrashIcon size={16} />, danger: true, onSelect: onDelete },
        ]}
      />
    </li>
  );
}
