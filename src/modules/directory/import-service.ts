import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import type { PeopleTable } from '../../db/tables.ts';
import { inTransaction } from '../../db/transaction.ts';
import { badRequest, notFound } from '../../http/errors.ts';
import { recordAudit } from '../accounts/audit.ts';
import { listUnits, type Unit } from '../organisation/service.ts';
import { checkDirectory, type CleaningCounts } from './cleaning-service.ts';
import type { CheckSettings } from './checks.ts';
import { DirectoryFileError, describeDelimiter, readDirectoryFile, type DirectoryTable } from './file-reading.ts';
import { describeRowProblem, directoryFields, fieldLabels, mappingProblems, readEntries, suggestMapping, type ColumnMapping, type DirectoryField, type IncomingEntry } from './mapping.ts';
import { planImport, type ComparedField, type ImportPlan } from './matching.ts';
import * as store from './store.ts';

/**
 * Importing a staff directory: upload (the parsed rows wait in the database, owned by the user
 * who sent them), map the columns, preview what would change, commit all or nothing. The command
 * line and the benchmark go through `importDirectory`, which does the same in one call.
 */

/** A staged upload is kept this long before it is swept away. */
const stagingLifetimeMs = 24 * 60 * 60 * 1000;
/** Problems listed in full; beyond this only their number is given. */
const problemsShown = 20;
const previewRows = 10;
const changesShown = 50;
const notInFileShown = 20;

export interface StagedImport {
  id: string;
  filename: string;
  format: 'csv' | 'xlsx';
  /** How the file was read, in words: "UTF-8 text separated by semicolons". */
  readAs: string;
  columns: string[];
  rowCount: number;
  /** The first rows as they are in the file, for choosing the mapping. */
  sample: string[][];
  /** The mapping sent, or the first guess from the header row. */
  mapping: ColumnMapping;
  mapped: boolean;
}

function describeReading(table: Pick<DirectoryTable, 'format' | 'encoding' | 'delimiter'>): string {
  if (table.format === 'xlsx') return 'an Excel workbook';
  return `${table.encoding === 'utf-8' ? 'UTF-8' : 'Windows-1252'} text separated by ${describeDelimiter(table.delimiter)}`;
}

function fileProblem(error: unknown): never {
  if (error instanceof DirectoryFileError) throw badRequest(error.message, [{ field: 'file', message: error.message }]);
  throw error;
}

async function readFile(content: Buffer): Promise<DirectoryTable> {
  try {
    return await readDirectoryFile(content);
  } catch (error) {
    return fileProblem(error);
  }
}

const stagingCutoff = () => new Date(Date.now() - stagingLifetimeMs);

/** Reads an uploaded file and keeps its rows for the mapping page; nothing in the directory changes. */
export async function stageDirectoryFile(db: Db, userId: string, evaluationId: string, file: { filename: string; content: Buffer }): Promise<StagedImport> {
  const table = await readFile(file.content);
  return inTransaction(db, async (trx) => {
    await store.deleteStagingsOlderThan(trx, stagingCutoff());
    const id = await store.insertStaging(trx, {
      evaluation_id: evaluationId,
      user_id: userId,
      filename: file.filename.slice(0, 255) || 'directory',
      file_format: table.format,
      encoding: table.encoding,
      delimiter: table.delimiter,
      columns: JSON.stringify(table.columns),
      rows: JSON.stringify(table.rows),
      line_numbers: JSON.stringify(table.lineNumbers),
    });
    return getStagedImport(trx, userId, evaluationId, id);
  });
}

async function findStaging(db: Db, userId: string, evaluationId: string, stagingId: string, lock = false) {
  const row = z.string().uuid().safeParse(stagingId).success ? await store.findStaging(db, evaluationId, userId, stagingId, stagingCutoff(), lock) : undefined;
  // Another user's upload, or one older than a day, is as good as absent.
  if (!row) throw notFound('Uploaded directory');
  return row;
}

