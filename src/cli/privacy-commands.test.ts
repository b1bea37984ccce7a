import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failingIn, formativeIn, slowCli } from '../../test/cli.ts';
import { openEmbeddedDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { seedPrivacyFixture, type PrivacyFixture } from '../modules/privacy/test-fixture.ts';
import { setRetentionPolicy } from '../modules/privacy/retention.ts';

describe('formative privacy retention and export', () => {
  let dir: string;
  let f: PrivacyFixture;
  const formative = (...args: string[]) => formativeIn(dir, ...args);
  const failing = (...args: string[]) => failingIn(dir, ...args);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'formative-privacy-cli-'));
    const database = await openEmbeddedDatabase(join(dir, 'data'));
    try {
      await migrate(database);
      f = await seedPrivacyFixture(database.db, { endsOn: '2008-03-31' });
      await setRetentionPolicy(database.db, f.leadId, f.evaluationId, { basis: 'months', monthsAfterEnd: 12 });
    } finally {
      await database.close();
    }
  }, slowCli);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a subject access export for one person, and refuses an unknown address', async () => {
    const out = join(dir, 'alice.json');
    const { stdout } = await formative('privacy', 'export', '--evaluation', f.slug, '--person', f.people.alice.email, '--out', out);
    expect(stdout).toContain(`Wrote the records held about ${f.people.alice.email} to ${out}`);
    const written = readFileSync(out, 'utf8');
    expect(written).toContain(f.people.alice.name);
    expect(written).not.toContain(f.people.bob.name);
    const unknown = await failing('privacy', 'export', '--evaluation', f.slug, '--person', 'nobody@example.org', '--out', out);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe(`formative: No one in the staff directory of ${f.slug} has the e-mail address nobody@example.org`);
  }, slowCli);

  it('lists in a dry run, deletes when run, and finds nothing the second time', async () => {
    const dry = JSON.parse((await formative('privacy', 'retention', '--evaluation', f.slug, '--dry-run', '--json')).stdout) as { applied: boolean; total: number; counts: Record<string, number> };
    expect(dry).toMatchObject({ applied: false, due: true, dueOn: '2009-03-31' });
    expect(dry.counts.directoryContactDetails).toBe(2);
    const real = await formative('privacy', 'retention', '--evaluation', f.slug);
    expect(real.stdout.split('\n')[0]).toBe(`Deleted ${dry.total} items of personal data from ${f.slug} (due 2009-03-31).`);
    const again = JSON.parse((await formative('privacy', 'retention', '--evaluation', f.slug, '--json')).stdout) as { applied: boolean; total: number };
    expect(again).toMatchObject({ applied: true, total: 0 });
    const noEvaluation = await failing('privacy', 'retention');
    expect(noEvaluation.stderr).toContain('Give --evaluation');
  }, slowCli);
});
