// Users, login sessions (absolute expiry and idle timeout) and sign-in; attempts are limited by
// login-throttle.ts and passwords hashed by passwords/hashing.ts.
import { createHash, randomBytes } from 'node:crypto';
import { newId } from '../runtime/ids.js';
import type { Db } from '../runtime/db/connect.js';
import { OziaError } from '../runtime/errors.js';
import { Prepared, sqlRunner, type Sql } from '../runtime/db/prepared.js';
import { accountKey, addressKey, LoginThrottle } from './login-throttle.js';
import { dummyHash, hashPassword, verifyPassword } from './passwords/hashing.js';

export { hashPassword, verifyPassword } from './passwords/hashing.js';

export const SESSION_COOKIE = 'ozia_session';
export const SESSION_DAYS = 30;
export const DEFAULT_SESSION_IDLE_HOURS = 12;
/** A session's last use is written at most this often: every request reads it, few need to write it. */
const TOUCH_EVERY_MS = 60_000;

export type Role = 'supervisor' | 'operator';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/** Which sessions to end: one (logout), a user's (all, or all but the one in use), or those expired or idle. */
export type SessionFilter = { token: string } | { userId: string; except?: string } | { stale: true };

export interface EndedSession {
  tokenHash: string;
  userId: string;
}

/** Sign-in refused until the wait is over (answered 429 with Retry-After). */
export class LoginThrottled extends OziaError {
  constructor(readonly retryAfterSeconds: number) {
    const wait = retryAfterSeconds < 60 ? `${retryAfterSeconds} second(s)` : `${Math.ceil(retryAfterSeconds / 60)} minute(s)`;
    super('TOO_MANY_REQUESTS', `too many failed logins: try again in ${wait}`);
  }
}

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export class Auth {
  private readonly sql: Sql;
  private readonly sessionQuery;
  private readonly throttle: LoginThrottle;
  private readonly idleMs: number;
  private readonly endedListeners = new Set<(ended: EndedSession[]) => void>();
  private readonly passwordListeners = new Set<(userId: string) => void>();

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
    opts: { sessionIdleMs?: number } = {},
  ) {
    this.sql = sqlRunner(db);
    this.throttle = new LoginThrottle(db, clock);
    this.idleMs = opts.sessionIdleMs ?? DEFAULT_SESSION_IDLE_HOURS * 3_600_000;
    this.sessionQuery = new Prepared(db, (k, hash) =>
      k
        .selectFrom('auth_sessions')
        .innerJoin('users', 'users.id', 'auth_sessions.user_id')
        .select(['users.id', 'users.email', 'users.name', 'users.role', 'users.active', 'auth_sessions.expires_at', 'auth_sessions.created_at', 'auth_sessions.last_seen_at'])
        .where('auth_sessions.token_hash', '=', hash),
    );
    // Made now, so the first unknown e-mail does not pay for it.
    void dummyHash();
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

  /** The id of the user with this e-mail and password (not a login: nothing is counted or opened). */
  async userWithPassword(email: string, password: string): Promise<string | null> {
    const user = await this.k.selectFrom('users').select(['id', 'password_hash']).where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
    return user && (await verifyPassword(password, user.password_hash)) ? user.id : null;
  }

  /** Returns a session token for the cookie. */
  async login(email: string, password: string, address: string): Promise<{ token: string; user: SessionUser }> {
    const normalised = email.trim().toLowerCase();
    const keys = [addressKey(address), accountKey(normalised)] as const;
    const waitMs = await this.throttle.reserve(...keys);
    if (waitMs !== null) throw new LoginThrottled(Math.ceil(waitMs / 1000));
    const user = await this.k.selectFrom('users').selectAll().where('email', '=', normalised).executeTakeFirst();
    // Known or not, active or not: one scrypt, so the answer's timing tells nothing.
    const matches = await verifyPassword(password, user?.password_hash ?? (await dummyHash()));
    if (!user || user.active !== 1 || !matches) throw new OziaError('UNAUTHORIZED', 'wrong email or password');
    await this.throttle.succeeded(...keys);
    const token = randomBytes(32).toString('base64url');
    const now = this.clock();
    await this.k
      .insertInto('auth_sessions')
      .values({
        token_hash: tokenHash(token),
        user_id: user.id,
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        expires_at: new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString(),
      })
      .execute();
    return { token, user: { id: user.id, email: user.email, name: user.name, role: user.role } };
  }

  async userForToken(token: string | undefined): Promise<SessionUser | null> {
    if (!token) return null;
    // Every request asks this, so it runs as a prepared statement.
    const hash = tokenHash(token);
    const [row] = await this.sql.rows(this.sessionQuery, hash);
    const now = this.clock().getTime();
    if (!row || row.active !== 1 || Date.parse(row.expires_at) < now) return null;
    const lastSeen = Date.parse(row.last_seen_at ?? row.created_at);
    if (now - lastSeen > this.idleMs) {
      await this.endSessions({ token });
      return null;
    }
    if (now - lastSeen >= TOUCH_EVERY_MS) {
      await this.k.updateTable('auth_sessions').set({ last_seen_at: new Date(now).toISOString() }).where('token_hash', '=', hash).execute();
    }
    return { id: row.id, email: row.email, name: row.name, role: row.role };
  }

  async logout(token: string | undefined) {
    if (token) await this.endSessions({ token });
  }

  /**
   * Every session that ends goes through here (logout, deactivation, password changes, the idle
   * and expiry purge), so whoever holds something open for a session hears of it once.
   */
  async endSessions(filter: SessionFilter): Promise<EndedSession[]> {
    let q = this.k.deleteFrom('auth_sessions');
    if ('token' in filter) q = q.where('token_hash', '=', tokenHash(filter.token));
    else if ('userId' in filter) {
      q = q.where('user_id', '=', filter.userId);
      if (filter.except) q = q.where('token_hash', '!=', tokenHash(filter.except));
    } else {
      const now = this.clock().getTime();
      const idleSince = new Date(now - this.idleMs).toISOString();
      q = q.where((eb) =>
        eb.or([eb('expires_at', '<', new Date(now).toISOString()), eb(eb.fn.coalesce('last_seen_at', 'created_at'), '<', idleSince)]),
      );
    }
    const rows = await q.returning(['token_hash', 'user_id']).execute();
    const ended = rows.map((r) => ({ tokenHash: r.token_hash, userId: r.user_id }));
    if (ended.length) for (const listener of this.endedListeners) listener(ended);
    return ended;
  }

  /** Hears of every session that ends; returns the unsubscribe. */
  onSessionsEnded(listener: (ended: EndedSession[]) => void): () => void {
    this.endedListeners.add(listener);
    return () => this.endedListeners.delete(listener);
  }

  /**
   * A new password for a user, checked by the caller against the policy. Every session of theirs
   * ends but `keepToken` (the one changing its own password stays in).
   */
  async setPassword(userId: string, password: string, keepToken?: string): Promise<void> {
    const hash = await hashPassword(password);
    await this.k.updateTable('users').set({ password_hash: hash, updated_at: this.clock().toISOString() }).where('id', '=', userId).execute();
    await this.endSessions({ userId, except: keepToken });
    for (const listener of this.passwordListeners) listener(userId);
  }

  /** Hears of every password change (the first-login file goes once its password is changed). */
  onPasswordChanged(listener: (userId: string) => void): () => void {
    this.passwordListeners.add(listener);
    return () => this.passwordListeners.delete(listener);
  }

  /** Ends expired and idle sessions and forgets old login attempts (run periodically). */
  async purge(): Promise<{ sessions: number; attempts: number }> {
    const sessions = (await this.endSessions({ stale: true })).length;
    return { sessions, attempts: await this.throttle.purge() };
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