export async function getStagedImport(db: Db, userId: string, evaluationId: string, stagingId: string): Promise<StagedImport> {
  const row = await findStaging(db, userId, evaluationId, stagingId);
  return {
    id: row.id,
    filename: row.filename,
    format: row.file_format as 'csv' | 'xlsx',
    readAs: describeReading({ format: row.file_format as 'csv' | 'xlsx', encoding: row.encoding as DirectoryTable['encoding'], delimiter: row.delimiter as DirectoryTable['delimiter'] }),
    columns: row.columns,
    rowCount: row.rows.length,
    sample: row.rows.slice(0, 5),
    mapping: row.mapping ?? suggestMapping(row.columns),
    mapped: row.mapping !== null,
  };
}

/** A mapping as forms and the API send it: field → column name, blank for "not in the file". */
export const mappingInput = z.record(z.string(), z.union([z.string(), z.number(), z.null()]).optional());
export type MappingInput = z.input<typeof mappingInput>;

/** Turns field → column name (or number) into field → column number, refusing names the file does not have. */
export function toColumnMapping(input: MappingInput, columns: string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  const problems: { field: string; message: string }[] = [];
  for (const field of directoryFields) {
    const value = input[field];
    if (value === undefined || value === null || value === '') continue;
    const index = typeof value === 'number' ? value : columns.indexOf(value);
    if (index < 0 || index >= columns.length) problems.push({ field, message: `${fieldLabels[field]}: the file has no column called "${String(value)}"` });
    else mapping[field] = index;
  }
  const unknown = Object.keys(input).filter((key) => !(directoryFields as readonly string[]).includes(key) && key !== '_csrf');
  if (unknown.length) problems.push({ field: unknown[0]!, message: `${unknown.join(', ')} ${unknown.length === 1 ? 'is not a directory field' : 'are not directory fields'}; the fields are ${directoryFields.join(', ')}` });
  if (problems.length) throw badRequest(problems.map((p) => p.message).join('; '), problems);
  return mapping;
}

/** Reads the rows through the mapping; any problem stops the import, naming every row and column at fault. */
function entriesOrProblems(table: { columns: string[]; rows: string[][]; lineNumbers: number[] }, mapping: ColumnMapping, units: Unit[]): IncomingEntry[] {
  const problems = mappingProblems(mapping, table.columns);
  if (problems.length) throw badRequest(`Nothing was imported. ${problems.map((p) => p.message).join('; ')}`, problems);
  const read = readEntries(table, mapping, units);
  if (read.problems.length) {
    const listed = read.problems.slice(0, problemsShown).map((p) => ({ field: 'file', message: describeRowProblem(p) }));
    const more = read.problems.length - listed.length;
    if (more > 0) listed.push({ field: 'file', message: `and ${more} more ${more === 1 ? 'problem' : 'problems'} in other rows` });
    throw badRequest(`Nothing was imported. ${listed.map((p) => p.message).join('; ')}`, listed);
  }
  return read.entries;
}

async function planFor(db: Db, evaluationId: string, row: Awaited<ReturnType<typeof findStaging>>, mapping: ColumnMapping) {
  const units = await listUnits(db, evaluationId);
  const entries = entriesOrProblems({ columns: row.columns, rows: row.rows, lineNumbers: row.line_numbers }, mapping, units);
  return { plan: planImport(entries, await store.listKnownEntries(db, evaluationId)), units };
}

/** Checks the mapping and every row against it, and keeps the mapping for the preview. */
export async function mapStagedImport(db: Db, userId: string, evaluationId: string, stagingId: string, input: MappingInput): Promise<ImportPreview> {
  const row = await findStaging(db, userId, evaluationId, stagingId);
  const mapping = toColumnMapping(mappingInput.parse(input), row.columns);
  const { plan, units } = await planFor(db, evaluationId, row, mapping);
  await store.setStagingMapping(db, row.id, mapping as Record<string, number>);
  return describePlan(plan, units, row.rows.length, mapping);
}

export interface PreviewChange {
  field: string;
  from: string;
  to: string;
}

