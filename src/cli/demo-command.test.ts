import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresUrl } from '../../test/databases.ts';
import { openDatabase } from '../db/database.ts';
import { listAllEvaluations } from '../modules/evaluations/service.ts';
import { listUnits, searchPeople } from '../modules/organisation/service.ts';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '../../bin/formative');

/** Where the child process keeps its data: a fresh folder, or a fresh database on the test server. */
interface Target {
  name: string;
  prepare(): Promise<{ env: NodeJS.ProcessEnv; args: string[]; open: () => ReturnType<typeof openDatabase>; cleanUp: () => Promise<void> }>;
}

const { DATABASE_URL: _ignored, ...baseEnv } = process.env;

const embedded: Target = {
  name: 'embedded',
  async prepare() {
    const dir = mkdtempSync(join(tmpdir(), 'formative-demo-'));
    return {
      env: baseEnv,
      args: ['--data', dir],
      open: () => openDatabase({ dataDir: dir }),
      cleanUp: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
};

const postgres = (serverUrl: string): Target => ({
  name: 'postgres',
  async prepare() {
    const name = `formative_demo_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return {
      env: { ...baseEnv, DATABASE_URL: url.toString() },
      args: [],
      open: () => openDatabase({ databaseUrl: url.toString(), dataDir: 'unused' }),
      async cleanUp() {
        const cleanup = new pg.Client({ connectionString: serverUrl });
        await cleanup.connect();
        await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await cleanup.end();
      },
    };
  },
});

const targets = [embedded, ...(postgresUrl ? [postgres(postgresUrl)] : [])];

describe.each(targets)('formative demo --no-serve ($name)', (target) => {
  let place: Awaited<ReturnType<Target['prepare']>>;
  beforeAll(async () => {
    place = await target.prepare();
  });
  afterAll(() => place?.cleanUp());

  const demo = async () => {
    const { stdout } = await run(bin, ['demo', '--no-serve', '--json', ...place.args], { env: place.env });
    return JSON.parse(stdout) as { loaded: boolean; evaluation: { id: string; slug: string }; accounts: { email: string; password: string; role: string }[]; counts: Record<string, number> };
  };

  it('loads the demo once and prints the sign-ins as JSON, then adds nothing the second time', async () => {
    const first = await demo();
    expect(first.loaded).toBe(true);
    expect(first.evaluation.slug).toBe('demo');
    expect(first.accounts).toEqual([
      expect.objectContaining({ email: 'demo@formative.test', password: 'formative-demo-2005', role: 'lead' }),
      expect.objectContaining({ email: 'funder@formative.test', password: 'formative-demo-2005', role: 'viewer' }),
    ]);
    expect(first.counts).toMatchObject({ programmes: 8, regions: 8, budgetLines: 9 });
    expect(first.counts.people).toBeGreaterThanOrEqual(430);

    const second = await demo();
    expect(second).toMatchObject({ loaded: false, evaluation: { id: first.evaluation.id }, counts: {} });

    const database = await place.open();
    try {
      expect((await listAllEvaluations(database.db)).map((e) => e.slug)).toEqual(['demo']);
      expect((await searchPeople(database.db, first.evaluation.id)).total).toBe(first.counts.people);
      expect(await listUnits(database.db, first.evaluation.id)).toHaveLength(first.counts.units!);
    } finally {
      await database.close();
    }
  });
});

describe('formative demo (serving)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'formative-demo-serve-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the sign-in, serves the sign-in page and stops cleanly on SIGTERM', async () => {
    const child = spawn(bin, ['demo', '--port', '0', '--data', dir], { env: { ...baseEnv, LOG_LEVEL: 'silent' } });
    let stdout = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const found = /running on (http:\/\/localhost:\d+)/.exec(stdout);
        if (found) resolve(found[1]!);
      });
      child.on('exit', (code) => reject(new Error(`formative demo exited with ${code} before serving: ${stdout}`)));
    });
    expect(stdout).toContain('Demo evaluation loaded');
    expect(stdout).toContain('Sign in as demo@formative.test with password formative-demo-2005');
    expect(stdout.indexOf('Sign in as demo@formative.test')).toBeLessThan(stdout.indexOf('running on'));
    const page = await fetch(`${url}/sign-in`);
    expect(page.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
