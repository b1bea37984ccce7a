import { execFile, execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../../../test/app.ts';
import { backends } from '../../../../test/databases.ts';
import type { Database } from '../../../db/database.ts';
import { createEvaluation } from '../../evaluations/service.ts';
import { defaultOptions } from './options.ts';
import { exportFile, planExport } from './service.ts';
import { readAll, sampleSurvey, unzipInto } from './test-survey.ts';

const run = promisify(execFile);

function hasPspp(): boolean {
  try {
    execFileSync('pspp', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const pspp = hasPspp();
if (!pspp) console.warn('GNU PSPP is not installed: the check that the SPSS syntax runs is skipped (apt-get install pspp).');

// Appended to the exported syntax: the data written back out with labels, and with a flag for user-missing values.
const checks = `
SAVE TRANSLATE /OUTFILE='labels.csv' /TYPE=CSV /FIELDNAMES /CELLS=LABELS /REPLACE.
COMPUTE tc1_missing = MISSING(tc1).
SAVE TRANSLATE /OUTFILE='codes.csv' /TYPE=CSV /FIELDNAMES /CELLS=VALUES /REPLACE.
DISPLAY DICTIONARY /VARIABLES=tc1 role heard_email support comments started.
`;

type Row = Record<string, string>;

describe.skipIf(!pspp).each(backends)('the SPSS export run by GNU PSPP on $name', (backend) => {
  let database: Database;
  let folder: string;
  let ids: Record<string, string>;
  let output: string;
  let labels: Map<string, Row>;
  let codes: Map<string, Row>;

  beforeAll(async () => {
    database = await backend.open();
    const user = await addUser(database);
    const evaluation = await createEvaluation(database.db, user.id, { title: 'SPSS export' });
    const sample = await sampleSurvey(database.db, user.id, evaluation.id);
    ids = sample.ids;
    const plan = await planExport(database.db, evaluation.id, sample.survey.id, { ...defaultOptions, format: 'spss' }, new Date());
    folder = mkdtempSync(join(tmpdir(), 'formative-spss-'));
    const names = await unzipInto(await readAll(exportFile(database.db, plan).body), folder);
    const syntax = join(folder, names.find((n) => n.endsWith('.sps'))!);
    appendFileSync(syntax, checks);
    // PSPP reads the data file named in the syntax from the folder it runs in, as SPSS does.
    ({ stdout: output } = await run('pspp', ['-O', 'format=csv', syntax], { cwd: folder }));
    const read = (file: string) => new Map((parse(readFileSync(join(folder, file), 'utf8'), { columns: true }) as Row[]).map((r) => [r.response_id!, r]));
    labels = read('labels.csv');
    codes = read('codes.csv');
  });
  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    await database.close();
  });

  it('runs without errors or warnings and reads every response', () => {
    expect(output).not.toMatch(/error|warning/i);
    expect(labels.size).toBe(3);
  });

  it('gives variables their question wording, measurement level and missing values', () => {
    expect(output).toContain('tc1,5,Staff here see a clear need for this change.,Ordinal,Input,8,Right,F2.0,F2.0,-1; -2');
    expect(output).toMatch(/role,6,Which best describes your role\?,Nominal,.*"-2/);
    expect(output).toMatch(/support,11,How well supported do you feel\?,Scale,/);
  });

  it('labels coded answers, missing codes included', () => {
    expect(labels.get(ids.full!)).toMatchObject({ tc1: 'Agree', role: 'Management, admin "and" support', heard_email: 'Chosen', heard_meeting: 'Not chosen', manager: 'Yes' });
    expect(labels.get(ids.missing!)).toMatchObject({ tc1: 'Not relevant to my work', role: "Don't know", manager: 'Prefer not to say', support: "Don't know" });
  });

  it('treats -1 and -2 as missing values', () => {
    expect(codes.get(ids.full!)).toMatchObject({ tc1: '4', tc1_missing: '0' });
    expect(codes.get(ids.missing!)).toMatchObject({ tc1: '-1', tc1_missing: '1', role: '-2' });
  });

  it('reads free text with commas and quotes on one line, numbers and dates', () => {
    expect(codes.get(ids.full!)).toMatchObject({ comments: 'Hello, "world" second line', hours: '2.5', support: '7', started: '04/01/2019' });
    expect(codes.get(ids.sparse!)).toMatchObject({ comments: '=1+2', support: '0', manager: '0' });
  });
});
