import { CsvError, parse } from 'csv-parse/sync';

/**
 * Two-column CSV files as spreadsheets save them: UTF-8 with or without a byte-order mark, commas
 * or semicolons (spreadsheets in many European locales use semicolons), fields in double quotes
 * when they hold the delimiter or a line break, and an optional header row. Rows are numbered as a
 * spreadsheet numbers them, counting the header and blank rows, so an error can name the row.
 */

export interface CsvEntry {
  row: number;
  id: string;
  value: string;
}

/** A problem with one row; row 0 is the file as a whole. */
export interface RowProblem {
  row: number;
  message: string;
}

export interface CsvEntries {
  entries: CsvEntry[];
  problems: RowProblem[];
}

/** Problems in row order, each sentence naming its row. */
export function describeProblems(problems: RowProblem[]): string[] {
  return [...problems].sort((a, b) => a.row - b.row).map((p) => (p.row ? `Row ${p.row}: ${p.message}` : p.message));
}

/** The delimiter of the first line: whichever of comma or semicolon comes first outside quotes. */
export function detectDelimiter(text: string): ',' | ';' {
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === ',' || char === ';')) return char;
    else if (!quoted && char === '\n') break;
  }
  return ',';
}

function readRows(text: string): { ok: true; rows: string[][] } | { ok: false; problem: RowProblem } {
  try {
    const rows = parse(text, {
      bom: true,
      delimiter: detectDelimiter(text.replace(/^\uFEFF/, '')),
      relax_column_count: true,
      // A stray quote inside unquoted text ("the so-called "hub" model") is kept as written.
      relax_quotes: true,
      skip_empty_lines: false,
    }) as string[][];
    return { ok: true, rows };
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const row = Number((error as CsvError & { records?: number }).records ?? 0) + 1;
    const what = error.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted field is never closed (a double quote is missing)' : error.message;
    return { ok: false, problem: { row, message: what } };
  }
}

const isBlank = (cells: string[]) => cells.every((cell) => cell.trim() === '');

/**
 * The rows of a two-column file as (id, value) pairs. `isHeader` decides whether the first row
 * with content is a header. Rows with the wrong number of columns are reported, not returned.
 */
export function readTwoColumnCsv(text: string, columns: [string, string], isHeader: (cells: string[]) => boolean): CsvEntries {
  const read = readRows(text);
  if (!read.ok) return { entries: [], problems: [read.problem] };
  const numbered = read.rows.map((cells, i) => ({ row: i + 1, cells })).filter((r) => !isBlank(r.cells));
  const [first] = numbered;
  const body = first && isHeader(first.cells.map((c) => c.trim())) ? numbered.slice(1) : numbered;
  if (!body.length) return { entries: [], problems: [{ row: 0, message: `The file has no rows: each row needs ${columns[0]} and ${columns[1]}` }] };
  const problems: RowProblem[] = [];
  const entries: CsvEntry[] = [];
  for (const { row, cells } of body) {
    if (cells.length !== 2) {
      problems.push({
        row,
        message: `has ${cells.length} column${cells.length === 1 ? '' : 's'} but needs 2 (${columns[0]}, ${columns[1]}); put text that contains a comma or semicolon in double quotes`,
      });
      continue;
    }
    entries.push({ row, id: (cells[0] ?? '').trim(), value: (cells[1] ?? '').trim() });
  }
  return { entries, problems };
}

const headerWords = new Set(['id', 'item', 'itemid', 'item_id', 'item-id', 'item id', 'question', 'question id', 'variable', 'code']);

/** A first row is a header when its first cell is a column name rather than an id in use. */
export function looksLikeHeader(knownIds: ReadonlySet<string>) {
  return (cells: string[]): boolean => {
    const first = (cells[0] ?? '').toLowerCase();
    return !knownIds.has(first) && headerWords.has(first);
  };
}
