import { z } from 'zod';
import { DatabaseError } from './database.ts';

/**
 * The backup file: gzip'd lines of JSON.
 *
 *   line 1             the header: format, version, schema version, when, and the tables in file order
 *   for each table     a table line {"table", "columns", "rows": n}, then exactly n row lines, each one
 *                      row as PostgreSQL's own `row_to_json` text, so values round-trip without passing
 *                      through JavaScript numbers or dates; a row whose text holds a line break (only
 *                      possible as spacing inside a json column) is written as a JSON string instead
 *   last line          {"end": true}, so a file cut short at a line boundary is still noticed
 *
 * Only the header, table and end lines are parsed here; row lines go back to PostgreSQL as they are.
 */
export const BACKUP_FORMAT = 'formative-backup';
export const BACKUP_VERSION = 1;

/** A backup that cannot be made or restored, in one line a person can act on. */
export class BackupError extends DatabaseError {}

const headerSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.number().int(),
  schemaVersion: z.number().int().min(0),
  createdAt: z.string(),
  tables: z.array(z.string()),
});
export type BackupHeader = z.infer<typeof headerSchema>;

const tableLineSchema = z.object({ table: z.string(), columns: z.array(z.string()).min(1), rows: z.number().int().min(0) });
export type TableLine = z.infer<typeof tableLineSchema>;
const endLineSchema = z.object({ end: z.literal(true) });

export function headerLine(header: BackupHeader): string {
  return `${JSON.stringify(header)}\n`;
}

export function tableLine(table: TableLine): string {
  return `${JSON.stringify(table)}\n`;
}

export const endLine = `${JSON.stringify({ end: true })}\n`;

export function rowLine(rowText: string): string {
  return `${rowText.includes('\n') ? JSON.stringify(rowText) : rowText}\n`;
}

/** A row line back to the row's JSON text, or undefined when the line is not a row. */
function rowText(line: string): string | undefined {
  if (line.startsWith('{')) return line;
  if (!line.startsWith('"')) return undefined;
  const text = parseJson(line);
  return typeof text === 'string' && text.startsWith('{') ? text : undefined;
}

/** What reading a backup yields: the header, then per table its line and its rows in batches, then the end. */
export type BackupPart =
  | { kind: 'header'; header: BackupHeader }
  | { kind: 'table'; table: TableLine }
  | { kind: 'rows'; table: string; rows: string[] }
  | { kind: 'end' };

// A header is a few hundred bytes; a first line longer than this is some other file.
const HEADER_LIMIT = 1_000_000;

/** Splits a byte stream into UTF-8 lines; a newline byte never occurs inside a multi-byte character. */
export async function* lines(source: AsyncIterable<Buffer>, name: string): AsyncGenerator<string> {
  let pending: Buffer[] = [];
  let pendingLength = 0;
  let first = true;
  for await (const chunk of source) {
    let start = 0;
    for (let end = chunk.indexOf(10, start); end !== -1; end = chunk.indexOf(10, start)) {
      pending.push(chunk.subarray(start, end));
      yield Buffer.concat(pending).toString('utf8');
      pending = [];
      pendingLength = 0;
      first = false;
      start = end + 1;
    }
    if (start < chunk.length) {
      pending.push(chunk.subarray(start));
      pendingLength += chunk.length - start;
      if (first && pendingLength > HEADER_LIMIT) throw notABackup(name);
    }
  }
  if (pendingLength > 0) yield Buffer.concat(pending).toString('utf8');
}

export function notABackup(name: string): BackupError {
  return new BackupError(`${name} is not a Formative backup (made with "formative backup --out FILE").`);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function readHeader(text: string | undefined, name: string): BackupHeader {
  const value = text === undefined ? undefined : parseJson(text);
  const found = value && typeof value === 'object' && 'format' in value && value.format === BACKUP_FORMAT;
  if (!found) throw notABackup(name);
  const header = headerSchema.safeParse(value);
  if (!header.success) throw damaged(name, 'its first line is not a valid header');
  if (header.data.version !== BACKUP_VERSION) {
    throw new BackupError(`${name} is in backup format ${header.data.version}, which this version of Formative cannot read (it reads format ${BACKUP_VERSION}).`);
  }
  return header.data;
}

export function damaged(name: string, what: string): BackupError {
  return new BackupError(`${name} is damaged: ${what}. Nothing was restored.`);
}

export function incomplete(name: string): BackupError {
  return new BackupError(`${name} is incomplete: the file ends early (was it copied completely?). Nothing was restored.`);
}

/**
 * Reads a backup's lines into parts, checking the structure as it goes: tables in the order the
 * header lists, exactly the promised number of rows each, and the end line last.
 */
export async function* readParts(source: AsyncIterable<string>, name: string, batchSize = 500, batchChars = 1_000_000): AsyncGenerator<BackupPart> {
  const iterator = source[Symbol.asyncIterator]();
  const next = async () => {
    const result = await iterator.next();
    return result.done ? undefined : result.value;
  };
  try {
    const header = readHeader(await next(), name);
    yield { kind: 'header', header };
    for (const expected of header.tables) {
      const line = await next();
      if (line === undefined) throw incomplete(name);
      const table = tableLineSchema.safeParse(parseJson(line));
      if (!table.success || table.data.table !== expected) throw damaged(name, `the rows of table ${expected} should start here`);
      yield { kind: 'table', table: table.data };
      let batch: string[] = [];
      let chars = 0;
      for (let n = 0; n < table.data.rows; n++) {
        const line = await next();
        if (line === undefined) throw incomplete(name);
        const row = rowText(line);
        if (row === undefined) throw damaged(name, `row ${n + 1} of table ${expected} is not a row`);
        batch.push(row);
        chars += row.length;
        if (batch.length >= batchSize || chars >= batchChars) {
          yield { kind: 'rows', table: expected, rows: batch };
          batch = [];
          chars = 0;
        }
      }
      if (batch.length) yield { kind: 'rows', table: expected, rows: batch };
    }
    const last = await next();
    if (last === undefined) throw incomplete(name);
    if (!endLineSchema.safeParse(parseJson(last)).success) throw damaged(name, 'it has more rows than its table lines promise');
    for (let extra = await next(); extra !== undefined; extra = await next()) {
      if (extra.trim() !== '') throw damaged(name, 'it continues after its end line');
    }
    yield { kind: 'end' };
  } finally {
    // Stopping early (an error while restoring) closes the file underneath.
    await iterator.return?.();
  }
}
