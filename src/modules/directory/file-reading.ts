import { CsvError, parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { expansionProblem } from '../zip-expansion.ts';

/**
 * A staff directory file as organisations hand them over: CSV in UTF-8 (with or without a
 * byte-order mark) or in Windows-1252 (what Excel on Windows saves as "CSV"), separated by commas,
 * semicolons or tabs, or an Excel workbook (.xlsx). Read into a header and rows of text, each row
 * with the line or sheet row it came from so that a problem can name it.
 */

export interface DirectoryTable {
  format: 'csv' | 'xlsx';
  encoding: 'utf-8' | 'windows-1252' | 'xlsx';
  delimiter: ',' | ';' | '\t' | '';
  columns: string[];
  rows: string[][];
  /** The line of the file (CSV) or row of the sheet (XLSX) each row came from. */
  lineNumbers: number[];
}

/** The largest directory file read; a 100,000-person CSV is about 10 MB. */
export const maxDirectoryBytes = 25 * 1024 * 1024;

/** A file that cannot be read as a directory; the message says why, and where when it can. */
export class DirectoryFileError extends Error {}

const delimiters = [',', ';', '\t'] as const;
const delimiterNames: Record<string, string> = { ',': 'commas', ';': 'semicolons', '\t': 'tabs', '': 'a spreadsheet' };
export const describeDelimiter = (delimiter: string) => delimiterNames[delimiter] ?? delimiter;

/** UTF-8 when the bytes are valid UTF-8, else Windows-1252, which can decode any byte. */
export function decodeText(content: Buffer): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(content).replace(/^\uFEFF/, ''), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(content), encoding: 'windows-1252' };
  }
}

/** Whichever of comma, semicolon or tab the header line holds most often outside quotes. */
export function detectDelimiter(text: string): ',' | ';' | '\t' {
  const counts = new Map<string, number>(delimiters.map((d) => [d, 0]));
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === '\n') break;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best: ',' | ';' | '\t' = ',';
  for (const d of delimiters) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

/** Names for the header cells: blanks become "Column 3", repeats get a number. */
function columnNames(header: string[]): string[] {
  const seen = new Map<string, number>();
  return header.map((cell, index) => {
    const base = cell.trim() || `Column ${index + 1}`;
    const count = (seen.get(base.toLowerCase()) ?? 0) + 1;
    seen.set(base.toLowerCase(), count);
    return count === 1 ? base : `${base} (${count})`;
  });
}

/** Rows padded to the header's width; a row with more values than the header has is refused. */
function shapeTable(records: { cells: string[]; line: number }[], what: string): Pick<DirectoryTable, 'columns' | 'rows' | 'lineNumbers'> {
  const filled = records.filter((r) => r.cells.some((c) => c.trim() !== ''));
  const [header, ...body] = filled;
  if (!header) throw new DirectoryFileError(`The ${what} is empty: it needs a header row naming the columns, then one row per person`);
  if (!body.length) throw new DirectoryFileError(`The ${what} has a header row but no people under it`);
  const columns = columnNames(header.cells);
  for (const record of body) {
    const extra = record.cells.slice(columns.length).findIndex((c) => c.trim() !== '');
    if (extra >= 0) {
      throw new DirectoryFileError(`Row ${record.line} has a value in column ${columns.length + extra + 1}, but the header row names only ${columns.length} columns`);
    }
  }
  return {
    columns,
    rows: body.map((r) => columns.map((_, i) => (r.cells[i] ?? '').trim())),
    lineNumbers: body.map((r) => r.line),
  };
}

function readCsv(content: Buffer): DirectoryTable {
  if (content.includes(0)) {
    throw new DirectoryFileError('The file holds bytes that text never does (it may be UTF-16 text or another binary format): save it as CSV (UTF-8) and try again');
  }
  const { text, encoding } = decodeText(content);
  const delimiter = detectDelimiter(text);
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as typeof parsed;
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      const what = error.code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'a value opened with a quote mark is never closed'
        : error.code === 'CSV_INVALID_CLOSING_QUOTE'
          ? 'a quote mark inside a quoted value is not doubled ("")'
          : error.message;
      throw new DirectoryFileError(`The file cannot be read as CSV${line ? ` at line ${line}` : ''}: ${what}`);
    }
    throw error;
  }
  return { format: 'csv', encoding, delimiter, ...shapeTable(parsed.map((p) => ({ cells: p.record, line: p.info.lines })), 'file') };
}

/** A cell as the text a person sees; dates as yyyy-mm-dd. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
    if ('hyperlink' in value) return String((value as { text?: unknown }).text ?? value.hyperlink);
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

async function readXlsx(content: Buffer): Promise<DirectoryTable> {
  // exceljs unpacks every part into memory: a zip bomb is stopped before it does (test/fuzz/zip-bombs.test.ts).
  const tooBig = await expansionProblem(content);
  if (tooBig) throw new DirectoryFileError(`The workbook was not read: ${tooBig}`);
  // exceljs is loaded when a workbook arrives: it adds about 30 MB to a server that may never read one.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    throw new DirectoryFileError('The file cannot be read as an Excel workbook (.xlsx): it may be damaged or protected with a password. Save it again from Excel, or as CSV');
  }
  const sheet = workbook.worksheets.find((ws) => ws.actualRowCount > 0);
  if (!sheet) throw new DirectoryFileError('The workbook is empty: its first sheet needs a header row naming the columns, then one row per person');
  const records: { cells: string[]; line: number }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = cellText(cell.value);
    });
    records.push({ cells: Array.from(cells, (c) => c ?? ''), line: rowNumber });
  });
  return { format: 'xlsx', encoding: 'xlsx', delimiter: '', ...shapeTable(records, `sheet "${sheet.name}"`) };
}

/** Reads a directory file, telling a workbook from text by its first bytes rather than its name. */
export async function readDirectoryFile(content: Buffer): Promise<DirectoryTable> {
  if (!content.length) throw new DirectoryFileError('The file is empty');
  if (content.length > maxDirectoryBytes) {
    throw new DirectoryFileError(`The file is ${(content.length / 1024 / 1024).toFixed(1)} MB; directories of up to ${maxDirectoryBytes / 1024 / 1024} MB can be imported`);
  }
  if (content[0] === 0xd0 && content[1] === 0xcf && content[2] === 0x11 && content[3] === 0xe0) {
    throw new DirectoryFileError('The file is an old Excel 97–2003 workbook (.xls): save it as an Excel workbook (.xlsx) or as CSV and try again');
  }
  if (content[0] === 0x50 && content[1] === 0x4b) return readXlsx(content);
  if ((content[0] === 0xff && content[1] === 0xfe) || (content[0] === 0xfe && content[1] === 0xff)) {
    throw new DirectoryFileError('The file is UTF-16 text: save it as "CSV UTF-8" and try again');
  }
  return readCsv(content);
}
