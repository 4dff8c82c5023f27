// First start: a supervisor account so someone can log in. The password comes from
// OZIA_ADMIN_PASSWORD or is generated, printed once, and kept in the data folder until changed.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Auth } from './auth.js';

export async function ensureFirstSupervisor(
  auth: Auth,
  opts: { email: string; password?: string; dataDir: string },
): Promise<{ created: boolean; email: string; password?: string; passwordFile: string }> {
  const passwordFile = path.join(opts.dataDir, 'first-login.txt');
  if ((await auth.userCount()) > 0) return { created: false, email: opts.email, passwordFile };
  const password = opts.password ?? randomBytes(9).toString('base64url');
  await auth.createUser({ email: opts.email, name: 'Supervisor', role: 'supervisor', password });
  fs.mkdirSync(opts.dataDir, { recursive: true });
  fs.writeFileSync(passwordFile, `email: ${opts.email}\npassword: ${password}\n`, { mode: 0o600 });
  return { created: true, email: opts.email, password, passwordFile };
}