export interface ImportPreview {
  rows: number;
  new: number;
  changed: number;
  unchanged: number;
  notInFile: number;
  /** The first changed entries with each change, old → new, in words. */
  changes: { line: number; name: string; matchedBy: string; changes: PreviewChange[] }[];
  /** The first rows as they will be stored. */
  firstRows: { line: number; status: 'new' | 'changed' | 'unchanged'; values: Partial<Record<DirectoryField, string>> }[];
  notInFileNames: string[];
  mappedFields: DirectoryField[];
}

const changeLabels: Record<ComparedField, string> = {
  name: 'Name',
  email: 'E-mail address',
  phone: 'Phone number',
  unitId: 'Unit',
  regionId: 'Region',
  jobTitle: 'Job title',
  startedOn: 'Start date',
  leftOn: 'Leave date',
  lastVerifiedOn: 'Date last verified',
  externalId: 'Identifier',
};

function describePlan(plan: ImportPlan, units: Unit[], rowCount: number, mapping: ColumnMapping): ImportPreview {
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const shown = (field: ComparedField, value: string | null) => (value === null ? '(blank)' : field === 'unitId' || field === 'regionId' ? (unitName.get(value) ?? value) : value);
  const status = (r: ImportPlan['rows'][number]) => (!r.known ? 'new' : r.changes.length ? 'changed' : 'unchanged');
  const mappedFields = directoryFields.filter((f) => mapping[f] !== undefined);
  return {
    rows: rowCount,
    new: plan.rows.filter((r) => !r.known).length,
    changed: plan.rows.filter((r) => r.known && r.changes.length).length,
    unchanged: plan.rows.filter((r) => r.known && !r.changes.length).length,
    notInFile: plan.notInFile.length,
    changes: plan.rows
      .filter((r) => r.known && r.changes.length)
      .slice(0, changesShown)
      .map((r) => ({
        line: r.entry.line,
        name: r.known!.name,
        matchedBy: r.matchedBy!,
        changes: r.changes.map((c) => ({ field: changeLabels[c.field], from: shown(c.field, c.from), to: shown(c.field, c.to) })),
      })),
    firstRows: plan.rows.slice(0, previewRows).map((r) => ({
      line: r.entry.line,
      status: status(r),
      values: Object.fromEntries(mappedFields.map((f) => {
        const e = r.entry;
        const value = f === 'unit' ? (e.unitId ? unitName.get(e.unitId) : '') : f === 'region' ? (e.regionId ? unitName.get(e.regionId) : '') : e[f];
        return [f, value ?? ''];
      })),
    })),
    notInFileNames: plan.notInFile.slice(0, notInFileShown).map((k) => k.name),
    mappedFields,
  };
}

export async function previewStagedImport(db: Db, userId: string, evaluationId: string, stagingId: string): Promise<ImportPreview> {
  const row = await findStaging(db, userId, evaluationId, stagingId);
  if (!row.mapping) throw badRequest('Choose which column holds what before the preview', [{ field: 'mapping', message: 'Choose which column holds what first' }]);
  const { plan, units } = await planFor(db, evaluationId, row, row.mapping);
  return describePlan(plan, units, row.rows.length, row.mapping);
}

export interface ImportResult {
  rows: number;
  added: number;
  changed: number;
  unchanged: number;
  notInFile: number;
  /** What the checks found once the import was in. */
  cleaning: CleaningCounts;
}

function newPersonValues(e: IncomingEntry): store.NewPerson {
  return {
    name: e.name,
    email: e.email,
    phone: e.phone,
    unit_id: e.unitId,
    region_id: e.regionId,
    job_title: e.jobTitle ?? '',
    started_on: e.startedOn,
    left_on: e.leftOn,
    last_verified_on: e.lastVerifiedOn,
  };
}

const columnOf: Record<Exclude<ComparedField, 'externalId'>, keyof PeopleTable> = {
  name: 'name',
  email: 'email',
  phone: 'phone',
  unitId: 'unit_id',
  regionId: 'region_id',
  jobTitle: 'job_title',
  startedOn: 'started_on',
  leftOn: 'left_on',
  lastVerifiedOn: 'last_verified_on',
};

