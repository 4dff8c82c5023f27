// The message bank: saved replies agents insert with /shortcut, searchable.
import { useCallback, useState } from 'react';
import { Button, Menu, PlusIcon, SearchIcon, TextInput, TrashIcon } from '../../ui/index.js';
import { api, errorMessage } from '../api.js';
import { confirmDialog } from '../dialog.js';
import { fmt, useTexts } from '../i18n.js';
import { useToast } from '../toasts.js';
import { EditIcon, MessageBankIcon, PaperclipIcon } from './icons.js';
import { Chip, EmptyState, LoadGate, SectionHeader } from './parts.js';
import { QuickReplyDialog } from './QuickReplyDialog.js';
import { settingsTexts } from './texts.js';
import { fullDepartments, type QuickReply } from './types.js';
import { useLoad } from './useLoad.js';

type Dialog = { kind: 'create' } | { kind: 'edit'; reply: QuickReply } | null;

/** Case- and accent-insensitive, so "horario" finds "Horário". */
function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();
}

export function QuickRepliesSection() {
  const t = useTexts(settingsTexts);
  const toast = useToast();
  const loaded = useLoad(async () => {
    const [replies, departments] = await Promise.all([api.inbox.quickReplies.list.query(), api.departments.list.query()]);
    return { replies, departments: fullDepartments(departments) };
  });
  const [dialog, setDialog] = useState<Dialog>(null);
  const [q, setQ] = useState('');
  const close = useCallback(() => setDialog(null), []);
  const { reload } = loaded;

  const remove = async (r: QuickReply) => {
    const ok = await confirmDialog({
      title: fmt(t.quickReplies.deleteTitle, { shortcut: r.shortcut }),
      message: fmt(t.quickReplies.deleteMessage, { title: r.title }),
      confirm: t.common.delete,
      cancel: t.common.cancel,
      danger: true,
    });
    if (!ok) return;
    try {
      await api.inbox.quickReplies.remove.mutate({ id: r.id });
      toast.show('success', fmt(t.quickReplies.deleted, { shortcut: r.shortcut }));
      await reload();
    } catch (e) {
      toast.show('error', errorMessage(e));
    }
  };

  const add = (
    <Button variant="primary" icon={<PlusIcon size={16} />} onClick={() => setDialog({ kind: 'create' })}>
      {t.quickReplies.add}
    </Button>
  );

  return (
    <section>
      <SectionHeader title={t.quickReplies.title} subtitle={t.quickReplies.subtitle} actions={loaded.data?.replies.length === 0 ? undefined : add} />
      <LoadGate loaded={loaded}>
        {({ replies, departments }) => {
          const byId = new Map(departments.map((d) => [d.id, d]));
          const needle = fold(q.trim().replace(/^\//, ''));
          const shown = needle ? replies.filter((r) => fold(`${r.shortcut} ${r.title} ${r.body}`).includes(needle)) : replies;
          return (
            <>
              {replies.length === 0 ? (
                <EmptyState icon={<MessageBankIcon size={28} />} title={t.quickReplies.empty} text={t.quickReplies.emptyHint} action={add} />
              ) : (
                <>
                  <div className="st-toolbar">
                    <div className="st-search">
                      <SearchIcon size={16} aria-hidden="true" />
                      <TextInput type="search" aria-label={t.quickReplies.search} placeholder={t.quickReplies.search} value={q} onChange={setQ} />
                    </div>
                    {needle ? <span className="muted">{fmt(t.quickReplies.count, { n: shown.length, total: replies.length })}</span> : null}
                  </div>
                  {shown.length === 0 ? (
                    <div className="st-state">
                      <p className="muted">{fmt(t.common.noMatch, { q })}</p>
                      <Button variant="secondary" size="sm" onClick={() => setQ('')}>
                        {t.common.clearSearch}
                      </Button>
                    </div>
                  ) : (
                    <ul className="st-list" aria-label={t.quickReplies.title}>
                      {shown.map((r) => {
                        const dept = r.departmentId ? byId.get(r.departmentId) : null;
                        return (
                          <li key={r.id} className="st-item st-item--top">
                            <div className="st-item__lead">
                              <code className="st-shortcut" title={`/${r.shortcut}`}>
                                /{r.shortcut}
                              </code>
                            </div>
                            <div className="st-item__main">
                              <button type="button" className="st-linkish st-item__title" onClick={() => setDialog({ kind: 'edit', reply: r })}>
                                {r.title}
                              </button>
                              {r.body ? <p className="st-item__body muted">{r.body}</p> : null}
                              <div className="st-item__meta">
                                {dept ? <Chip color={dept.color}>{dept.name}</Chip> : <span className="st-badge">{t.quickReplies.allDepartments}</span>}
                                {r.fileId ? (
                                  <span className="st-badge" title={t.quickReplies.hasAttachment}>
                                    <PaperclipIcon size={13} /> {t.quickReplies.hasAttachment}
                                  </span>
                                ) : null}
                              </div>
                            </div>
                            <Menu
                              label={fmt(t.common.actions, { name: `/${r.shortcut}` })}
                              size="sm"
                              items={[
                                { label: t.common.edit, icon: <EditIcon size={16} />, onSelect: () => setDialog({ kind: 'edit', reply: r }) },
                                { label: t.common.delete, icon: <TrashIcon size={16} />, danger: true, onSelect: () => void remove(r) },
                              ]}
                            />
                          </li>
                        );
                      })}
                    </ul>
                  )}
                </>
              )}
              {dialog ? <QuickReplyDialog reply={dialog.kind === 'edit' ? dialog.reply : null} departments={departments} onClose={close} onSaved={reload} /> : null}
            </>
          );
        }}
      </LoadGate>
    </section>
  );
}
