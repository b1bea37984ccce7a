import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openEmbeddedDatabase, openPostgresDatabase, type Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';

/**
 * The back ends every store test runs on: the embedded database always, and the real PostgreSQL
 * server named by TEST_DATABASE_URL when it is set (`.ci/run` sets it).
 */
export interface TestBackend {
  name: 'embedded' | 'postgres';
  /** A new, empty, migrated database of its own. */
  open(): Promise<Database>;
}

const serverUrl = process.env.TEST_DATABASE_URL;

async function openFreshPostgres(url: string): Promise<Database> {
  const name = `formative_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await openPostgresDatabase(target.toString(), 5);
  await migrate(database);
  const close = database.close;
  return {
    ...database,
    async close() {
      await close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

export const backends: TestBackend[] = [
  {
    name: 'embedded',
    async open() {
      const database = await openEmbeddedDatabase('memory');
      await migrate(database);
      return database;
    },
  },
  ...(serverUrl ? [{ name: 'postgres' as const, open: () => openFreshPostgres(serverUrl) }] : []),
];

export const postgresUrl = serverUrl;
