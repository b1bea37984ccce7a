import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failingIn, formativeIn, slowCli } from '../../test/cli.ts';

const fixtures = join(import.meta.dirname, '../../../shared/fixtures/limesurvey');


describe('formative survey import and survey list', () => {
  let dir: string;
  const formative = (...args: string[]) => formativeIn(dir, ...args);
  const failing = (...args: string[]) => failingIn(dir, ...args);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'formative-survey-cli-'));
    await formative('evaluation', 'create', '--title', 'Staff survey evaluation', '--slug', 'staff');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports a .lss and prints the counts and what was not imported', async () => {
    const { stdout } = await formative('survey', 'import', join(fixtures, 'likert50.lss'), '--evaluation', 'staff', '--purpose', 'pilot');
    expect(stdout).toContain('Imported "Change programme evaluation (anchor)": 4 pages, 52 questions (50 likert, 2 text), 0 conditions');
    expect(stdout).toContain('Not imported (1):');
    expect(stdout).toContain('  text description: The survey description');
    expect(stdout).toMatch(/it is a draft/);
  }, slowCli);

  it('imports a REDCap dictionary as JSON output', async () => {
    const csv = join(dir, 'team_pulse.csv');
    writeFileSync(csv, 'Variable / Field Name,Form Name,Field Type,Field Label,"Choices, Calculations, OR Slider Labels",Branching Logic (Show field only if...)\nrecord_id,pulse,text,ID,,\nteam,pulse,radio,Which team?,"1, Red | 2, Blue",\nscore,pulse,calc,Score,[team]*2,\n');
    const { stdout } = await formative('survey', 'import', csv, '--evaluation', 'staff', '--json');
    const result = JSON.parse(stdout) as { survey: { title: string; purpose: string }; report: { imported: { questions: number }; notImported: { element: string; name: string }[] } };
    expect(result.survey).toMatchObject({ title: 'team pulse', purpose: 'main' });
    expect(result.report.imported.questions).toBe(1);
    expect(result.report.notImported.map((i) => `${i.element} ${i.name}`)).toEqual(['field record_id', 'field score']);
  }, slowCli);

  it('lists the surveys with purpose, status, code and responses', async () => {
    const { stdout } = await formative('survey', 'list', '--evaluation', 'staff', '--json');
    const rows = JSON.parse(stdout) as { title: string; purpose: string; status: string; publicCode: string; complete: number; partial: number }[];
    expect(rows.map((r) => [r.title, r.purpose, r.status, r.complete, r.partial])).toEqual([
      ['Change programme evaluation (anchor)', 'pilot', 'draft', 0, 0],
      ['team pulse', 'main', 'draft', 0, 0],
    ]);
    expect(rows[0]!.publicCode).toMatch(/^[a-z2-9]{8}$/);
    const text = (await formative('survey', 'list', '--evaluation', 'staff')).stdout;
    expect(text).toMatch(new RegExp(`^[0-9a-f-]{36} +${rows[0]!.publicCode} +draft +pilot +0 complete, 0 partial +Change programme evaluation \\(anchor\\)$`, 'm'));
  }, slowCli);

  it('exits non-zero with one line for a file that cannot be read, and creates nothing', async () => {
    const bad = join(dir, 'broken.lss');
    writeFileSync(bad, '<?xml version="1.0"?>\n<document><LimeSurveyDocType>Survey</LimeSurveyDocType>');
    const broken = await failing('survey', 'import', bad, '--evaluation', 'staff');
    expect(broken.code).toBe(1);
    expect(broken.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^formative: The file ends on line 2 before the LimeSurvey document is closed/)]);
    const listed = JSON.parse((await formative('survey', 'list', '--evaluation', 'staff', '--json')).stdout) as unknown[];
    expect(listed).toHaveLength(2);
  }, slowCli);

  it('exits non-zero with one line for an unknown kind, a missing file, a wrong purpose or evaluation', async () => {
    const text = await failing('survey', 'import', join(dir, 'notes.txt'), '--evaluation', 'staff');
    expect(text.code).toBe(1);
    expect(text.stderr.trim()).toBe(`formative: ${join(dir, 'notes.txt')} is neither a .lss (LimeSurvey survey structure) nor a .csv (REDCap data dictionary) file`);
    const missing = await failing('survey', 'import', join(dir, 'absent.lss'), '--evaluation', 'staff');
    expect(missing.stderr.trim()).toBe(`formative: Cannot read ${join(dir, 'absent.lss')}: there is no such file`);
    const purpose = await failing('survey', 'import', join(fixtures, 'likert50.lss'), '--evaluation', 'staff', '--purpose', 'final');
    expect(purpose.stderr.trim()).toBe('formative: --purpose must be one of pretest, pilot, main, not "final"');
    const nowhere = await failing('survey', 'list', '--evaluation', 'nowhere');
    expect(nowhere.stderr.trim()).toBe('formative: No evaluation with id or short name nowhere');
  }, slowCli);
});
