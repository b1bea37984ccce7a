import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { backends } from '../../../test/databases.ts';
import type { Database } from '../../db/database.ts';
import { HttpError } from '../../http/errors.ts';
import { createUser, type User } from '../accounts/service.ts';
import { listAuditEntries } from '../accounts/audit.ts';
import { createEvaluation } from '../evaluations/service.ts';
import { createUnit, searchPeople } from '../organisation/service.ts';
import { commitStagedImport, getStagedImport, importDirectory, mapStagedImport, previewStagedImport, stageDirectoryFile } from './import-service.ts';

const csv = (lines: string[], eol = '\r\n') => Buffer.from(lines.join(eol), 'utf8');

async function problem(promise: Promise<unknown>): Promise<HttpError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error('expected the import to be refused');
}

describe.each(backends)('directory import on $name', (backend) => {
  let database: Database;
  let user: User;
  let evaluationId: string;
  let slugCount = 0;

  beforeAll(async () => {
    database = await backend.open();
    user = await createUser(database.db, { email: 'importer@example.org', name: 'Ann Importer', password: 'a long test password' });
  });
  afterAll(async () => {
    await database.close();
  });
  beforeEach(async () => {
    slugCount += 1;
    evaluationId = (await createEvaluation(database.db, user.id, { title: `Import ${slugCount}`, slug: `import-${slugCount}` })).id;
    await createUnit(database.db, user.id, evaluationId, { kind: 'programme', name: 'Mental health', shortName: 'MH' });
    await createUnit(database.db, user.id, evaluationId, { kind: 'programme', name: 'Older people', shortName: 'OP' });
    await createUnit(database.db, user.id, evaluationId, { kind: 'region', name: 'North West', shortName: 'NW' });
  });

  const people = async () => (await searchPeople(database.db, evaluationId, {})).people;

  it('reads UTF-8 with a byte-order mark and semicolons, guesses the mapping, previews and commits', async () => {
    const file = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), csv(['Full name;E-mail;Programme;Region;Start date', 'Zoë Brontë;zoe@example.org;MH;North West;01/04/2005', '"Smith, John";john.smith@example.org;Older people;;2004-09-01'])]);
    const staged = await stageDirectoryFile(database.db, user.id, evaluationId, { filename: 'staff.csv', content: file });
    expect(staged).toMatchObject({ readAs: 'UTF-8 text separated by semicolons', columns: ['Full name', 'E-mail', 'Programme', 'Region', 'Start date'], rowCount: 2 });
    expect(staged.mapping).toEqual({ name: 0, email: 1, unit: 2, region: 3, startedOn: 4 });
    const preview = await mapStagedImport(database.db, user.id, evaluationId, staged.id, { name: 'Full name', email: 'E-mail', unit: 'Programme', region: 'Region', startedOn: 'Start date' });
    expect(preview).toMatchObject({ rows: 2, new: 2, changed: 0, unchanged: 0, notInFile: 0 });
    expect(preview.firstRows[0]).toEqual({ line: 2, status: 'new', values: { name: 'Zoë Brontë', email: 'zoe@example.org', unit: 'Mental health', region: 'North West', startedOn: '2005-04-01' } });
    expect(await people()).toEqual([]);
    const result = await commitStagedImport(database.db, user.id, evaluationId, staged.id);
    expect(result).toMatchObject({ added: 2, changed: 0 });
    expect((await people()).map((p) => [p.name, p.unitName, p.regionName, p.startedOn])).toEqual([
      ['Smith, John', 'Older people', null, '2004-09-01'],
      ['Zoë Brontë', 'Mental health', 'North West', '2005-04-01'],
    ]);
    await expect(getStagedImport(database.db, user.id, evaluationId, staged.id), 'the staged rows are deleted at the commit').rejects.toThrow('Uploaded directory not found');
    const audit = await listAuditEntries(database.db, evaluationId);
    expect(audit.entries[0]!.detail).toMatchObject({ filename: 'staff.csv', added: 2 });
  });

  it('reads Windows-1252 text separated by tabs, and an Excel workbook', async () => {
    const latin = Buffer.from('Name\tEmail\nRen\xe9e M\xfcller\trenee@example.org\n', 'latin1');
    const staged = await stageDirectoryFile(database.db, user.id, evaluationId, { filename: 'old.txt', content: latin });
    expect(staged.readAs).toBe('Windows-1252 text separated by tabs');
    expect(staged.sample).toEqual([['Renée Müller', 'renee@example.org']]);

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Staff');
    sheet.addRow(['Name', 'Email', 'Left']);
    sheet.addRow(['Ann Lee', { text: 'ann@example.org', hyperlink: 'mailto:ann@example.org' }, new Date(Date.UTC(2005, 11, 31))]);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const result = await importDirectory(database.db, user.id, evaluationId, { filename: 'staff.xlsx', content: xlsx, mapping: { leftOn: 'Left' } });
    expect(result).toMatchObject({ readAs: 'an Excel workbook', added: 1, mapping: { name: 'Name', email: 'Email', leftOn: 'Left' } });
    expect((await people()).map((p) => [p.name, p.email, p.leftOn])).toEqual([['Ann Lee', 'ann@example.org', '2005-12-31']]);
  });

  it('refuses an unmapped name, bad dates, e-mails and units, naming row and column, and stores nothing', async () => {
    const file = csv(['Who,Mail,Unit,Started', 'Ann Lee,ann@example.org,MH,2005-02-30', 'Bob Roe,bob@,Nowhere,1 March 2005', ',c@example.org,OP,']);
    const staged = await stageDirectoryFile(database.db, user.id, evaluationId, { filename: 'bad.csv', content: file });
    const unmapped = await problem(mapStagedImport(database.db, user.id, evaluationId, staged.id, { email: 'Mail' }));
    expect(unmapped.fields).toEqual([{ field: 'name', message: "Choose the column that holds people's names: Name is required" }]);
    const rows = await problem(mapStagedImport(database.db, user.id, evaluationId, staged.id, { name: 'Who', email: 'Mail', unit: 'Unit', startedOn: 'Started' }));
    expect(rows.fields.map((f) => f.message)).toEqual([
      'Row 2, column "Started": "2005-02-30" is not a date: write dates like 2006-03-01 or 01/03/2006',
      'Row 3, column "Mail": "bob@" is not an e-mail address',
      'Row 3, column "Unit": there is no unit called "Nowhere": add it on the Organisation page, or correct the file',
      'Row 4, column "Who": the name is blank: every row needs a name',
    ]);
    expect(rows.message).toMatch(/^Nothing was imported\. Row 2, column "Started"/);
    await expect(previewStagedImport(database.db, user.id, evaluationId, staged.id)).rejects.toThrow('Choose which column holds what');
    await expect(commitStagedImport(database.db, user.id, evaluationId, staged.id)).rejects.toThrow();
    expect(await people()).toEqual([]);
  });

  it('refuses files it cannot read, saying why', async () => {
    const refuse = async (content: Buffer) => (await problem(stageDirectoryFile(database.db, user.id, evaluationId, { filename: 'x', content }))).message;
    expect(await refuse(Buffer.alloc(0))).toBe('The file is empty');
    expect(await refuse(Buffer.from('PK\x03\x04 not really a workbook'))).toMatch(/cannot be read as an Excel workbook/);
    expect(await refuse(csv(['Name,Email', '"Ann Lee,ann@example.org']))).toBe('The file cannot be read as CSV at line 2: a value opened with a quote mark is never closed');
    expect(await refuse(csv(['Name,Email']))).toBe('The file has a header row but no people under it');
    expect(await refuse(csv(['Name,Email', 'Ann,a@example.org,extra']))).toBe('Row 2 has a value in column 3, but the header row names only 2 columns');
  });

  it('keeps an upload to the user who sent it', async () => {
    const other = await createUser(database.db, { email: `other${slugCount}@example.org`, name: 'Other', password: 'a long test password' });
    const staged = await stageDirectoryFile(database.db, user.id, evaluationId, { filename: 'a.csv', content: csv(['Name', 'Ann Lee']) });
    await expect(getStagedImport(database.db, other.id, evaluationId, staged.id)).rejects.toThrow('Uploaded directory not found');
  });

  it('matches a re-imported directory by identifier, e-mail or name and unit, and shows what changed', async () => {
    await importDirectory(database.db, user.id, evaluationId, {
      filename: 'v1.csv',
      content: csv(['Staff no,Name,Email,Unit,Job title', 'S1,Ann Lee,ann@example.org,MH,Analyst', ',Bob Roe,bob@example.org,OP,Manager', ',Cat Day,,MH,Officer', 'S4,Dan Fox,dan@example.org,OP,Clerk']),
    });
    const staged = await stageDirectoryFile(database.db, user.id, evaluationId, {
      filename: 'v2.csv',
      content: csv(['Staff no,Name,Email,Unit,Job title', 'S1,Ann Lee,ann.lee@example.org,MH,Senior analyst', ',Bob Roe,BOB@example.org,OP,', ',Cat Day,cat@example.org,MH,Officer', ',Eve Ng,eve@example.org,OP,Clerk']),
    });
    const preview = await mapStagedImport(database.db, user.id, evaluationId, staged.id, { externalId: 'Staff no', name: 'Name', email: 'Email', unit: 'Unit', jobTitle: 'Job title' });
    expect(preview).toMatchObject({ rows: 4, new: 1, changed: 3, unchanged: 0, notInFile: 1, notInFileNames: ['Dan Fox'] });
    expect(preview.changes).toEqual([
      { line: 2, name: 'Ann Lee', matchedBy: 'identifier', changes: [{ field: 'E-mail address', from: 'ann@example.org', to: 'ann.lee@example.org' }, { field: 'Job title', from: 'Analyst', to: 'Senior analyst' }] },
      { line: 3, name: 'Bob Roe', matchedBy: 'e-mail', changes: [{ field: 'E-mail address', from: 'bob@example.org', to: 'BOB@example.org' }] },
      { line: 4, name: 'Cat Day', matchedBy: 'name and unit', changes: [{ field: 'E-mail address', from: '(blank)', to: 'cat@example.org' }] },
    ]);
    const result = await commitStagedImport(database.db, user.id, evaluationId, staged.id);
    expect(result).toMatchObject({ added: 1, changed: 3, notInFile: 1 });
    const after = await people();
    expect(after.map((p) => [p.name, p.email, p.jobTitle])).toEqual([
      ['Ann Lee', 'ann.lee@example.org', 'Senior analyst'],
      ['Bob Roe', 'BOB@example.org', 'Manager'],
      ['Cat Day', 'cat@example.org', 'Officer'],
      ['Dan Fox', 'dan@example.org', 'Clerk'],
      ['Eve Ng', 'eve@example.org', 'Clerk'],
    ]);
  });
});
