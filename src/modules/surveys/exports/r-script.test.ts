import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../../../test/app.ts';
import { backends } from '../../../../test/databases.ts';
import type { Database } from '../../../db/database.ts';
import { createEvaluation } from '../../evaluations/service.ts';
import { defaultOptions } from './options.ts';
import { exportFile, planExport } from './service.ts';
import { readAll, sampleSurvey, unzipInto } from './test-survey.ts';

const run = promisify(execFile);

function hasRscript(): boolean {
  try {
    execFileSync('Rscript', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const rscript = hasRscript();
if (!rscript) console.warn('Rscript is not installed: the check that R reads the export with its labels is skipped (apt-get install r-base-core).');

// Sources the exported script from its own folder and prints what R made of each column, one fact a line.
const inspect = (script: string, ids: Record<string, string>) => `
source(${JSON.stringify(script)}, chdir = TRUE)
row <- function(id) responses[responses$response_id == id, ]
full <- row(${JSON.stringify(ids.full)}); missing <- row(${JSON.stringify(ids.missing)})
show <- function(key, value) cat(key, "\\t", paste(value, collapse = "|"), "\\n", sep = "")
show("rows", nrow(responses))
show("tc1.class", class(responses$tc1))
show("tc1.levels", levels(responses$tc1))
show("tc1.label", attr(responses$tc1, "label"))
show("tc1.full", as.character(full$tc1)); show("tc1.missing", is.na(missing$tc1))
show("role.levels", levels(responses$role)); show("role.full", as.character(full$role)); show("role.missing", is.na(missing$role))
show("heard_email.full", as.character(full$heard_email)); show("heard_meeting.missing", as.character(missing$heard_meeting))
show("manager.full", as.character(full$manager)); show("manager.missing", is.na(missing$manager))
show("support.class", class(responses$support)); show("support.full", full$support); show("support.missing", is.na(missing$support))
show("hours.full", full$hours)
show("comments.full", gsub("\\n", "<newline>", full$comments))
show("started.class", class(responses$started)); show("started.full", format(full$started))
`;

describe.skipIf(!rscript).each(backends)('the R export read by R on $name', (backend) => {
  let database: Database;
  let folder: string;
  let facts: Map<string, string>;

  beforeAll(async () => {
    database = await backend.open();
    const user = await addUser(database);
    const evaluation = await createEvaluation(database.db, user.id, { title: 'R export' });
    const { survey, ids } = await sampleSurvey(database.db, user.id, evaluation.id);
    const plan = await planExport(database.db, evaluation.id, survey.id, { ...defaultOptions, format: 'r' }, new Date());
    folder = mkdtempSync(join(tmpdir(), 'formative-r-'));
    const names = await unzipInto(await readAll(exportFile(database.db, plan).body), folder);
    const script = join(folder, names.find((n) => n.endsWith('.R'))!);
    const { stdout } = await run('Rscript', ['--vanilla', '-e', inspect(script, ids)]);
    facts = new Map(stdout.trim().split('\n').map((line) => line.split('\t') as [string, string]));
  });
  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    await database.close();
  });

  it('reads every response with its question wording as the label', () => {
    expect(facts.get('rows')).toBe('3');
    expect(facts.get('tc1.label')).toBe('Staff here see a clear need for this change.');
  });

  it('turns Likert items into ordered factors with their labels, and missing codes into NA', () => {
    expect(facts.get('tc1.class')).toBe('ordered|factor');
    expect(facts.get('tc1.levels')).toBe('Strongly disagree|Disagree|Neither agree nor disagree|Agree|Strongly agree');
    expect(facts.get('tc1.full')).toBe('Agree');
    expect(facts.get('tc1.missing')).toBe('TRUE');
  });

  it('labels single choice, multiple choice and yes/no answers', () => {
    expect(facts.get('role.levels')).toBe('Nursing|Social work|Management, admin "and" support');
    expect(facts.get('role.full')).toBe('Management, admin "and" support');
    expect(facts.get('role.missing')).toBe('TRUE');
    expect(facts.get('heard_email.full')).toBe('Chosen');
    expect(facts.get('heard_meeting.missing')).toBe('Not chosen');
    expect(facts.get('manager.full')).toBe('Yes');
    expect(facts.get('manager.missing')).toBe('TRUE');
  });

  it('keeps numbers, free text and dates as such', () => {
    expect(facts.get('support.class')).toBe('numeric');
    expect(facts.get('support.full')).toBe('7');
    expect(facts.get('support.missing')).toBe('TRUE');
    expect(facts.get('hours.full')).toBe('2.5');
    expect(facts.get('comments.full')).toBe('Hello, "world"<newline>second line');
    expect(facts.get('started.class')).toBe('Date');
    expect(facts.get('started.full')).toBe('2019-04-01');
  });
});
