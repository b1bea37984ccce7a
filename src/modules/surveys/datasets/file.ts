import { CsvError, parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { expansionProblem } from '../../zip-expansion.ts';

/**
 * An existing data set as a table of text: a CSV file (UTF-8 or Windows-1252; commas, semicolons
 * or tabs) or the first worksheet of an .xlsx workbook, with a header row of column names.
 */

export interface DatasetTable {
  columns: string[];
  /** Data rows, each as long as `columns`; the first is row 2 of the file. */
  rows: string[][];
}

export const maxDatasetBytes = 10 * 1024 * 1024;
export const maxDatasetRows = 100_000;

export class DatasetFileError extends Error {}

const isXlsx = (content: Buffer) => content.length >= 4 && content.readUInt32BE(0) === 0x504b0304;

function decode(content: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('windows-1252').decode(content);
  }
}

function delimiterOf(text: string): string {
  const header = text.split('\n', 1)[0] ?? '';
  return [',', ';', '\t'].map((d) => ({ d, n: header.split(d).length })).sort((a, b) => b.n - a.n)[0]!.d;
}

function readCsv(content: Buffer): string[][] {
  if (content.includes(0)) throw new DatasetFileError('The file is neither CSV text nor an Excel workbook (.xlsx): save it as CSV (UTF-8) or .xlsx');
  const text = decode(content);
  try {
    return parse(text, { delimiter: delimiterOf(text), relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      throw new DatasetFileError(`The file cannot be read as CSV${line ? ` at line ${line}` : ''}: ${error.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted value is never closed' : error.message}`);
    }
    throw error;
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
    if ('hyperlink' in value) return String((value as { text?: unknown }).text ?? value.hyperlink);
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

async function readXlsx(content: Buffer): Promise<string[][]> {
  // exceljs unpacks every part into memory: a zip bomb is stopped before it does (test/fuzz/zip-bombs.test.ts).
  const tooBig = await expansionProblem(content);
  if (tooBig) throw new DatasetFileError(`The workbook was not read: ${tooBig}`);
  // exceljs is loaded when a workbook arrives: it adds about 30 MB to a server that may never read one.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    throw new DatasetFileError('The file looks like an Excel workbook but cannot be opened: save it again as .xlsx or CSV');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new DatasetFileError('The workbook has no worksheets');
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c += 1) cells.push(cellText(row.getCell(c).value));
    rows.push(cells);
  });
  return rows;
}

/** Reads a data set; a DatasetFileError says in words what is wrong with the file. */
export async function readDataset(content: Buffer): Promise<DatasetTable> {
  if (!content.length) throw new DatasetFileError('The file is empty');
  if (content.length > maxDatasetBytes) throw new DatasetFileError('The file must be smaller than 10 MB');
  const records = isXlsx(content) ? await readXlsx(content) : readCsv(content);
  const [header, ...data] = records;
  if (!header || !header.some((h) => h.trim())) throw new DatasetFileError('The file has no header row naming its columns');
  const columns = header.map((h, i) => h.trim() || `Column ${i + 1}`);
  const twice = columns.find((c, i) => columns.indexOf(c) !== i);
  if (twice) throw new DatasetFileError(`The column name "${twice}" is used twice: give every column its own name`);
  if (!data.length) throw new DatasetFileError('The file has a header row but no data rows');
  if (data.length > maxDatasetRows) throw new DatasetFileError(`The file has ${data.length.toLocaleString('en-GB')} rows; at most ${maxDatasetRows.toLocaleString('en-GB')} can be imported at once`);
  return { columns, rows: data.map((row) => columns.map((_, i) => (row[i] ?? '').trim())) };
}
