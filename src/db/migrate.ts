import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database, ScriptRunner } from './database.ts';

const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));
// Any fixed number: it keeps two processes from migrating the same server at once.
const MIGRATION_LOCK = 4_242_001;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function listMigrations(): Migration[] {
  return readdirSync(migrationsDir)
    .filter((file) => /^\d{3}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 3)),
      name: file.slice(4, -4),
      sql: readFileSync(migrationsDir + file, 'utf8'),
    }));
}

/** Applies every migration not yet applied, all in one transaction; returns the names applied. */
export async function migrate(database: Database, migrations = listMigrations()): Promise<string[]> {
  return database.inScriptTransaction((run) => applyMigrations(run, migrations));
}

/** Waits until no other process is changing the schema, and holds it until the transaction ends. */
export async function lockSchema(run: ScriptRunner): Promise<void> {
  await run(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
}

/**
 * Applies the migrations not yet applied through `run`, inside the caller's transaction: restore
 * uses it to bring an empty database to a backup's schema version in the same transaction as its rows.
 */
export async function applyMigrations(run: ScriptRunner, migrations: Migration[]): Promise<string[]> {
  await lockSchema(run);
  await run(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const rows = await run('SELECT version FROM schema_migrations');
  const applied = new Set(rows.map((row) => Number(row.version)));
  const done: string[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    await run(migration.sql);
    await run(
      `INSERT INTO schema_migrations (version, name) VALUES (${migration.version}, '${migration.name.replace(/'/g, "''")}')`,
    );
    done.push(`${String(migration.version).padStart(3, '0')}_${migration.name}`);
  }
  return done;
}

export async function currentSchemaVersion(database: Database): Promise<number> {
  const row = await database.db
    .selectFrom('schema_migrations')
    .select((eb) => eb.fn.max('version').as('version'))
    .executeTakeFirst();
  return Number(row?.version ?? 0);
}
