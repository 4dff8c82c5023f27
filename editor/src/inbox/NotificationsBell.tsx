// The bell in the top bar: what was meant for me while I looked elsewhere or was offline (a
// colleague's @mention, a transfer to me, a conversation assigned to me), kept on the server
// until I read it. The count follows the live inbox stream; the list loads when opened.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Button, Popover, Spinner } from '../../ui/index.js';
import { api, errorMessage } from '../api.js';
import { fmt, timeAgo, useLocale, useTexts } from '../i18n.js';
import { navigate } from '../router.js';
import { useInboxEvents } from './events.js';
import { contactName } from './format.js';
import { inboxTexts } from './texts.js';

type Item = Awaited<ReturnType<typeof api.inbox.notifications.query>>[number];

export function NotificationsBell() {
  const t = useTexts(inboxTexts);
  const locale = useLocale();
  const button = useRef<HTMLButtonElement | null>(null);
  const [unread, setUnread] = useState(0);
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<Item[] | null>(null);
  const [error, setError] = useState('');

  const refreshCount = useCallback(() => {
    api.inbox.notificationCount.query().then((c) => setUnread(c.unread), () => undefined);
  }, []);
  const loadList = useCallback(async () => {
    setError('');
    try {
      setItems(await api.inbox.notifications.query());
    } catch (e) {
      setError(errorMessage(e));
    }
  }, []);

  useEffect(refreshCount, [refreshCount]);
  useInboxEvents((e) => {
    // `ready` after a reconnect: whatever arrived while the stream was down.
    if (e.type === 'notification' || e.type === 'ready') {
      refreshCount();
      if (open) void loadList();
    }
  });

  const toggle = () => {
    const next = !open;
    setOpen(next);
    if (next) {
      setItems(null);
      void loadList();
    }
  };

  const read = async (ids?: number[]) => {
    try {
      await api.inbox.readNotifications.mutate(ids ? { ids } : undefined);
      setItems((list) => list?.map((n) => (!ids || ids.includes(n.id) ? { ...n, read: true } : n)) ?? list);
    } catch (e) {
      setError(errorMessage(e));
    }
    refreshCount();
  };

  const openItem = (n: Item) => {
    setOpen(false);
    if (!n.read) void read([n.id]);
    navigate(`/inbox/${encodeURIComponent(n.conversationId)}`);
  };

  const describe = (n: Item) => {
    const contact = contactName({ name: n.contactName, phone: n.contactPhone }, t.noName);
    const by = n.byName ?? t.bell.someone;
    return fmt(t.bell[n.kind], { by, contact });
  };

  const label = unread ? fmt(t.bell.labelUnread, { n: unread }) : t.bell.label;
  return (
    <>
      <button
        ref={button}
        type="button"
        className="ghost icon bell"
        aria-label={label}
        title={label}
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={toggle}
      >
        <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
          <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
        {unread ? (
          <span className="bell__count" aria-hidden>
            {unread > 99 ? '99+' : unread}
          </span>
        ) : null}
      </button>
      <Popover open={open} anchor={button} onClose={() => setOpen(false)} align="end" role="dialog" aria-label={t.bell.title} className="bell__panel">
        <div
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              setOpen(false);
              button.current?.focus();
            }
          }}
        >
          <div className="bell__head">
            <strong>{t.bell.title}</strong>
            {items?.some((n) => !n.read) ? (
              <Button size="sm" variant="link" onClick={() => void read()}>
                {t.bell.readAll}
              </Button>
            ) : null}
          </div>
          {error ? (
            <div className="bell__state" role="alert">
              <p>{fmt(t.bell.loadError, { error })}</p>
              <Button size="sm" onClick={() => void loadList()}>
                {t.bell.retry}
              </Button>
            </div>
          ) : items === null ? (
            <div className="bell__state">
              <Spinner size={20} label={t.loading} />
            </div>
          ) : items.length === 0 ? (
            <p className="bell__state muted">{t.bell.empty}</p>
          ) : (
            <ul className="bell__list" aria-label={t.bell.title}>
              {items.map((n) => (
                <li key={n.id}>
                  <button type="button" className={`bell__item${n.read ? '' : ' is-unread'}`} onClick={() => openItem(n)}>
                    {!n.read ? <span className="bell__dot" role="img" aria-label={t.bell.unread} /> : null}
                    <span className="bell__what">{describe(n)}</span>
                    {n.text ? (
                      <span className="bell__text" dir="auto">
                        {n.text}
                      </span>
                    ) : null}
                    <span className="bell__when muted">{timeAgo(n.createdAt, locale)}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      </Popover>
    </>
  );
}
