import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failingIn, formativeIn, slowCli } from '../../test/cli.ts';
import { openEmbeddedDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { createUser } from '../modules/accounts/service.ts';
import { addPeriod, createEvaluation } from '../modules/evaluations/service.ts';
import { addPeople, createUnit } from '../modules/organisation/service.ts';


interface Report {
  id: string;
  size: number;
  seed: string;
  frameSize: number;
  excludedCount: number;
  strata: { stratum: string; allocated: number; drawn: number }[];
}

describe('formative sample frame and sample draw', () => {
  let dir: string;
  const formative = (...args: string[]) => formativeIn(dir, ...args);
  const failing = (...args: string[]) => failingIn(dir, ...args);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'formative-sample-cli-'));
    // A directory of 60 staff in two programmes, one of whom has left, made straight in the data folder.
    const database = await openEmbeddedDatabase(join(dir, 'data'));
    try {
      await migrate(database);
      const db = database.db;
      const lead = await createUser(db, { email: 'lead@example.org', name: 'Lead', password: 'a long test password' });
      const evaluation = await createEvaluation(db, lead.id, { title: 'Sampling by command', slug: 'cli' });
      const root = await createUnit(db, lead.id, evaluation.id, { kind: 'organisation', name: 'Partnership' });
      const big = await createUnit(db, lead.id, evaluation.id, { kind: 'programme', name: 'Mental health', parentId: root.id });
      const small = await createUnit(db, lead.id, evaluation.id, { kind: 'programme', name: 'Children', parentId: root.id });
      await addPeriod(db, lead.id, 'waves', evaluation.id, { name: 'Year 1', startsOn: '2006-05-01' });
      await addPeople(db, lead.id, evaluation.id, Array.from({ length: 61 }, (_, i) => ({
        name: `Person ${i + 1}`,
        email: i % 10 === 0 ? null : `p${i + 1}@example.org`,
        unitId: i < 40 ? big.id : small.id,
        leftOn: i === 60 ? '2006-01-01' : null,
      })));
    } finally {
      await database.close();
    }
  }, slowCli);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('freezes a frame, draws a pilot and a stratified main sample leaving the pilot out, and prints the reports', async () => {
    const frozen = await formative('sample', 'frame', '--evaluation', 'cli', '--name', 'Year 1 frame', '--wave', 'year 1', '--as-of', '2006-05-01', '--json');
    const frame = JSON.parse(frozen.stdout) as { id: string; size: number; waveName: string; leftOut: Record<string, number> };
    expect(frame).toMatchObject({ size: 60, waveName: 'Year 1', leftOut: { merged: 0, left: 1, noEmail: 0 } });

    const pilot = JSON.parse((await formative('sample', 'draw', '--frame', frame.id, '--size', '10', '--seed', '30', '--purpose', 'pilot', '--json')).stdout) as Report;
    expect(pilot).toMatchObject({ size: 10, seed: '30', frameSize: 60 });
    const again = JSON.parse((await formative('sample', 'draw', '--frame', frame.id, '--size', '10', '--seed', '30', '--purpose', 'pilot', '--json')).stdout) as Report;
    expect(again.id).not.toBe(pilot.id);

    const main = await formative('sample', 'draw', '--frame', frame.id, '--size', '50', '--seed', '400', '--stratify', 'programme', '--exclude', pilot.id, '--name', 'Main');
    const lines = main.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Drew "Main" \(id [0-9a-f-]{36}\) from "Year 1 frame": stratified by programme, proportional allocation \(largest remainder\), seed 400\.$/);
    expect(lines[1]).toBe('Frame size 60; in earlier samples 10; available 50; sample size 50.');
    expect(lines[2]).toMatch(/^Stratum +In frame +Left out +Available +Allocated +Drawn +Fraction$/);
    expect(lines.slice(3).map((l) => l.split(/ {2,}/)[0])).toEqual(['Children', 'Mental health']);

    const fixed = JSON.parse((await formative('sample', 'draw', '--frame', frame.id, '--size', '25', '--seed', '1', '--stratify', 'programme', '--allocation', 'fixed', '--json')).stdout) as Report;
    expect(fixed.strata.map((s) => [s.stratum, s.allocated, s.drawn])).toEqual([['Children', 25, 20], ['Mental health', 25, 25]]);
  }, slowCli * 5);

  it('exits non-zero with one line for a size larger than the frame, a bad seed or an unknown frame, and stores nothing', async () => {
    const frame = JSON.parse((await formative('sample', 'frame', '--evaluation', 'cli', '--name', 'Errors frame', '--require-email', '--json')).stdout) as { id: string; size: number };
    expect(frame.size).toBe(54);
    const tooBig = await failing('sample', 'draw', '--frame', frame.id, '--size', '55', '--seed', '1');
    expect(tooBig.code).toBe(1);
    expect(tooBig.stderr.trim()).toBe('formative: Sample size must be 54 or fewer: the frame has 54 people');
    const badSeed = await failing('sample', 'draw', '--frame', frame.id, '--size', '5', '--seed', '1.5');
    expect(badSeed.stderr.trim()).toBe('formative: seed: Seed must be a whole number, like 2006');
    const unknown = await failing('sample', 'draw', '--frame', '00000000-0000-4000-8000-000000000000', '--size', '5', '--seed', '1');
    expect(unknown.stderr.trim()).toBe('formative: No sampling frame with id 00000000-0000-4000-8000-000000000000');
    const noSeed = await failing('sample', 'draw', '--frame', frame.id, '--size', '5');
    expect(noSeed.stderr).toMatch(/^formative: Give a seed with --seed N/);
    const duplicate = await failing('sample', 'frame', '--evaluation', 'cli', '--name', 'errors FRAME');
    expect(duplicate.stderr.trim()).toBe('formative: There is already a frame called errors FRAME: give this one another name');
    const drawn = JSON.parse((await formative('sample', 'draw', '--frame', frame.id, '--size', '54', '--seed', '9', '--json')).stdout) as Report;
    expect(drawn.size).toBe(54);
  }, slowCli * 5);
});
