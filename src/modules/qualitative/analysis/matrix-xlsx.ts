import type { MatrixWithSegments } from './matrix.ts';

/** The heading of a matrix's rows, in words. */
export const rowHeading = (matrix: Pick<MatrixWithSegments, 'rowKind'>) => (matrix.rowKind === 'participants' ? 'Participant' : 'Role category');

/**
 * The framework matrix as an Excel workbook, built in memory (exports are capped at
 * maxExportSegments segments, a few megabytes): a "Matrix" sheet with, for each construct, the
 * analyst's summary and the number of segments, and a "Segments" sheet with one row per segment.
 */
export async function matrixWorkbook(matrix: MatrixWithSegments, title: string): Promise<Buffer> {
  // Loaded on first use: exceljs is large.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.title = title;
  workbook.creator = 'Formative';

  const sheet = workbook.addWorksheet('Matrix', { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
  sheet.addRow([rowHeading(matrix), ...matrix.columns.flatMap((c) => [`${c.name}: summary`, `${c.name}: segments`])]);
  sheet.getRow(1).font = { bold: true };
  matrix.rows.forEach((row, r) => {
    sheet.addRow([row.label, ...matrix.columns.flatMap((_, c) => [matrix.cells[r]![c]!.summary, matrix.cells[r]![c]!.segments])]);
  });
  sheet.getColumn(1).width = 28;
  matrix.columns.forEach((_, c) => {
    sheet.getColumn(2 + 2 * c).width = 48;
    sheet.getColumn(2 + 2 * c).alignment = { wrapText: true, vertical: 'top' };
    sheet.getColumn(3 + 2 * c).width = 12;
  });

  const segments = workbook.addWorksheet('Segments', { views: [{ state: 'frozen', ySplit: 1 }] });
  segments.addRow([rowHeading(matrix), 'Construct', 'Code', 'Source', 'Start', 'End', 'Valence', 'Text', 'Memo']);
  segments.getRow(1).font = { bold: true };
  matrix.rows.forEach((row, r) => {
    matrix.columns.forEach((column, c) => {
      for (const s of matrix.segments[r]![c]!) segments.addRow([row.label, column.name, s.codeName, s.sourceName, s.start, s.end, s.valence, s.text, s.memo]);
    });
  });
  segments.getColumn(8).width = 80;
  segments.getColumn(8).alignment = { wrapText: true, vertical: 'top' };

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
