// First start: a supervisor account so someone can log in. The password comes from
// OZIA_ADMIN_PASSWORD or is generated, printed once, and kept in the data folder (readable by
// the owner only) until that supervisor's password is changed, when the file goes.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Departments } from '../runtime/inbox/departments.js';
import type { Auth } from './auth.js';

export const FIRST_LOGIN_FILE = 'first-login.txt';

export async function ensureFirstSupervisor(
  auth: Auth,
  opts: { email: string; password?: string; dataDir: string },
): Promise<{ created: boolean; email: string; password?: string; passwordFile: string }> {
  const passwordFile = path.join(opts.dataDir, FIRST_LOGIN_FILE);
  if ((await auth.userCount()) > 0) {
    await watchFirstLoginFile(auth, passwordFile);
    return { created: false, email: opts.email, passwordFile };
  }
  const password = opts.password ?? randomBytes(9).toString('base64url');
  await auth.createUser({ email: opts.email, name: 'Supervisor', role: 'supervisor', password });
  fs.mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(passwordFile, `email: ${opts.email}\npassword: ${password}\n`, { mode: 0o600 });
  // The mode only applies to a new file; one left from an earlier install keeps its own otherwise.
  fs.chmodSync(passwordFile, 0o600);
  await watchFirstLoginFile(auth, passwordFile);
  return { created: true, email: opts.email, password, passwordFile };
}

/**
 * Removes the first-login file as soon as its password stops being the supervisor's: now, if it
 * was changed while the file stayed behind, or when it is changed later.
 */
export async function watchFirstLoginFile(auth: Auth, passwordFile: string): Promise<void> {
  if (!fs.existsSync(passwordFile)) return;
  const text = fs.readFileSync(passwordFile, 'utf8');
  const email = /^email: (.+)$/m.exec(text)?.[1]?.trim();
  const password = /^password: (.+)$/m.exec(text)?.[1];
  const userId = email && password ? await auth.userWithPassword(email, password) : null;
  const remove = () => fs.rmSync(passwordFile, { force: true });
  if (!userId) return remove();
  const stop = auth.onPasswordChanged((changed) => {
    if (changed !== userId) return;
    remove();
    stop();
  });
}

/**
 * First start: the departments the templates hand over to (by code), so a template's "talk to
 * an agent" reaches a queue out of the box. Renamed, recoloured or deleted freely afterwards.
 */
export const DEFAULT_DEPARTMENTS = [
  { name: 'Atendimento geral', code: 'general', color: '#2f80ed' },
  { name: 'Comercial', code: 'sales', color: '#27ae60' },
  { name: 'Suporte', code: 'support', color: '#e67e22' },
  { name: 'Financeiro', code: 'billing', color: '#9b51e0' },
];

export async function ensureDefaultDepartments(departments: Departments, firstStart: boolean): Promise<number> {
  if (!firstStart || departments.list().length) return 0;
  for (const d of DEFAULT_DEPARTMENTS) await departments.create(d);
  return DEFAULT_DEPARTMENTS.length;
}
