import { resolve } from 'node:path';
import { z } from 'zod';

/**
 * Every setting Formative reads, validated once at start. This is the only module that reads
 * process.env (a lint rule keeps it so); everything else receives a frozen Config.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional(),
  FORMATIVE_DATA: z.string().min(1).default('./formative-data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SECURE_COOKIES: z.enum(['true', 'false']).optional(),
  SESSION_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  SIGN_IN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  PUBLIC_URL: z.string().url().optional(),
  FORMATIVE_SECRET: z.string().min(32, 'FORMATIVE_SECRET must be at least 32 characters (use a long random string)').optional(),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'SMTP_URL must start with smtp:// or smtps://').optional(),
  MAIL_FROM: z.string().min(3).default('Formative <formative@localhost>'),
  MAIL_PER_MINUTE: z.coerce.number().int().min(1).default(600),
});

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  /** A PostgreSQL server; when absent the embedded database in `dataDir` is used. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly logLevel: string;
  readonly secureCookies: boolean;
  readonly sessionDays: number;
  readonly signInAttemptsPerMinute: number;
  readonly publicUrl: string;
  /** The key personal survey links are derived from; when unset, one is made once and kept in the database. */
  readonly secret: string | undefined;
  /** The SMTP server invitations go through; when unset, mail is kept in each survey's outbox and not sent. */
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  readonly mailPerMinute: number;
}

export type ConfigOverrides = { -readonly [K in 'port' | 'dataDir' | 'databaseUrl' | 'logLevel' | 'host']?: Config[K] };

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigOverrides = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`Setting ${issue?.path.join('.') ?? '?'} is not valid: ${issue?.message ?? 'unknown problem'}`);
  }
  const e = parsed.data;
  const port = overrides.port ?? e.PORT;
  const host = overrides.host ?? e.HOST;
  return Object.freeze({
    env: e.NODE_ENV,
    port,
    host,
    databaseUrl: 'databaseUrl' in overrides ? overrides.databaseUrl : e.DATABASE_URL,
    dataDir: resolve(overrides.dataDir ?? e.FORMATIVE_DATA),
    logLevel: overrides.logLevel ?? e.LOG_LEVEL,
    secureCookies: e.SECURE_COOKIES ? e.SECURE_COOKIES === 'true' : e.NODE_ENV === 'production',
    sessionDays: e.SESSION_DAYS,
    signInAttemptsPerMinute: e.SIGN_IN_ATTEMPTS_PER_MINUTE,
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${port}`,
    secret: e.FORMATIVE_SECRET,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    mailPerMinute: e.MAIL_PER_MINUTE,
  });
}
