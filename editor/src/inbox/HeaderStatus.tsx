// What the Inbox adds to the app's top bar: the agent's own status (online / away / offline)
// and the Waiting count on the Inbox tab, kept fresh by a light poll and the live stream.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../api.js';
import { fmt, useTexts } from '../i18n.js';
import { useToast } from '../toasts.js';
import { useInboxEvents } from './events.js';
import { inboxTexts } from './texts.js';
import type { AgentStatus } from './types.js';

const POLL_MS = 15_000;

export function AgentStatusSelect({ userId, userName }: { userId: string; userName?: string }) {
  const t = useTexts(inboxTexts);
  const toast = useToast();
  const [status, setStatus] = useState<AgentStatus | null>(null);
  useEffect(() => {
    api.users.me.query().then((u) => setStatus(u.status), () => undefined);
  }, []);
  // Another tab (or a supervisor) may change it.
  useInboxEvents((e) => {
    if (e.type === 'presence' && e.userId === userId) setStatus(e.status);
  });
  const change = async (next: AgentStatus) => {
    const before = status;
    setStatus(next);
    try {
      const u = await api.users.setStatus.mutate({ status: next });
      setStatus(u.status);
    } catch (e) {
      setStatus(before);
      toast.show('error', errorMessage(e));
    }
  };
  if (!status) return null;
  return (
    <span className={`agent-status agent-status--${status}`} title={userName}>
      <span className="agent-status__dot" aria-hidden />
      <select aria-label={t.status} value={status} onChange={(e) => void change(e.target.value as AgentStatus)}>
        {(['online', 'away', 'offline'] as const).map((s) => (
          <option key={s} value={s}>
            {t.statuses[s]}
          </option>
        ))}
      </select>
    </span>
  );
}

/** The Waiting count for the Inbox tab; nothing when nobody waits. */
export function InboxTabBadge() {
  const t = useTexts(inboxTexts);
  const [n, setN] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refresh = useCallback(() => {
    api.inbox.counts.query({}).then((c) => setN(c.waiting), () => undefined);
  }, []);
  useEffect(() => {
    refresh();
    const poll = setInterval(() => document.visibilityState === 'visible' && refresh(), POLL_MS);
    return () => {
      clearInterval(poll);
      if (timer.current) clearTimeout(timer.current);
    };
  }, [refresh]);
  useInboxEvents((e) => {
    if (e.type === 'conversation' || e.type === 'ready') {
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(refresh, 400);
    }
  });
  if (!n) return null;
  return (
    <span className="tab-badge" aria-label={fmt(t.waitingBadge, { n })} title={fmt(t.waitingBadge, { n })}>
      {n > 99 ? '99+' : n}
    </span>
  );
}
