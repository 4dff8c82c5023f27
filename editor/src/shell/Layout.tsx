// The app frame: top navigation with the tabs, language, theme and the user's menu.
import type { ReactNode } from 'react';
import { api } from '../api.js';
import { useTexts } from '../i18n.js';
import { confirmLeave, navigate, usePath } from '../router.js';
import { setTheme, useTheme } from '../theme.js';
import { AgentStatusSelect, InboxTabBadge } from '../inbox/HeaderStatus.js';
import { NotificationsBell } from '../inbox/NotificationsBell.js';
import { homeOf, tabsFor, type User } from '../session.js';
import { LocaleSelect } from './LocaleSelect.js';
import { shellTexts } from './texts.js';

export function Layout({ user, onLogout, children }: { user: User; onLogout: () => void; children: ReactNode }) {
  const t = useTexts(shellTexts);
  const path = usePath();
  const theme = useTheme();
  return (
    <div className="app">
      <header className="topbar">
        <a
          className="brand"
          href={homeOf(user)}
          onClick={(e) => {
            e.preventDefault();
            navigate(homeOf(user));
          }}
        >
          Ozia
        </a>
        <nav aria-label="Ozia">
          {tabsFor(user).map((tab) => {
            const active = path === `/${tab}` || path.startsWith(`/${tab}/`);
            return (
              <a
                key={tab}
                href={`/${tab}`}
                aria-current={active ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(`/${tab}`);
                }}
              >
                {t.tabs[tab]}
                {tab === 'inbox' ? <InboxTabBadge /> : null}
              </a>
            );
          })}
        </nav>
        <span className="spacer" />
        <LocaleSelect />
        <button
          className="ghost icon"
          aria-label={theme === 'dark' ? t.themeLight : t.themeDark}
          title={theme === 'dark' ? t.themeLight : t.themeDark}
          onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
        >
          {theme === 'dark' ? '☀' : '☾'}
        </button>
        <span className="user" title={user.email}>
          {user.name}
        </span>
        <NotificationsBell />
        <AgentStatusSelect userId={user.id} userName={user.name} />
        <button className="ghost" onClick={() => void confirmLeave().then((ok) => (ok ? api.auth.logout.mutate().then(onLogout) : undefined))}>
          {t.logout}
        </button>
      </header>
      <div className="page">{children}</div>
    </div>
  );
}

export function EmptyPage({ title, text, icon }: { title: string; text: string; icon: string }) {
  return (
    <main className="empty-page">
      <div className="empty-card">
        <div className="empty-icon" aria-hidden>
          {icon}
        </div>
        <h1>{title}</h1>
        <p className="muted">{text}</p>
      </div>
    </main>
  );
}
