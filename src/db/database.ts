import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { PgliteStatements } from './pglite-statements.ts';
import { lockDataFolder, prepareDataFolder, type DataFolderLock } from './data-folder.ts';
import type { Tables } from './tables.ts';

export type Db = Kysely<Tables>;

/** Runs SQL text of several statements and returns the rows of the last one. */
export type ScriptRunner = (sqlText: string) => Promise<Record<string, unknown>[]>;

export interface Database {
  readonly db: Db;
  readonly kind: 'embedded' | 'postgres';
  /** Where the data lives, for messages: a folder or a server address without password. */
  readonly location: string;
  /** Runs `fn` in one transaction with a runner for multi-statement scripts (migrations, restore). */
  inScriptTransaction<T>(fn: (run: ScriptRunner) => Promise<T>): Promise<T>;
  /**
   * Runs one statement that a hot path (respondent pages) runs on every request. On PostgreSQL it
   * is prepared once per connection under `name` and run on the pool directly, at about a quarter
   * of the client and server time of a query built through Kysely. On the embedded database it
   * is prepared once and run in one exchange with PGlite (see pglite-statements.ts).
   */
  prepared<Row>(statement: PreparedStatement, values: readonly unknown[]): Promise<{ rows: Row[]; rowCount: number }>;
  /** Records the address a server listens on, so other commands can say who holds the data. */
  announce(url: string): void;
  close(): Promise<void>;
}

/** A statement with a name unique in the process and its SQL text with $1… parameters. */
export interface PreparedStatement {
  name: string;
  text: string;
}

export class DatabaseError extends Error {}

// Dates stay 'yyyy-mm-dd' strings (a JS Date would shift them across time zones);
// 64-bit counts become numbers (they never pass 2^53 here).
const DATE_OID = 1082;
const INT8_OID = 20;
const keepText = (value: string) => value;
const toNumber = (value: string) => Number(value);

export async function openEmbeddedDatabase(dataDir: string | 'memory'): Promise<Database> {
  let lock: DataFolderLock | undefined;
  let pglite: PGlite;
  const parsers = { [DATE_OID]: keepText, [INT8_OID]: toNumber };
  if (dataDir === 'memory') {
    pglite = new PGlite({ parsers });
  } else {
    prepareDataFolder(dataDir);
    lock = lockDataFolder(dataDir);
    try {
      pglite = new PGlite(join(dataDir, 'pgdata'), { parsers });
      await pglite.waitReady;
    } catch (error) {
      lock.release();
      throw new DatabaseError(`Cannot open the embedded database in ${dataDir}: ${(error as Error).message}`);
    }
  }
  await pglite.waitReady;
  const db = new Kysely<Tables>({ dialect: new PGliteDialect(pglite) });
  const statements = new PgliteStatements(pglite, db as unknown as Kysely<unknown>);
  return {
    db,
    kind: 'embedded',
    location: dataDir === 'memory' ? 'memory' : dataDir,
    inScriptTransaction: (fn) =>
      pglite.transaction((tx) =>
        fn(async (text) => {
          const results = await tx.exec(text);
          return (results.at(-1)?.rows ?? []) as Record<string, unknown>[];
        }),
      ),
    prepared: (statement, values) => statements.run(statement, values),
    announce: (url) => lock?.announce(url),
    async close() {
      await db.destroy();
      // Kysely closes PGlite only once it has run a query itself; a process that used only
      // inScriptTransaction (backup, restore) would otherwise never exit.
      if (!pglite.closed) await pglite.close();
      lock?.release();
    },
  };
}

function describeServer(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'the server in DATABASE_URL';
  }
}

export async function openPostgresDatabase(url: string, poolSize = 10): Promise<Database> {
  const location = describeServer(url);
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') => {
      if (oid === DATE_OID) return keepText;
      if (oid === INT8_OID) return toNumber;
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types, connectionTimeoutMillis: 10_000 });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new DatabaseError(`Cannot connect to PostgreSQL at ${location}: ${(error as Error).message}`);
  }
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgres',
    location,
    async inScriptTransaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(async (text) => {
          const res = (await client.query(text)) as unknown as pg.QueryResult | pg.QueryResult[];
          const last = Array.isArray(res) ? res.at(-1) : res;
          return (last?.rows ?? []) as Record<string, unknown>[];
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async prepared<Row>(statement: PreparedStatement, values: readonly unknown[]) {
      const result = await pool.query({ name: statement.name, text: statement.text, values: [...values] });
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
    },
    announce: () => undefined,
    close: () => db.destroy(),
  };
}

export function openDatabase(options: { databaseUrl?: string | undefined; dataDir: string }): Promise<Database> {
  return options.databaseUrl ? openPostgresDatabase(options.databaseUrl) : openEmbeddedDatabase(options.dataDir);
}
