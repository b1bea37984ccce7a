import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openEmbeddedDatabase, openPostgresDatabase, type Database } from '../../src/db/database.ts';
import { postgresUrl } from '../databases.ts';

/**
 * Where a fault test's child processes keep their data: an embedded data folder (which only one
 * process may open at a time, so the test looks inside only while the child is dead), or a new
 * database on the PostgreSQL server named by TEST_DATABASE_URL.
 */
export interface FaultTarget {
  name: 'embedded' | 'postgres';
  /** Environment for the child: DATABASE_URL set or removed. */
  env: Record<string, string | undefined>;
  /** Arguments for the child: `--data DIR` on the embedded database. */
  args: string[];
  open(): Promise<Database>;
  cleanUp(): Promise<void>;
}

export async function embeddedTarget(): Promise<FaultTarget> {
  const dir = await mkdtemp(join(tmpdir(), 'formative-faults-'));
  const data = join(dir, 'data');
  return {
    name: 'embedded',
    env: { DATABASE_URL: undefined },
    args: ['--data', data],
    open: () => openEmbeddedDatabase(data),
    cleanUp: () => rm(dir, { recursive: true, force: true }),
  };
}

export async function postgresTarget(serverUrl: string): Promise<FaultTarget> {
  const name = `formative_faults_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name: 'postgres',
    env: { DATABASE_URL: url.toString() },
    args: [],
    open: () => openPostgresDatabase(url.toString(), 2),
    async cleanUp() {
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

/** The embedded target always; PostgreSQL too when TEST_DATABASE_URL is set; FAULT_BACKENDS=postgres (or embedded) keeps one. */
export const faultTargets: { name: string; make: () => Promise<FaultTarget> }[] = [
  { name: 'embedded', make: embeddedTarget },
  ...(postgresUrl ? [{ name: 'postgres', make: () => postgresTarget(postgresUrl!) }] : []),
].filter((target) => !process.env.FAULT_BACKENDS || process.env.FAULT_BACKENDS.split(',').includes(target.name));

/** A small seeded generator, so a failing run can be repeated with FAULT_SEED. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export const faultSeed = Number(process.env.FAULT_SEED ?? Date.now() % 2 ** 31);
