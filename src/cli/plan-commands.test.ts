import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failingIn, formativeIn, slowCli } from '../../test/cli.ts';


describe('formative plans import and documents add', () => {
  let dir: string;
  const formative = (...args: string[]) => formativeIn(dir, ...args);
  const failing = (...args: string[]) => failingIn(dir, ...args);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'formative-plans-cli-'));
    await formative('evaluation', 'create', '--title', 'Plans by command', '--slug', 'plans');
  }, slowCli);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a file with bad rows and unmatched names, one line first, storing nothing, and a --map to a unit that does not exist', async () => {
    const file = join(dir, 'plans.csv');
    writeFileSync(file, 'plan,plan year,workstream,deliverable,programmes\nPlan A,2005/06,W1,Guidance,Older People\nPlan A,2005/7,W1,More,\n');
    const refused = await failing('plans', 'import', file, '--evaluation', 'plans');
    expect(refused.code).toBe(1);
    const lines = refused.stderr.trim().split('\n');
    expect(lines[0]).toBe('formative: plans.csv: 1 problem in the rows and 1 name not matched to a unit. Nothing was imported. Map each name with --map "NAME=UNIT", or correct the rows.');
    expect(lines).toContain('  Row 3, plan year: "2005/7" is not a plan year: write it like 2005/06');

    writeFileSync(file, 'plan,plan year,workstream,deliverable,programmes\nPlan A,2005/06,W1,Guidance,Older People\n');
    const unknownUnit = await failing('plans', 'import', file, '--evaluation', 'plans', '--map', 'Older People=Nowhere');
    expect(unknownUnit.stderr).toContain('"Nowhere" is not one of the organisation\'s units');
    const noUnits = await failing('plans', 'import', file, '--evaluation', 'plans', '--json');
    expect(JSON.parse(noUnits.stdout)).toEqual({ error: 'plans.csv: 1 name not matched to a unit. Nothing was imported. Map each name with --map "NAME=UNIT", or correct the rows.' });
  }, slowCli);

  it('adds a web page with its text, and refuses a file that is no document', async () => {
    const page = join(dir, 'page.html');
    writeFileSync(page, '<!DOCTYPE html><html><body><p>Our regional offer</p></body></html>');
    const { stdout } = await formative('documents', 'add', page, '--evaluation', 'plans', '--kind', 'web-page', '--title', 'Offer', '--address', 'https://example.org/offer', '--accessed-on', '2006-09-12', '--json');
    expect(JSON.parse(stdout)).toMatchObject({ title: 'Offer', mediaType: 'text/html', hasText: true, accessedOn: '2006-09-12' });
    const other = join(dir, 'notes.pdf');
    writeFileSync(other, 'just words');
    const refused = await failing('documents', 'add', other, '--evaluation', 'plans', '--kind', 'report', '--title', 'Notes');
    expect(refused.stderr.split('\n')[0]).toBe('formative: notes.pdf: the file is not a PDF, a Word document (.docx) or a web page (HTML); a .doc from older versions of Word must be saved as .docx first. Nothing was added.');
    const badKind = await failing('documents', 'add', page, '--evaluation', 'plans', '--kind', 'memo', '--title', 'X');
    expect(badKind.stderr).toContain('--kind must be one of business-plan, management-plan, leaflet, poster, web-page, report, minutes, other, not "memo"');
  }, slowCli);
});
