import { CsvError, parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { expansionProblem } from '../zip-expansion.ts';

/**
 * A plan file as a table of text: CSV (UTF-8, or Windows-1252 as Excel saves it; commas,
 * semicolons or tabs) or the first worksheet of an Excel workbook, one row per deliverable.
 * Each row keeps the line or sheet row it came from, so an error can name it.
 */

export interface PlanTable {
  columns: string[];
  rows: { line: number; cells: string[] }[];
}

/** 10,000 deliverables take about 2 MB as CSV; the limit leaves room for long texts. */
export const maxPlanFileBytes = 20 * 1024 * 1024;

export class PlanFileError extends Error {}

export type PlanFileFormat = 'csv' | 'xlsx';

/** By content, not by name: an .xlsx is a zip archive, which starts with "PK\x03\x04". */
export function planFileFormat(content: Buffer): PlanFileFormat {
  return content.length >= 4 && content.readUInt32BE(0) === 0x504b0304 ? 'xlsx' : 'csv';
}

function decode(content: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('windows-1252').decode(content);
  }
}

/** The separator the header line uses most often. */
function separatorOf(text: string): string {
  const header = text.split('\n', 1)[0] ?? '';
  const counts = [',', ';', '\t'].map((d) => ({ d, n: header.split(d).length }));
  return counts.sort((a, b) => b.n - a.n)[0]!.d;
}

function readCsv(content: Buffer): PlanTable {
  if (content.includes(0)) throw new PlanFileError('The file is neither CSV text nor an Excel workbook (.xlsx): save it as CSV (UTF-8) or .xlsx and try again');
  const text = decode(content);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { delimiter: separatorOf(text), relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      throw new PlanFileError(`The file cannot be read as CSV${line ? ` at line ${line}` : ''}: ${error.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted value is never closed' : error.message}`);
    }
    throw error;
  }
  return shape(records.map((r) => ({ line: r.info.lines, cells: r.record })));
}

/** A cell as text; a date stays a Date so the plan year can be recovered from what Excel did to it. */
function cellValue(value: ExcelJS.CellValue): string | Date {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('formula' in value || 'sharedFormula' in value) return cellValue((value as { result?: ExcelJS.CellValue }).result ?? null);
    if ('hyperlink' in value) return String((value as { text?: unknown }).text ?? value.hyperlink);
    return '';
  }
  return String(value);
}

/**
 * Excel reads "2005/06" as June 2005. A date whose month is the year after its year (mod 100) was
 * such a plan year and is turned back; any other date is written as yyyy-mm-dd and later refused.
 */
export function dateAsText(date: Date): string {
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + 1;
  if (month === (year + 1) % 100) return `${year}/${String(month).padStart(2, '0')}`;
  return date.toISOString().slice(0, 10);
}

async function readXlsx(content: Buffer): Promise<PlanTable> {
  // exceljs unpacks every part into memory: a zip bomb is stopped before it does (test/fuzz/zip-bombs.test.ts).
  const tooBig = await expansionProblem(content);
  if (tooBig) throw new PlanFileError(`The workbook was not read: ${tooBig}`);
  // exceljs is loaded when a workbook arrives: it adds about 30 MB to a server that may never read one.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    throw new PlanFileError('The file looks like an Excel workbook but cannot be opened: save it again as .xlsx, or as CSV (UTF-8)');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new PlanFileError('The workbook has no worksheet');
  const rows: { line: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      const value = cellValue(cell.value);
      cells[column - 1] = value instanceof Date ? dateAsText(value) : value;
    });
    rows.push({ line, cells: Array.from(cells, (c) => c ?? '') });
  });
  return shape(rows);
}

function shape(records: { line: number; cells: string[] }[]): PlanTable {
  const filled = records.filter((r) => r.cells.some((c) => c.trim() !== ''));
  const [header, ...body] = filled;
  if (!header) throw new PlanFileError('The file is empty: it needs a header row naming the columns, then one row per deliverable');
  if (!body.length) throw new PlanFileError('The file has a header row but no deliverables under it');
  return { columns: header.cells.map((c) => c.trim()), rows: body.map((r) => ({ line: r.line, cells: r.cells.map((c) => c.trim()) })) };
}

export async function readPlanFile(content: Buffer): Promise<PlanTable> {
  if (content.length > maxPlanFileBytes) throw new PlanFileError(`The file is larger than ${maxPlanFileBytes / 1024 / 1024} MB`);
  return planFileFormat(content) === 'xlsx' ? readXlsx(content) : readCsv(content);
}