/** Writes a plan: new entries added, changed ones updated, identifiers kept; the caller holds the transaction. */
async function applyPlan(trx: Db, actorId: string | null, evaluationId: string, plan: ImportPlan, source: { filename: string; rows: number }): Promise<Omit<ImportResult, 'cleaning'>> {
  const fresh = plan.rows.filter((r) => !r.known);
  const ids = await store.insertPeople(trx, evaluationId, fresh.map((r) => newPersonValues(r.entry)));
  const externalIds = fresh.flatMap((r, i) => (r.entry.externalId ? [{ personId: ids[i]!, externalId: r.entry.externalId }] : []));
  const changed = plan.rows.filter((r) => r.known && r.changes.length);
  for (const row of changed) {
    const values: Record<string, unknown> = {};
    for (const change of row.changes) {
      if (change.field === 'externalId') externalIds.push({ personId: row.known!.id, externalId: change.to });
      else values[columnOf[change.field]] = change.to;
    }
    if (Object.keys(values).length) await store.updatePerson(trx, evaluationId, row.known!.id, { ...values, updated_at: new Date() });
  }
  await store.setExternalIds(trx, evaluationId, externalIds);
  const counts = { rows: source.rows, added: fresh.length, changed: changed.length, unchanged: plan.rows.length - fresh.length - changed.length, notInFile: plan.notInFile.length };
  // The audit log says how many and which fields changed, never the values: this is personal data.
  const fieldsChanged = [...new Set(changed.flatMap((r) => r.changes.map((c) => c.field)))];
  await recordAudit(trx, { evaluationId, userId: actorId, action: 'import', entity: 'directory', detail: { filename: source.filename, ...counts, fieldsChanged } });
  return counts;
}

/** Commits a previewed import in one transaction, deletes the staged rows, then runs the checks. */
export async function commitStagedImport(db: Db, userId: string, evaluationId: string, stagingId: string): Promise<ImportResult> {
  const counts = await inTransaction(db, async (trx) => {
    const row = await findStaging(trx, userId, evaluationId, stagingId, true);
    if (!row.mapping) throw badRequest('Choose which column holds what before importing', [{ field: 'mapping', message: 'Choose which column holds what first' }]);
    const { plan } = await planFor(trx, evaluationId, row, row.mapping);
    const result = await applyPlan(trx, userId, evaluationId, plan, { filename: row.filename, rows: row.rows.length });
    await store.deleteStaging(trx, row.id);
    return result;
  });
  return { ...counts, cleaning: await checkDirectory(db, userId, evaluationId) };
}

export interface DirectFileImport {
  filename: string;
  content: Buffer;
  /** Field → column name; fields left out are guessed from the header row. */
  mapping?: MappingInput;
  settings?: Partial<CheckSettings>;
}

/** Reads, maps, imports and checks a directory file in one call, all or nothing: the command line's import. */
export async function importDirectory(db: Db, actorId: string | null, evaluationId: string, file: DirectFileImport): Promise<ImportResult & { readAs: string; mapping: Partial<Record<DirectoryField, string>> }> {
  const table = await readFile(file.content);
  const given = file.mapping ?? {};
  const explicit = toColumnMapping(given, table.columns);
  const taken = new Set(Object.values(explicit));
  // A guess gives way to a column named explicitly, and a field given as blank is left out.
  const guessed = Object.entries(suggestMapping(table.columns)).filter(([field, column]) => !(field in given) && !taken.has(column));
  const mapping: ColumnMapping = { ...Object.fromEntries(guessed), ...explicit };
  const counts = await inTransaction(db, async (trx) => {
    const entries = entriesOrProblems(table, mapping, await listUnits(trx, evaluationId));
    const plan = planImport(entries, await store.listKnownEntries(trx, evaluationId));
    return applyPlan(trx, actorId, evaluationId, plan, { filename: file.filename, rows: table.rows.length });
  });
  const cleaning = await checkDirectory(db, actorId, evaluationId, file.settings);
  const named = Object.fromEntries(directoryFields.filter((f) => mapping[f] !== undefined).map((f) => [f, table.columns[mapping[f]!]!]));
  return { ...counts, cleaning, readAs: describeReading(table), mapping: named };
}
