import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../../test/databases.ts';
import type { Database } from '../../../db/database.ts';
import { frameworkMatrix, matrixCell, matrixForExport, saveMatrixSummary } from './matrix.ts';
import { matrixDocument } from './matrix-docx.ts';
import { matrixWorkbook } from './matrix-xlsx.ts';
import { buildTestProject, type TestProject } from './test-project.ts';

describe.each(backends)('framework matrix on $name', (backend) => {
  let database: Database;
  let project: TestProject;
  beforeAll(async () => {
    database = await backend.open();
    project = await buildTestProject(database);
    const { tension, time, funding, advocacy, outer } = project.codes;
    await project.code('SM01', 'real tension for change after the review', tension);
    await project.code('SM01', 'We had no dedicated time for the work', time, { valence: 'inhibiting' });
    await project.code('SM01', 'the funding was cut twice', funding, { valence: 'inhibiting' });
    await project.code('SM02', 'that support and advocacy carried us', advocacy, { valence: 'facilitating' });
    await project.code('SM02', 'Funding stayed with the largest programme', funding);
    await project.code('SM03', 'The tension for change faded', tension, { valence: 'inhibiting' });
    await project.code('EX01', 'strong advocacy from the chief executive', advocacy);
    await project.code('EX01', 'From the council', outer);
    // A document has no participant: it belongs to no row.
    await project.code('plan', 'protect dedicated time for improvement work', time);
  });
  afterAll(() => database.close());

  const grid = (matrix: Awaited<ReturnType<typeof frameworkMatrix>>) =>
    Object.fromEntries(matrix.rows.map((row, r) => [row.label, Object.fromEntries(matrix.columns.map((c, i) => [c.name, matrix.cells[r]![i]!.segments]))]));

  it('counts segments by role category for the constructs under a code, sub-codes included', async () => {
    const matrix = await frameworkMatrix(database.db, project.evaluationId, { rows: 'roles', parent: project.codes.inner.id }, null);
    expect(matrix.columns.map((c) => c.name)).toEqual(['Tension for change', 'Dedicated time and resources', 'Support and advocacy']);
    expect(grid(matrix)).toEqual({
      'Chief executive': { 'Tension for change': 1, 'Dedicated time and resources': 2, 'Support and advocacy': 0 },
      'Programme lead': { 'Tension for change': 1, 'Dedicated time and resources': 1, 'Support and advocacy': 1 },
      External: { 'Tension for change': 0, 'Dedicated time and resources': 0, 'Support and advocacy': 1 },
    });
  });

  it('counts by participant, and narrows by wave or attribute', async () => {
    const byParticipant = await frameworkMatrix(database.db, project.evaluationId, { rows: 'participants', parent: project.codes.inner.id }, null);
    expect(byParticipant.rows.map((r) => r.label)).toEqual(['EX01', 'SM01', 'SM02', 'SM03']);
    expect(grid(byParticipant).SM03).toEqual({ 'Tension for change': 1, 'Dedicated time and resources': 0, 'Support and advocacy': 0 });
    const secondWave = await frameworkMatrix(database.db, project.evaluationId, { rows: 'participants', parent: project.codes.inner.id, wave: project.waves.second }, null);
    expect(secondWave.rows.map((r) => r.label)).toEqual(['EX01', 'SM03']);
    const mentalHealth = await frameworkMatrix(database.db, project.evaluationId, { rows: 'roles', parent: project.codes.inner.id, attribute: 'Programme=Mental health' }, null);
    expect(grid(mentalHealth)).toEqual({
      'Chief executive': { 'Tension for change': 1, 'Dedicated time and resources': 2, 'Support and advocacy': 0 },
      'Programme lead': { 'Tension for change': 1, 'Dedicated time and resources': 0, 'Support and advocacy': 0 },
    });
    const top = await frameworkMatrix(database.db, project.evaluationId, { rows: 'roles' }, null);
    expect(top.columns.map((c) => c.name)).toEqual(['Inner context', 'Outer context']);
    expect(grid(top).External).toEqual({ 'Inner context': 1, 'Outer context': 1 });
  });

  it('saves, replaces and removes a cell’s summary, and shows the cell’s segments', async () => {
    const cell = { rows: 'roles' as const, row: 'Programme lead', column: project.codes.time.id };
    await saveMatrixSummary(database.db, project.lead.id, project.evaluationId, cell, { summary: 'Funding held by the largest programme.' });
    await saveMatrixSummary(database.db, project.lead.id, project.evaluationId, cell, { summary: '  Funding stayed with the largest programme; no time for the rest.  ' });
    const matrix = await frameworkMatrix(database.db, project.evaluationId, { rows: 'roles', parent: project.codes.inner.id }, null);
    const r = matrix.rows.findIndex((row) => row.label === 'Programme lead');
    expect(matrix.cells[r]![1]!.summary).toBe('Funding stayed with the largest programme; no time for the rest.');
    const page = await matrixCell(database.db, project.evaluationId, { ...cell, row: 'programme lead', context: 10 }, null);
    expect(page.summary).toBe('Funding stayed with the largest programme; no time for the rest.');
    expect(page.segments.map((s) => s.text)).toEqual(['Funding stayed with the largest programme']);
    expect(page.segments[0]!.before).toBe('ck?\nSM02: ');
    // A participant row keeps its own summaries, apart from the role rows.
    await saveMatrixSummary(database.db, project.lead.id, project.evaluationId, { rows: 'participants', row: project.participants.SM02, column: project.codes.time.id }, { summary: 'SM02 on funding.' });
    const people = await frameworkMatrix(database.db, project.evaluationId, { rows: 'participants', parent: project.codes.inner.id }, null);
    expect(people.cells[people.rows.findIndex((row) => row.label === 'SM02')]![1]!.summary).toBe('SM02 on funding.');
    await saveMatrixSummary(database.db, project.lead.id, project.evaluationId, cell, { summary: '' });
    const cleared = await frameworkMatrix(database.db, project.evaluationId, { rows: 'roles', parent: project.codes.inner.id }, null);
    expect(cleared.cells[r]![1]!.summary).toBe('');
    await expect(saveMatrixSummary(database.db, null, project.evaluationId, { ...cell, row: 'Nobody' }, { summary: 'x' })).rejects.toThrow('Role category not found');
    await expect(saveMatrixSummary(database.db, null, project.evaluationId, { ...cell, column: project.participants.SM01 }, { summary: 'x' })).rejects.toThrow('Code not found');
  });

  it('exports to an Excel workbook that reads back, and to a Word document with the table', async () => {
    await saveMatrixSummary(database.db, project.lead.id, project.evaluationId, { rows: 'roles', row: 'Chief executive', column: project.codes.time.id }, { summary: 'No protected time; funding cut twice.' });
    const matrix = await matrixForExport(database.db, project.evaluationId, { rows: 'roles', parent: project.codes.inner.id }, null);
    expect(matrix.segments.flat(2)).toHaveLength(7);

    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await matrixWorkbook(matrix, 'Inner context by role')) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Matrix')!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'Role category', 'Tension for change: summary', 'Tension for change: segments', 'Dedicated time and resources: summary', 'Dedicated time and resources: segments', 'Support and advocacy: summary', 'Support and advocacy: segments']);
    const chief = sheet.getRow(2).values as unknown[];
    expect(chief.slice(1)).toEqual(['Chief executive', '', 1, 'No protected time; funding cut twice.', 2, '', 0]);
    const segments = workbook.getWorksheet('Segments')!;
    expect(segments.rowCount).toBe(8);
    const texts = segments.getColumn(8).values.slice(2);
    expect(texts).toContain('the funding was cut twice');

    const zip = await JSZip.loadAsync(await matrixDocument(matrix, 'Inner context by role'));
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('<w:tbl>');
    for (const text of ['Inner context by role', 'Dedicated time and resources', 'No protected time; funding cut twice.', '(2 segments)', 'Segments by construct', 'Funding stayed with the largest programme']) expect(xml).toContain(text);
  });
});
