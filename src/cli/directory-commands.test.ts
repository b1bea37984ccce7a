import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '../../bin/formative');
// The child uses the embedded database in its own folder, whatever the test machine has set.
const { DATABASE_URL: _ignored, ...env } = process.env;
// Each run starts Node and opens the database, several seconds apiece on a small machine.
const slow = 240_000;

describe('formative directory import and check', () => {
  let dir: string;
  const formative = (...args: string[]) => run(bin, [...args, '--data', join(dir, 'data')], { env });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'formative-directory-cli-'));
    await formative('evaluation', 'create', '--title', 'Directory evaluation', '--slug', 'staff');
  }, slow);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports a messy directory and prints the counts the checks found, as JSON', async () => {
    const file = join(dir, 'staff.csv');
    writeFileSync(file, ['Name;Mail;Left on;Checked', 'John Smith;john.smith@example.org;;01/02/2006', 'Smith, John;;;01/02/2004', 'Ann Lee;ann@example.org;31/12/2005;01/06/2005', 'Bob Roe;BOB@example.org;;', 'Robert Roe;bob@example.org;;'].join('\n'));
    const { stdout } = await formative('directory', 'import', file, '--evaluation', 'staff', '--map', 'lastVerifiedOn=Checked', '--as-of', '2006-03-01', '--json');
    const result = JSON.parse(stdout) as { added: number; readAs: string; mapping: Record<string, string>; cleaning: { found: Record<string, number>; open: Record<string, number> } };
    expect(result).toMatchObject({ added: 5, readAs: 'UTF-8 text separated by semicolons', mapping: { name: 'Name', email: 'Mail', leftOn: 'Left on', lastVerifiedOn: 'Checked' } });
    expect(result.cleaning.found).toEqual({ double: 2, missing: 4, 'out-of-date': 2 });

    const { stdout: text } = await formative('directory', 'check', '--evaluation', 'staff');
    expect(text).toContain('Checked 5 entries as of 2006-03-01');
    expect(text).toContain('  double entries: 2 found, 2 to review');
  }, slow);

  it('refuses a bad row with one line naming the row and column, and stores nothing', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'Name,Email,Start date\nEve Ng,eve@example.org,31/02/2005\n');
    const failure = await formative('directory', 'import', file, '--evaluation', 'staff').then(
      () => { throw new Error('the import succeeded'); },
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure.code).toBe(1);
    expect(failure.stderr).toBe('formative: Nothing was imported. Row 2, column "Start date": "31/02/2005" is not a date: write dates like 2006-03-01 or 01/03/2006\n');
    const { stdout } = await formative('directory', 'check', '--evaluation', 'staff', '--json');
    expect((JSON.parse(stdout) as { entries: number }).entries).toBe(5);
  }, slow);
});
