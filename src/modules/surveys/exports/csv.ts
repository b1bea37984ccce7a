import { Readable } from 'node:stream';
import type { AnswerValue } from '../conditions.ts';
import type { Variable } from '../variables.ts';
import { cellFor, usualAnswers, type CellValue, type Mode } from './cells.ts';
import type { ExportLayout } from './layout.ts';
import type { ExportRow } from './response-rows.ts';
import { rowBuilder } from './table-rows.ts';

/**
 * CSV as RFC 4180 describes it: comma-separated, CRLF line ends, a field quoted when it holds a
 * comma, quote or line break, quotes doubled. Excel, R, SPSS and pandas all read this.
 */

export const byteOrderMark = '\uFEFF';

export interface CsvStyle {
  /** SPSS reads one case per line, so its data file writes line breaks inside answers as spaces. */
  lineBreaks: 'keep' | 'space';
}

const needsQuotes = /[",\r\n]/;
const lineBreak = /\r\n|\r|\n/g;
const quote = /"/g;

export function csvText(text: string, style: CsvStyle): string {
  const value = style.lineBreaks === 'space' ? text.replace(lineBreak, ' ') : text;
  return needsQuotes.test(value) ? `"${value.replace(quote, '""')}"` : value;
}

export function csvField(value: CellValue, style: CsvStyle): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  return csvText(value, style);
}

export function csvLine(values: readonly CellValue[], style: CsvStyle): string {
  return `${values.map((v) => csvField(v, style)).join(',')}\r\n`;
}

/**
 * One variable's answer as CSV text. The usual answers (codes and missing codes) are rendered
 * once up front; a hundred thousand responses then cost a map lookup each, which is what makes
 * large exports fast.
 */
function csvCell(variable: Variable, mode: Mode, style: CsvStyle, guardFormulas: boolean): (value: AnswerValue | undefined) => string {
  const cell = cellFor(variable, mode, guardFormulas);
  const rendered = new Map<AnswerValue, string>();
  for (const answer of usualAnswers(variable)) {
    rendered.set(answer, csvField(cell(answer), style));
    // Numeric codes may have been stored as text by an import.
    if (typeof answer === 'number') rendered.set(String(answer), csvField(cell(String(answer)), style));
  }
  return (value) => {
    if (value === undefined) return '';
    return rendered.get(value) ?? csvField(cell(value), style);
  };
}

export interface CsvOptions {
  mode: Mode;
  style: CsvStyle;
  /** For files people open in a spreadsheet: see cellFor. */
  guardFormulas: boolean;
}

/** The function that writes one response as one CSV line. */
export function csvRows(layout: ExportLayout, options: CsvOptions): (row: ExportRow) => string {
  const cells = layout.variables.map((v) => csvCell(v, options.mode, options.style, options.guardFormulas));
  const build = rowBuilder(layout, cells, (value) => csvField(value, options.style));
  return (row) => `${build(row).join(',')}\r\n`;
}

/** The whole CSV, one chunk per batch of responses: few, large writes keep the stream fast. */
export async function* csvChunks(header: string[], batches: AsyncIterable<ExportRow[]>, line: (row: ExportRow) => string, style: CsvStyle, bom: boolean): AsyncGenerator<string> {
  yield `${bom ? byteOrderMark : ''}${csvLine(header, style)}`;
  for await (const batch of batches) {
    const lines = new Array<string>(batch.length);
    for (let i = 0; i < batch.length; i++) lines[i] = line(batch[i]!);
    yield lines.join('');
  }
}

/** A readable stream of the CSV that reads responses only as fast as the reader takes them. */
export function csvStream(header: string[], batches: AsyncIterable<ExportRow[]>, line: (row: ExportRow) => string, style: CsvStyle, bom = false): Readable {
  return Readable.from(csvChunks(header, batches, line, style, bom), { objectMode: false });
}
