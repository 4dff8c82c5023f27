// Users, password hashing (scrypt), login sessions and login rate limiting.
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { newId } from '../runtime/ids.js';
import { promisify } from 'node:util';
import type { Db } from '../runtime/db/connect.js';
import { OziaError } from '../runtime/errors.js';
import { Prepared, sqlRunner, type Sql } from '../runtime/db/prepared.js';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, keylen: number, opts: object) => Promise<Buffer>;

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 64 };
export const SESSION_COOKIE = 'ozia_session';
export const SESSION_DAYS = 30;
const LOGIN_WINDOW_MS = 15 * 60_000;
/** Failures allowed per window: few per account (guessing one password), more per address (an office behind one IP). */
const LOGIN_MAX_FAILURES = { email: 5, ip: 30 };

export type Role = 'supervisor' | 'operator';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, maxmem: 64 * 1024 * 1024 });
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, hash] = stored.split('$');
  if (alg !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 64 * 1024 * 1024,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export class Auth {
  private readonly sql: Sql;
  private readonly sessionQuery;

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.sql = sqlRunner(db);
    this.sessionQuery = new Prepared(db, (k, hash) =>
      k
        .selectFrom('auth_sessions')
        .innerJoin('users', 'users.id', 'auth_sessions.user_id')
        .select(['users.id', 'users.email', 'users.name', 'users.role', 'users.active', 'auth_sessions.expires_at'])
        .where('auth_sessions.token_hash', '=', hash),
    );
  }

  private get k() {
    return this.db.kysely;
  }

  async createUser(input: { email: string; name: string; role: Role; password: string }): Promise<SessionUser> {
    const now = this.clock().toISOString();
    const id = newId();
    const email = input.email.trim().toLowerCase();
    const exists = await this.k.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    if (exists) throw new OziaError('CONFLICT', `email: a user with ${email} already exists`);
    await this.k
      .insertInto('users')
      .values({
        id,
        email,
        name: input.name.trim(),
        role: input.role,
        password_hash: await hashPassword(input.password),
        active: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
    return { id, email, name: input.name.trim(), role: input.role };
  }

  async userCount(): Promise<number> {
    const r = await this.k.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /** Counts failures per email and per address; past the limit within 15 minutes, refuses until the window passes. */
  private async checkRateLimit(keys: string[]): Promise<void> {
    const now = this.clock().getTime();
    for (const key of keys) {
      const row = await this.k.selectFrom('login_attempts').selectAll().where('key', '=', key).executeTakeFirst();
      const max = key.startsWith('ip:') ? LOGIN_MAX_FAILURES.ip : LOGIN_MAX_FAILURES.email;
      if (row && now - Date.parse(row.window_start) < LOGIN_WINDOW_MS && row.failures >= max) {
        const wait = Math.ceil((Date.parse(row.window_start) + LOGIN_WINDOW_MS - now) / 60_000);
        throw new OziaError('TOO_MANY_REQUESTS', `too many failed logins: try again in ${wait} minute(s)`);
      }
    }
  }

  private async recordFailure(keys: string[]) {
    const now = this.clock();
    for (const key of keys) {
      const row = await this.k.selectFrom('login_attempts').selectAll().where('key', '=', key).executeTakeFirst();
      if (!row || now.getTime() - Date.parse(row.window_start) >= LOGIN_WINDOW_MS) {
        await this.k
          .insertInto('login_attempts')
          .values({ key, window_start: now.toISOString(), failures: 1 })
          .onConflict((oc) => oc.column('key').doUpdateSet({ window_start: now.toISOString(), failures: 1 }))
          .execute();
      } else {
        await this.k.updateTable('login_attempts').set({ failures: row.failures + 1 }).where('key', '=', key).execute();
      }
    }
  }

  /** Returns a session token for the cookie. */
  async login(email: string, password: string, address: string): Promise<{ token: string; user: SessionUser }> {
    const normalised = email.trim().toLowerCase();
    const keys = [`email:${normalised}`, `ip:${address}`];
    await this.checkRateLimit(keys);
    const user = await this.k.selectFrom('users').selectAll().where('email', '=', normalised).executeTakeFirst();
    const ok = user && user.active === 1 && (await verifyPassword(password, user.password_hash));
    if (!ok || !user) {
      await this.recordFailure(keys);
      throw new OziaError('UNAUTHORIZED', 'wrong email or password');
    }
    await this.k.deleteFrom('login_attempts').where('key', 'in', keys).execute();
    const token = randomBytes(32).toString('base64url');
    const now = this.clock();
    await this.k
      .insertInto('auth_sessions')
      .values({
        token_hash: tokenHash(token),
        user_id: user.id,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString(),
      })
      .execute();
    return { token, user: { id: user.id, email: user.email, name: user.name, role: user.role } };
  }

  async userForToken(token: string | undefined): Promise<SessionUser | null> {
    if (!token) return null;
    // Every request asks this, so it runs as a prepared statement.
    const [row] = await this.sql.rows(this.sessionQuery, tokenHash(token));
    if (!row || row.active !== 1 || Date.parse(row.expires_at) < this.clock().getTime()) return null;
    return { id: row.id, email: row.email, name: row.name, role: row.role };
  }

  async logout(token: string | undefined) {
    if (token) await this.k.deleteFrom('auth_sessions').where('token_hash', '=', tokenHash(token)).execute();
  }
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const k = part.slice(0, i).trim();
    const v = part.slice(i + 1).trim();
    try {
      out[k] = decodeURIComponent(v);
    } catch {
      out[k] = v;
    }
  }
  return out;
}

export function sessionCookie(token: string, secure: boolean, maxAgeSeconds = SESSION_DAYS * 86_400): string {
  return [
    `${SESSION_COOKIE}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${maxAgeSeconds}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}
