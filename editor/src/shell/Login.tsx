import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../api.js';
import { useTexts } from '../i18n.js';
import type { User } from '../session.js';
import { LocaleSelect } from './LocaleSelect.js';
import { shellTexts } from './texts.js';

export function Login({ onLogin }: { onLogin: (u: User) => void }) {
  const t = useTexts(shellTexts);
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
      <form onSubmit={submit} className="login-card">
        <h1>Ozia</h1>
        <p className="muted">{t.tagline}</p>
        <label>
          {t.email}
          <input type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required autoFocus />
        </label>
        <label>
          {t.password}
          <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t.loggingIn : t.login}
        </button>
        <LocaleSelect />
      </form>
    </main>
  );
}
