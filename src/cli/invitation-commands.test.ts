import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { openEmbeddedDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { createUser } from '../modules/accounts/service.ts';
import { serverSecret } from '../modules/fieldwork/invitations/secret.ts';
import { addParticipants } from '../modules/fieldwork/invitations/service.ts';
import { fieldworkFixture } from '../modules/fieldwork/invitations/test-fixtures.ts';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '../../bin/formative');
// The child uses the embedded database in its own folder and keeps mail in the outbox, whatever the test machine has set.
const { DATABASE_URL: _db, SMTP_URL: _smtp, FORMATIVE_SECRET: _secret, ...env } = process.env;
type Failure = { code: number; stdout: string; stderr: string };
const slow = 240_000;

describe('formative invitations send and mail work', () => {
  let dir: string;
  let surveyId: string;
  const formative = (...args: string[]) => run(bin, [...args, '--data', join(dir, 'data')], { env });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'formative-invitations-cli-'));
    const database = await openEmbeddedDatabase(join(dir, 'data'));
    try {
      await migrate(database);
      const lead = await createUser(database.db, { email: 'lead@example.org', name: 'Lead', password: 'a long test password' });
      const f = await fieldworkFixture(database, lead, { count: 3 });
      await addParticipants(database.db, await serverSecret(database.db, loadConfig({})), lead.id, f.evaluation.id, f.survey.id, f.people.map((p) => p.id));
      surveyId = f.survey.id;
    } finally {
      await database.close();
    }
  }, slow);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('queues the invitations once, then the worker keeps them in the outbox', async () => {
    const first = JSON.parse((await formative('invitations', 'send', surveyId, '--json')).stdout) as Record<string, number>;
    expect(first).toMatchObject({ kind: 'invitation', queued: 3, withoutEmail: 1 });
    const { stdout } = await formative('invitations', 'send', surveyId);
    expect(stdout).toContain('Queued 0 invitations');
    const worked = JSON.parse((await formative('mail', 'work', '--once', '--json')).stdout) as Record<string, number>;
    expect(worked).toMatchObject({ outbox: 3, sent: 0 });
  }, slow);

  it('says in one line what is wrong with a survey id or --days', async () => {
    const unknown = (await formative('invitations', 'send', '00000000-0000-4000-8000-000000000000').catch((e: unknown) => e)) as Failure;
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr.trim()).toMatch(/No survey with id 00000000-0000-4000-8000-000000000000/);
    const days = (await formative('invitations', 'send', surveyId, '--reminder', '--days', 'soon').catch((e: unknown) => e)) as Failure;
    expect(days.code).not.toBe(0);
    expect(days.stderr).toContain('--days must be a whole number');
  }, slow);
});
