import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresUrl } from '../../test/databases.ts';
import { openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { createUser } from '../modules/accounts/service.ts';
import { createEvaluation } from '../modules/evaluations/service.ts';
import { sampleSurvey } from '../modules/surveys/exports/test-survey.ts';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '../../bin/formative');
const { DATABASE_URL: _ignored, ...baseEnv } = process.env;

/** Where the command finds its data: a folder for the embedded database, or a fresh database on the test server. */
interface Place {
  env: NodeJS.ProcessEnv;
  args: string[];
  databaseUrl?: string;
  dataDir: string;
  cleanUp(): Promise<void>;
}

async function embedded(): Promise<Place> {
  const dataDir = mkdtempSync(join(tmpdir(), 'formative-export-cli-'));
  return { env: baseEnv, args: ['--data', dataDir], dataDir, cleanUp: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

async function server(serverUrl: string): Promise<Place> {
  const name = `formative_export_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    env: { ...baseEnv, DATABASE_URL: url.toString() },
    args: [],
    databaseUrl: url.toString(),
    dataDir: 'unused',
    async cleanUp() {
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

const serverUrl = postgresUrl;
const places = [{ name: 'embedded', make: embedded }, ...(serverUrl ? [{ name: 'postgres', make: () => server(serverUrl) }] : [])];

describe.each(places)('formative export responses ($name)', ({ make }) => {
  let place: Place;
  let out: string;
  let survey: { id: string; publicCode: string };
  let ids: Record<string, string>;

  beforeAll(async () => {
    place = await make();
    out = mkdtempSync(join(tmpdir(), 'formative-export-out-'));
    const database = await openDatabase({ databaseUrl: place.databaseUrl, dataDir: place.dataDir });
    try {
      await migrate(database);
      const user = await createUser(database.db, { email: 'ann@example.org', name: 'Ann', password: 'a long test password' });
      const evaluation = await createEvaluation(database.db, user.id, { title: 'Command line', slug: 'cli' });
      ({ survey, ids } = await sampleSurvey(database.db, user.id, evaluation.id));
    } finally {
      await database.close();
    }
  });
  afterAll(async () => {
    rmSync(out, { recursive: true, force: true });
    await place?.cleanUp();
  });

  const formative = (...args: string[]) => run(bin, ['export', 'responses', ...args, ...place.args], { env: place.env });
  const failure = async (...args: string[]) => {
    const error = (await formative(...args).then(() => undefined, (e: unknown) => e)) as { code: number; stderr: string } | undefined;
    if (!error) throw new Error(`formative export responses ${args.join(' ')} succeeded`);
    return error;
  };

  it('writes a CSV and says what it wrote, as JSON with --json', async () => {
    const file = join(out, 'responses.csv');
    const { stdout } = await formative(survey.id, '--evaluation', 'cli', '--format', 'csv', '--out', file, '--include-partial', '--json');
    expect(JSON.parse(stdout)).toEqual({ survey: survey.id, format: 'csv', responses: 4, files: [file] });
    const text = readFileSync(file, 'utf8');
    expect(text.trimEnd().split('\r\n')).toHaveLength(1 + 4);
    expect(text).toContain(`${ids.missing},complete,main,1,-1,-2,0,0,0,-1,-2,,,`);
  });

  it('writes labels, and finds the survey by the code in its link', async () => {
    const file = join(out, 'labels.csv');
    const { stdout } = await formative(survey.publicCode, '--evaluation', 'cli', '--format', 'csv', '--labels', '--include-pretest', '--out', file);
    expect(stdout.trim()).toBe(`Wrote 4 responses to ${file}.`);
    expect(readFileSync(file, 'utf8')).toContain(`${ids.pretest},complete,pretest,1,Strongly agree,Nursing,`);
  });

  it('writes the SPSS syntax and its data side by side, the syntax naming the data file', async () => {
    const { stdout } = await formative(survey.id, '--evaluation', 'cli', '--format', 'spss', '--out', join(out, 'staff.sps'));
    expect(stdout.trim()).toBe(`Wrote 3 responses to ${join(out, 'staff.sps')} and ${join(out, 'staff.csv')}.`);
    expect(readFileSync(join(out, 'staff.sps'), 'utf8')).toContain("FILE HANDLE responses /NAME='staff.csv'.");
    expect(readFileSync(join(out, 'staff.csv'), 'utf8')).toContain('"Hello, ""world"" second line"');
  });

  it('writes the R script and data beside each other, or one ZIP when --out ends in .zip', async () => {
    await formative(survey.id, '--evaluation', 'cli', '--format', 'r', '--out', join(out, 'analysis.R'));
    expect(readFileSync(join(out, 'analysis.R'), 'utf8')).toContain('data_file <- "analysis.csv"');
    expect(existsSync(join(out, 'analysis.csv'))).toBe(true);
    await formative(survey.id, '--evaluation', 'cli', '--format', 'r', '--out', join(out, 'bundle.zip'));
    expect(readFileSync(join(out, 'bundle.zip')).subarray(0, 2).toString()).toBe('PK');
  });

  it('writes an Excel workbook and a codebook', async () => {
    await formative(survey.id, '--evaluation', 'cli', '--format', 'xlsx', '--out', join(out, 'responses.xlsx'));
    expect(readFileSync(join(out, 'responses.xlsx')).subarray(0, 2).toString()).toBe('PK');
    const { stdout } = await formative(survey.id, '--evaluation', 'cli', '--format', 'codebook', '--out', join(out, 'codebook.csv'));
    expect(stdout.trim()).toBe(`Wrote the codebook of 10 variables to ${join(out, 'codebook.csv')}.`);
    expect(readFileSync(join(out, 'codebook.csv'), 'utf8')).toContain('tc1,Staff here see a clear need for this change.,Your work,');
  });

  it('says in one line what is wrong, and leaves no file behind', async () => {
    const cases: [string[], string][] = [
      [['nosuchsurvey', '--evaluation', 'cli', '--format', 'csv', '--out', join(out, 'x.csv')], 'formative: No survey with id or link code nosuchsurvey in evaluation cli'],
      [[survey.id, '--evaluation', 'nowhere', '--format', 'csv', '--out', join(out, 'x.csv')], 'formative: No evaluation with id or short name nowhere'],
      [[survey.id, '--evaluation', 'cli', '--format', 'sav', '--out', join(out, 'x.csv')], 'formative: --format must be one of csv, xlsx, spss, r, codebook, not "sav"'],
      [[survey.id, '--evaluation', 'cli', '--format', 'csv', '--out', join(out, 'missing-folder', 'x.csv')], `formative: Cannot write ${join(out, 'missing-folder', 'x.csv')}: its folder does not exist`],
      [[survey.id, '--evaluation', 'cli', '--format', 'csv'], 'formative: Give --out with the file to write, like --out staff-survey.csv'],
    ];
    for (const [args, message] of cases) {
      const error = await failure(...args);
      expect(error.code).toBe(1);
      expect(error.stderr.trim()).toBe(message);
    }
    expect(existsSync(join(out, 'x.csv'))).toBe(false);
  });
  // Each case starts the command line afresh, which takes seconds on a busy machine.
}, { timeout: 180_000 });
