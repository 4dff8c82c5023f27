// How sign-in holds against guessing. Every attempt is counted before its password is checked,
// in one statement per key (an upsert that refuses while the key must wait), so parallel
// requests cannot all slip in before the first failure is written. Past a few free failures
// each further attempt must wait longer (1 s, 2 s, 4 s … capped): an attacker gets few guesses,
// and the person whose account is under attack waits minutes at worst, never a long lockout.
import { isIPv6 } from 'node:net';
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../runtime/db/connect.js';

export interface ThrottleRule {
  /** Failures allowed before delays start. */
  free: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Few per account (one password guessed); more per address (an office behind one address). */
export const LOGIN_RULES: Record<'account' | 'address', ThrottleRule> = {
  account: { free: 5, baseDelayMs: 1000, maxDelayMs: 5 * 60_000 },
  address: { free: 30, baseDelayMs: 1000, maxDelayMs: 5 * 60_000 },
};

/** A key quiet for this long starts again from zero (longer than any delay, so waiting one out forgets nothing). */
export const FORGET_AFTER_MS = 60 * 60_000;

/** How long the attempt after the `failures`-th must wait. */
export function delayAfter(failures: number, rule: ThrottleRule): number {
  if (failures < rule.free) return 0;
  return Math.min(rule.maxDelayMs, rule.baseDelayMs * 2 ** (failures - rule.free));
}

export const accountKey = (email: string) => `email:${email}`;

/**
 * IPv4 addresses count one by one; IPv6 ones by their /64, which one subscriber usually holds
 * whole: otherwise every guess could come from a new address of the same line.
 */
export function addressKey(address: string): string {
  if (!isIPv6(address)) return `ip:${address}`;
  const bare = address.split('%')[0].toLowerCase();
  const [head, tail] = bare.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `ip:${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

const old = (column: 'failures' | 'last_at' | 'not_before') => sql.ref(`login_attempts.${column}`);
const bigint = (ms: number) => sql<number>`cast(${ms} as bigint)`;

export class LoginThrottle {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
  ) {}

  private get k() {
    return this.db.kysely;
  }

  /** `delayAfter` in SQL, over the failure count the statement is about to store. */
  private delaySql(failures: RawBuilder<number>, rule: ThrottleRule): RawBuilder<number> {
    // Shifts at or past this one reach the cap; below it `base << shift` stays under it.
    const capShift = Math.ceil(Math.log2(rule.maxDelayMs / rule.baseDelayMs));
    const free = sql.lit(rule.free);
    return sql<number>`case when ${failures} < ${free} then 0 when ${failures} - ${free} >= ${sql.lit(capShift)} then ${sql.lit(rule.maxDelayMs)} else ${sql.lit(rule.baseDelayMs)} * (1 << (${failures} - ${free})) end`;
  }

  /** Counts one attempt on `key` unless it must still wait; false when refused. */
  private async take(key: string, rule: ThrottleRule, now: number): Promise<boolean> {
    const failures = sql<number>`case when ${old('last_at')} < ${bigint(now - FORGET_AFTER_MS)} then 1 else ${old('failures')} + 1 end`;
    const row = await this.k
      .insertInto('login_attempts')
      .values({ key, failures: 1, last_at: now, not_before: now + delayAfter(1, rule) })
      .onConflict((oc) =>
        oc
          .column('key')
          .doUpdateSet({ failures, last_at: bigint(now), not_before: sql<number>`${bigint(now)} + ${this.delaySql(failures, rule)}` })
          .where(old('not_before'), '<=', bigint(now)),
      )
      .returning('failures')
      .executeTakeFirst();
    return !!row;
  }

  private async waitFor(key: string, now: number): Promise<number> {
    const row = await this.k.selectFrom('login_attempts').select('not_before').where('key', '=', key).executeTakeFirst();
    return Math.max(1000, Number(row?.not_before ?? now) - now);
  }

  /** Takes back one counted attempt (the address's count of a login that did not fail). */
  private async giveBack(key: string) {
    await this.k
      .updateTable('login_attempts')
      .set({ failures: sql<number>`case when failures > 0 then failures - 1 else 0 end` })
      .where('key', '=', key)
      .execute();
  }

  /**
   * Counts this attempt for the address, then for the account, before any password is checked.
   * Returns null when it may go ahead, or how many milliseconds to wait.
   */
  async reserve(address: string, account: string): Promise<number | null> {
    const now = this.clock().getTime();
    if (!(await this.take(address, LOGIN_RULES.address, now))) return this.waitFor(address, now);
    if (!(await this.take(account, LOGIN_RULES.account, now))) {
      await this.giveBack(address);
      return this.waitFor(account, now);
    }
    return null;
  }

  /** A right password: the account starts afresh; the address only gets this attempt back, so an attacker's own logins clear nothing. */
  async succeeded(address: string, account: string): Promise<void> {
    await this.k.deleteFrom('login_attempts').where('key', '=', account).execute();
    await this.giveBack(address);
  }

  /** Forgets keys quiet for longer than FORGET_AFTER_MS. */
  async purge(): Promise<number> {
    const r = await this.k.deleteFrom('login_attempts').where('last_at', '<', this.clock().getTime() - FORGET_AFTER_MS).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
