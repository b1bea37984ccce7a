import type { Writable } from 'node:stream';
import { codebookHeader, type CodebookEntry } from './codebook.ts';
import type { ExportRow } from './response-rows.ts';
import type { CellValue } from './cells.ts';
import type { RowBuilder } from './table-rows.ts';

/** Waits until the reader has taken what is buffered, or has gone away. */
function drained(output: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      output.off('drain', done);
      output.off('close', done);
      resolve();
    };
    output.on('drain', done);
    output.on('close', done);
  });
}

/**
 * An Excel workbook with a Responses sheet (one row per response) and a Codebook sheet, written
 * row by row with exceljs's streaming writer, so a large survey never sits in memory whole.
 */
export async function writeXlsx(output: Writable, header: string[], batches: AsyncIterable<ExportRow[]>, cells: RowBuilder<CellValue>, codebook: CodebookEntry[]): Promise<void> {
  // Loaded on first use: exceljs is large, and most exports are CSV.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: false, useSharedStrings: false });
  const responses = workbook.addWorksheet('Responses');
  responses.addRow(header).commit();
  for await (const batch of batches) {
    for (const row of batch) responses.addRow(cells(row)).commit();
    // exceljs does not wait for a slow reader; waiting here keeps what it buffers to about one batch.
    if (output.destroyed) return;
    if (output.writableNeedDrain) await drained(output);
  }
  responses.commit();
  const sheet = workbook.addWorksheet('Codebook');
  sheet.addRow([...codebookHeader]).commit();
  for (const entry of codebook) sheet.addRow(codebookHeader.map((k) => entry[k])).commit();
  sheet.commit();
  await workbook.commit();
}
