// Routes and the login gate. Every page lives inside the Layout once someone is logged in.
import { useEffect, useState } from 'react';
import { api } from './api.js';
import { BuilderPage } from './builder/BuilderPage.js';
import { ContactsPage } from './contacts/ContactsPage.js';
import { FlowsPage } from './flows/FlowsPage.js';
import { InboxPage } from './inbox/InboxPage.js';
import { SettingsPage } from './settings/SettingsPage.js';
import { FlowActions } from './publish/FlowActions.js';
import { useTexts } from './i18n.js';
import { match, navigate, usePath } from './router.js';
import { EmptyPage, Layout } from './shell/Layout.js';
import { Login } from './shell/Login.js';
import { canUse, homeOf, tabOf, type User } from './session.js';
import { shellTexts } from './shell/texts.js';
import { ToastProvider } from './toasts.js';
import './shell/shell.css';

function Routes({ user }: { user: User }) {
  const t = useTexts(shellTexts);
  const path = usePath();
  const tab = tabOf(path);
  // A screen the role cannot use is never drawn (it would only show a refusal): go home instead.
  const refused = tab !== null && !canUse(user, tab);
  useEffect(() => {
    if (path === '/' || path === '/login' || refused) navigate(homeOf(user), { replace: true });
  }, [path, refused, user]);
  if (refused || path === '/' || path === '/login') return null;
  const flow = match('/flows/:id', path);
  if (flow) return <BuilderPage key={flow.id} flowId={flow.id} actions={<FlowActions flowId={flow.id} />} />;
  if (path === '/flows') return <FlowsPage />;
  if (path === '/inbox' || path.startsWith('/inbox/')) return <InboxPage user={user} />;
  if (path === '/contacts' || path.startsWith('/contacts/')) return <ContactsPage role={user.role} />;
  if (path === '/analytics') return <EmptyPage icon="📊" title={t.soon.analytics[0]} text={t.soon.analytics[1]} />;
  if (path === '/settings' || path.startsWith('/settings/')) return <SettingsPage user={user} />;
  return <EmptyPage icon="🧭" title={t.notFound} text="" />;
}

export function App() {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  useEffect(() => {
    api.auth.me.query().then(setUser, () => setUser(null));
  }, []);
  return (
    <ToastProvider>
      {user === undefined ? (
        <div className="center-state">
          <span className="spinner" />
        </div>
      ) : user ? (
        <Layout user={user} onLogout={() => setUser(null)}>
          <Routes user={user} />
        </Layout>
      ) : (
        <Login onLogin={setUser} />
      )}
    </ToastProvider>
  );
}
