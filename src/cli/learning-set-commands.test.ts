import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failingIn, formativeIn, slowCli } from '../../test/cli.ts';
import { openEmbeddedDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { createUser } from '../modules/accounts/service.ts';
import { createSet, planSession, setSessionStatus } from '../modules/casework/learning-sets/service.ts';
import { createEvaluation } from '../modules/evaluations/service.ts';

describe('formative learning-sets list', () => {
  let dir: string;
  const formative = (...args: string[]) => formativeIn(dir, ...args);
  const failing = (...args: string[]) => failingIn(dir, ...args);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'formative-sets-cli-'));
    // A set with a held and a cancelled session, made straight in the data folder.
    const database = await openEmbeddedDatabase(join(dir, 'data'));
    try {
      await migrate(database);
      const db = database.db;
      const lead = await createUser(db, { email: 'lead@example.org', name: 'Lead', password: 'a long test password' });
      const evaluation = await createEvaluation(db, lead.id, { title: 'Sets by command', slug: 'sets' });
      await createEvaluation(db, lead.id, { title: 'No sets', slug: 'none' });
      const set = await createSet(db, lead.id, evaluation.id, { name: 'Front line', kind: 'front-line-practitioners' });
      const held = await planSession(db, lead.id, evaluation.id, set.id, { plannedOn: '2007-03-12' });
      await setSessionStatus(db, lead.id, evaluation.id, set.id, held.id, { status: 'held' });
      const cancelled = await planSession(db, lead.id, evaluation.id, set.id, { plannedOn: '2007-03-19' });
      await setSessionStatus(db, lead.id, evaluation.id, set.id, cancelled.id, { status: 'cancelled', reason: "Cancelled at the funder's request" });
    } finally {
      await database.close();
    }
  }, slowCli);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists sets with their sessions, status and reasons, as text and as JSON', async () => {
    const { stdout } = await formative('learning-sets', 'list', 'sets');
    expect(stdout.trim().split('\n')).toEqual([
      "Front line (Front-line practitioners’ set): 0 members, 0 responses to findings",
      '  2007-03-12  Held, 0 came, 0 findings presented, 0 responses',
      "  2007-03-19  Cancelled (Cancelled at the funder's request)",
    ]);
    const json = JSON.parse((await formative('learning-sets', 'list', 'sets', '--json')).stdout);
    expect(json.sets[0].sessions.map((s: { status: string; reason: string }) => [s.status, s.reason])).toEqual([['held', ''], ['cancelled', "Cancelled at the funder's request"]]);
    expect((await formative('learning-sets', 'list', 'none')).stdout.trim()).toBe('No sets has no learning sets.');
  }, slowCli);

  it('says what to give when the evaluation is missing or unknown', async () => {
    expect((await failing('learning-sets', 'list')).stderr).toContain('Give one evaluation, by id or short name. Usage: formative learning-sets list EVALUATION [--json]');
    expect((await failing('learning-sets', 'list', 'nowhere')).stderr).toContain('No evaluation with id or short name nowhere');
  }, slowCli);
});
