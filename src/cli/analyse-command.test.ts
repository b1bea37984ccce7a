import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { buildFixture, fixtureUser, type Fixture } from '../modules/results/test-fixture.ts';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '../../bin/formative');
const { DATABASE_URL: _ignored, ...env } = process.env;

/** `formative analyse` on an embedded data folder holding two waves of the analysis fixture. */
describe('formative analyse', () => {
  let dataDir = '';
  let fixture: Fixture;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'formative-analyse-cli-'));
    const database = await openEmbeddedDatabase(dataDir);
    await migrate(database);
    fixture = await buildFixture(database.db, (await fixtureUser(database.db, 'Lead')).id);
    await database.close();
  }, 120_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints scale scores, alpha, descriptives by programme and comparisons as one JSON document', async () => {
    const { stdout } = await run(bin, ['analyse', fixture.surveyIds[0]!, '--by', 'programme', '--json', '--data', dataDir], { env });
    const result = JSON.parse(stdout) as { respondents: number; scales: { id: string; alpha: { raw: number }; groups: { key: string; n: number }[] }[]; comparisons: { scale: string; test: string; pHolm: number }[] };
    expect(result.respondents).toBe(40);
    expect(result.scales.map((s) => s.id)).toEqual(['tension_for_change', 'time_resources']);
    expect(result.scales[0]!.alpha.raw).toBeGreaterThan(0);
    // The command line is the team's own tool: every group is shown, CAT's three people too.
    expect(result.scales[1]!.groups.find((g) => g.key === 'CAT')!.n).toBe(3);
    expect(result.comparisons.map((c) => c.test)).toEqual(["Welch's ANOVA", "Welch's ANOVA"]);
  }, 120_000);

  it('prints a table for people, one scale with --scale', async () => {
    const { stdout } = await run(bin, ['analyse', fixture.surveyIds[1]!, '--scale', 'time', '--data', dataDir], { env });
    expect(stdout).toContain('Staff survey year 2');
    expect(stdout).toMatch(/Dedicated time and resources\s+\d+\s+\d\.\d\d/);
    expect(stdout).not.toContain('Tension for change');
  }, 120_000);

  it('says in one line what to fix for a grouping the survey does not have, and exits non-zero', async () => {
    const failure = await run(bin, ['analyse', fixture.surveyIds[0]!, '--by', 'shoe_size', '--data', dataDir], { env }).catch((error: { code: number; stderr: string }) => error);
    expect('code' in failure && failure.code).not.toBe(0);
    expect((failure as { stderr: string }).stderr.trim()).toMatch(/^.*Group by one of: programme, wave$/m);
  }, 120_000);
});
