// Tags: everyone may create one (agents tag as they work); supervisors rename, recolor and
// delete them, told first how many conversations carry the tag.
import { useCallback, useState } from 'react';
import { Button, Menu, PlusIcon, TrashIcon } from '../../ui/index.js';
import { api, errorMessage } from '../api.js';
import { confirmDialog } from '../dialog.js';
import { fmt, useTexts } from '../i18n.js';
import type { User } from '../session.js';
import { useToast } from '../toasts.js';
import { EditIcon, TagIcon } from './icons.js';
import { Chip, countText, EmptyState, LoadGate, SectionHeader } from './parts.js';
import { TagDialog } from './TagDialog.js';
import { settingsTexts } from './texts.js';
import type { Tag } from './types.js';
import { useLoad } from './useLoad.js';

type Dialog = { kind: 'create' } | { kind: 'edit'; tag: Tag } | null;

export function TagsSection({ user }: { user: User }) {
  const t = useTexts(settingsTexts);
  const toast = useToast();
  const loaded = useLoad(() => api.inbox.tags.list.query());
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = useCallback(() => setDialog(null), []);
  const { reload } = loaded;
  const supervisor = user.role === 'supervisor';

  const remove = async (tag: Tag) => {
    const ok = await confirmDialog({
      title: fmt(t.tags.deleteTitle, { name: tag.name }),
      message: fmt(countText(tag.uses, t.tags.deleteUnused, t.tags.deleteUsedOne, t.tags.deleteUsedMany), { n: tag.uses }),
      confirm: t.common.delete,
      cancel: t.common.cancel,
      danger: true,
    });
    if (!ok) return;
    try {
      await api.inbox.tags.remove.mutate({ id: tag.id });
      toast.show('success', fmt(t.tags.deleted, { name: tag.name }));
      await reload();
    } catch (e) {
      toast.show('error', errorMessage(e));
    }
  };

  const add = (
    <Button variant="primary" icon={<PlusIcon size={16} />} onClick={() => setDialog({ kind: 'create' })}>
      {t.tags.add}
    </Button>
  );

  return (
    <section>
      <SectionHeader title={t.tags.title} subtitle={t.tags.subtitle} actions={loaded.data?.length === 0 ? undefined : add} />
      <LoadGate loaded={loaded}>
        {(tags) => (
          <>
            {tags.length === 0 ? (
              <EmptyState icon={<TagIcon size={28} />} title={t.tags.empty} text={t.tags.emptyHint} action={add} />
            ) : (
              <>
                {!supervisor ? <p className="muted st-note">{t.tags.operatorNote}</p> : null}
                <ul className="st-list" aria-label={t.tags.title}>
                  {tags.map((tag) => (
                    <li key={tag.id} className="st-item">
                      <div className="st-item__main st-item__main--row">
                        <Chip color={tag.color}>{tag.name}</Chip>
                      </div>
                      <span className="muted st-item__count">{fmt(countText(tag.uses, t.tags.usesNone, t.tags.usesOne, t.tags.usesMany), { n: tag.uses })}</span>
                      {supervisor ? (
                        <Menu
                          label={fmt(t.common.actions, { name: tag.name })}
                          size="sm"
                          items={[
                            { label: t.common.edit, icon: <EditIcon size={16} />, onSelect: () => setDialog({ kind: 'edit', tag }) },
                            { label: t.common.delete, icon: <TrashIcon size={16} />, danger: true, onSelect: () => void remove(tag) },
                          ]}
                        />
                      ) : null}
                    </li>
                  ))}
                </ul>
              </>
            )}
            {dialog ? <TagDialog tag={dialog.kind === 'edit' ? dialog.tag : null} onClose={close} onSaved={reload} /> : null}
          </>
        )}
      </LoadGate>
    </section>
  );
}
