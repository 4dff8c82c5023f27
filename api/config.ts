// Configuration from the environment, validated once at start.
import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_SESSION_IDLE_HOURS } from './auth.js';
import { passwordSchema } from './passwords/policy.js';

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z
    .string()
    .refine((h) => net.isIP(h) !== 0 || HOST_NAME.test(h), 'must be an IP address of this machine (0.0.0.0 for all, 127.0.0.1, ::) or a host name')
    .default('0.0.0.0'),
  OZIA_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^(postgres(ql)?:\/\/|file:|sqlite:)/, 'must start with postgres://, postgresql://, file: or sqlite:')
    .optional(),
  OZIA_ADMIN_EMAIL: z.email().default('admin@ozia.local'),
  OZIA_ADMIN_PASSWORD: passwordSchema.optional(),
  /** Set to "1" behind an HTTPS proxy so the session cookie is marked Secure. */
  OZIA_SECURE_COOKIES: z.enum(['0', '1']).default('0'),
  /** Reverse proxies in front (usually 1) whose X-Forwarded-For/-Proto/-Host are believed; 0 ignores them. */
  OZIA_TRUST_PROXY: z.coerce
    .number('must be a number of proxies: 0 (none) or 1, 2 …')
    .int('must be a whole number of proxies: 0 (none) or 1, 2 …')
    .min(0, 'must be 0 (no proxy) or more')
    .max(10, 'must be at most 10')
    .default(0),
  /** Hours without any request after which a session ends (besides its 30-day expiry). */
  OZIA_SESSION_IDLE_HOURS: z.coerce
    .number('must be a number of hours')
    .positive('must be more than 0 hours')
    .max(24 * 30, 'must be at most 720 hours (30 days)')
    .default(DEFAULT_SESSION_IDLE_HOURS),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  sqliteFile: string;
  adminEmail: string;
  adminPassword?: string;
  secureCookies: boolean;
  trustedProxies: number;
  sessionIdleMs: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    // One line: it is what the start prints before stopping.
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`);
    throw new Error(`invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.OZIA_DATA_DIR);
  const url = e.DATABASE_URL;
  const isPg = !!url && /^postgres/.test(url);
  const sqliteFile = url && !isPg ? url.replace(/^(file:|sqlite:)(\/\/)?/, '') : path.join(dataDir, 'ozia.sqlite');
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: isPg ? url : undefined,
    sqliteFile,
    adminEmail: e.OZIA_ADMIN_EMAIL,
    adminPassword: e.OZIA_ADMIN_PASSWORD,
    secureCookies: e.OZIA_SECURE_COOKIES === '1',
    trustedProxies: e.OZIA_TRUST_PROXY,
    sessionIdleMs: e.OZIA_SESSION_IDLE_HOURS * 3_600_000,
  };
}
