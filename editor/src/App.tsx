// Until the editor lands: log in, see the flows and create one from a template.
import { useEffect, useState, type FormEvent } from 'react';
import { api, errorMessage } from './api.js';
import { setLocale, t, useLocale, type Locale } from './i18n.js';

type User = Awaited<ReturnType<typeof api.auth.me.query>>;
type Flow = Awaited<ReturnType<typeof api.flows.list.query>>[number];
type Template = Awaited<ReturnType<typeof api.templates.list.query>>[number];

function LocaleSwitch({ locale }: { locale: Locale }) {
  return (
    <select aria-label="Language" value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
      <option value="pt-BR">Português</option>
      <option value="en">English</option>
    </select>
  );
}

function Login({ onLogin }: { onLogin: (u: NonNullable<User>) => void }) {
  const locale = useLocale();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      onLogin(await api.auth.login.mutate({ email, password }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <main className="login">
      <form onSubmit={submit} className="card">
        <h1>Ozia</h1>
        <p className="muted">{t(locale, 'tagline')}</p>
        <label>
          {t(locale, 'email')}
          <input type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required autoFocus />
        </label>
        <label>
          {t(locale, 'password')}
          <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? t(locale, 'loggingIn') : t(locale, 'login')}
        </button>
        <LocaleSwitch locale={locale} />
      </form>
    </main>
  );
}

function Home({ user, onLogout }: { user: NonNullable<User>; onLogout: () => void }) {
  const locale = useLocale();
  const [flows, setFlows] = useState<Flow[] | null>(null);
  const [templates, setTemplates] = useState<Template[]>([]);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState('');
  const reload = () => api.flows.list.query().then(setFlows, (e) => setError(errorMessage(e)));
  useEffect(() => {
    void reload();
  }, []);
  useEffect(() => {
    api.templates.list.query({ locale }).then(setTemplates, (e) => setError(errorMessage(e)));
  }, [locale]);
  async function create(tpl: Template) {
    try {
      const f = await api.flows.create.mutate({ name: tpl.name, templateId: tpl.key });
      setNotice(t(locale, 'created', { name: f.name }));
      await reload();
    } catch (e) {
      setError(errorMessage(e));
    }
  }
  return (
    <div className="shell">
      <header>
        <strong>Ozia</strong>
        <span className="muted">{t(locale, 'welcome', { name: user.name })}</span>
        <span className="spacer" />
        <LocaleSwitch locale={locale} />
        <button className="ghost" onClick={() => api.auth.logout.mutate().then(onLogout)}>
          {t(locale, 'logout')}
        </button>
      </header>
      <main>
        {notice && <p className="notice" role="status">{notice}</p>}
        {error && <p role="alert" className="error">{error}</p>}
        <p className="muted">{t(locale, 'editorSoon')}</p>
        <h2>{t(locale, 'flows')}</h2>
        {flows === null ? (
          <p className="muted">{t(locale, 'loading')}</p>
        ) : flows.length === 0 ? (
          <p className="empty">{t(locale, 'noFlows')}</p>
        ) : (
          <ul className="list" aria-label={t(locale, 'flows')}>
            {flows.map((f) => (
              <li key={f.id}>
                <span>{f.name}</span>
                <span className="badge">{f.publishedNumber ? t(locale, 'published', { n: f.publishedNumber }) : t(locale, 'draft')}</span>
              </li>
            ))}
          </ul>
        )}
        <h2>{t(locale, 'templates')}</h2>
        <div className="grid">
          {templates.map((tpl) => (
            <article key={tpl.key} className="card">
              <h3>{tpl.name}</h3>
              <p className="muted">{tpl.description}</p>
              <p className="muted small">{t(locale, 'blocks', { n: tpl.blocks })}</p>
              <button onClick={() => create(tpl)} aria-label={`${t(locale, 'create')}: ${tpl.name}`}>
                {t(locale, 'create')}
              </button>
            </article>
          ))}
        </div>
      </main>
    </div>
  );
}

export function App() {
  const [user, setUser] = useState<User | undefined>(undefined);
  useEffect(() => {
    api.auth.me.query().then(setUser, () => setUser(null));
  }, []);
  if (user === undefined) return null;
  return user ? <Home user={user} onLogout={() => setUser(null)} /> : <Login onLogin={setUser} />;
}
