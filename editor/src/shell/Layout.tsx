// The app frame: top navigation with the tabs, language, theme and the user's menu. On a phone
// the bar keeps the brand and the current tab, and everything else folds into one menu.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
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
  const current = tabsFor(user).find((tab) => path === `/${tab}` || path.startsWith(`/${tab}/`));
  const menu = usePhoneMenu(path);
  return (
    <div className="app">
      <header className="topbar" ref={menu.bar}>
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
        {current ? <span className="topbar-current">{t.tabs[current]}</span> : null}
        {/* Outside the phone menu so its count stays in sight; on a desk it sits at the bar's end. */}
        <NotificationsBell />
        <button
          type="button"
          className="ghost icon topbar-menu-toggle"
          aria-label={menu.open ? t.closeMenu : t.menu}
          title={menu.open ? t.closeMenu : t.menu}
          aria-expanded={menu.open}
          aria-controls={menu.id}
          onClick={() => menu.setOpen(!menu.open)}
        >
          <MenuIcon open={menu.open} />
        </button>
        <div className={`topbar-menu${menu.open ? ' is-open' : ''}`} id={menu.id}>
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
                  // The phone menu closes on any tab, the current one included (no path change then).
                  menu.setOpen(false);
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
          <span aria-hidden>{theme === 'dark' ? '☀' : '☾'}</span>
          <span className="topbar-label">{theme === 'dark' ? t.themeLight : t.themeDark}</span>
        </button>
        <span className="user" title={user.email}>
          {user.name}
        </span>
        <AgentStatusSelect userId={user.id} userName={user.name} />
        <button className="ghost" onClick={() => void confirmLeave().then((ok) => (ok ? api.auth.logout.mutate().then(onLogout) : undefined))}>
          {t.logout}
        </button>
        </div>
      </header>
      <div className="page">{children}</div>
    </div>
  );
}

/** The phone menu's open state: closed on navigation, on Escape and on a tap outside the bar. */
function usePhoneMenu(path: string) {
  const [open, setOpen] = useState(false);
  const bar = useRef<HTMLElement | null>(null);
  const id = useId();
  useEffect(() => setOpen(false), [path]);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    const onDown = (e: PointerEvent) => {
      if (bar.current && !bar.current.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerdown', onDown);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', onDown);
    };
  }, [open]);
  return { open, setOpen, bar, id };
}

function MenuIcon({ open }: { open: boolean }) {
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" aria-hidden>
      {open ? <path d="M18 6 6 18M6 6l12 12" /> : <path d="M4 7h16M4 12h16M4 17h16" />}
    </svg>
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
