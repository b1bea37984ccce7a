import { z } from 'zod';
import type { Db } from '../../../db/database.ts';
import { badRequest, notFound } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { segmentFilterInput, toSegmentFilter, type SegmentFilter } from './filters.ts';
import * as store from './matrix-store.ts';
import { codesWithin, listRoleCategories, maxContext } from './store.ts';
import { codeRefs, selectSegments, type CodeRef, type Segment } from './service.ts';

/**
 * The framework matrix: rows are participants or role categories, columns are codes (the
 * children of a chosen code, such as a framework's constructs), and each cell counts the
 * segments of the column's code, or any code below it, from the row's sources, beside a summary
 * the analyst writes. Summaries are kept per evaluation, row and column.
 */

const uuid = z.string().uuid();
export const rowKinds = ['participants', 'roles'] as const;
export type RowKind = (typeof rowKinds)[number];

export const matrixInput = segmentFilterInput.extend({
  rows: z.enum(rowKinds, { error: 'Choose participants or role categories for the rows' }).default('roles'),
  /** The code whose children are the columns; the top-level codes when absent. */
  parent: z.preprocess((v) => (v === '' ? undefined : v), uuid.optional()),
});

export const cellInput = matrixInput.extend({
  row: z.string().trim().max(200),
  column: uuid,
  context: z.coerce.number().int().min(0).max(maxContext).default(150),
});

export const summaryInput = z.object({
  summary: z.string().trim().max(20_000, 'Summaries must be 20,000 characters or fewer'),
});

export interface MatrixRow {
  /** A participant's id, or a role category lower-cased (as summaries are keyed). */
  key: string;
  label: string;
}

export interface MatrixCell {
  segments: number;
  summary: string;
}

export interface FrameworkMatrix {
  rowKind: RowKind;
  parent: CodeRef | null;
  columns: CodeRef[];
  rows: MatrixRow[];
  /** cells[row][column], in the order of rows and columns. */
  cells: MatrixCell[][];
  filter: SegmentFilter;
}

const summaryKind = (rows: RowKind) => (rows === 'participants' ? 'participant' : 'role');
const noRole = 'No role category';

async function columnsOf(db: Db, evaluationId: string, parentId: string | undefined) {
  const codes = await codeRefs(db, evaluationId);
  const parent = parentId ? (codes.find((c) => c.id === parentId) ?? null) : null;
  if (parentId && !parent) throw notFound('Code');
  return { parent, columns: codes.filter((c) => c.parentId === (parent?.id ?? null)) };
}

async function matrixRows(db: Db, evaluationId: string, rows: RowKind, filter: SegmentFilter): Promise<MatrixRow[]> {
  const participants = await store.selectMatrixParticipants(db, evaluationId, filter);
  if (rows === 'participants') return participants.map((p) => ({ key: p.id, label: p.label }));
  const used = new Set(participants.map((p) => p.role_category.toLowerCase()));
  const named = (await listRoleCategories(db, evaluationId)).filter((name) => used.has(name.toLowerCase()));
  const out = named.map((name) => ({ key: name.toLowerCase(), label: name }));
  if (used.has('')) out.push({ key: '', label: noRole });
  return out;
}

export async function frameworkMatrix(db: Db, evaluationId: string, input: z.input<typeof matrixInput>, viewerId: string | null): Promise<FrameworkMatrix> {
  const query = matrixInput.parse(input);
  const filter = toSegmentFilter(query);
  const { parent, columns } = await columnsOf(db, evaluationId, query.parent);
  const rows = await matrixRows(db, evaluationId, query.rows, filter);
  const counts = await store.selectMatrixCounts(db, evaluationId, columns.map((c) => c.id), filter, viewerId);
  const summaries = await store.listSummaries(db, evaluationId, summaryKind(query.rows));
  const rowIndex = new Map(rows.map((r, i) => [r.key, i]));
  const columnIndex = new Map(columns.map((c, i) => [c.id, i]));
  const cells = rows.map(() => columns.map(() => ({ segments: 0, summary: '' })));
  for (const count of counts) {
    const r = rowIndex.get(query.rows === 'participants' ? count.participant_id : count.role_key);
    const c = columnIndex.get(count.column_id);
    if (r !== undefined && c !== undefined) cells[r]![c]!.segments += Number(count.segments);
  }
  for (const summary of summaries) {
    const r = rowIndex.get((query.rows === 'participants' ? summary.participant_id : summary.role_category) ?? '');
    const c = columnIndex.get(summary.code_id);
    if (r !== undefined && c !== undefined) cells[r]![c]!.summary = summary.summary;
  }
  return { rowKind: query.rows, parent, columns, rows, cells, filter };
}

/** The row and column named in a cell's address, checked against the evaluation. */
async function resolveCell(db: Db, evaluationId: string, rows: RowKind, rowKey: string, columnId: string, filter: SegmentFilter) {
  const column = (await codeRefs(db, evaluationId)).find((c) => c.id === columnId);
  if (!column) throw notFound('Code');
  const all = await matrixRows(db, evaluationId, rows, { attributes: [] });
  const row = all.find((r) => r.key === (rows === 'roles' ? rowKey.toLowerCase() : rowKey));
  if (!row) throw notFound(rows === 'participants' ? 'Participant' : 'Role category');
  // The row narrows the filter: its participant, or its role category.
  const cellFilter: SegmentFilter = rows === 'participants' ? { ...filter, participantId: row.key } : { ...filter, roleCategory: row.key };
  return { column, row, cellFilter };
}

/** One cell: its segments with context, and its summary. */
export async function matrixCell(db: Db, evaluationId: string, input: z.input<typeof cellInput>, viewerId: string | null) {
  const query = cellInput.parse(input);
  const filter = toSegmentFilter(query);
  const { column, row, cellFilter } = await resolveCell(db, evaluationId, query.rows, query.row, query.column, filter);
  const codeIds = (await codesWithin(db, evaluationId, [column.id])).map((r) => r.code_id);
  const { segments } = await selectSegments(db, evaluationId, { codeIds, filter: cellFilter, context: query.context, viewerId });
  const summary = await store.findSummary(db, { evaluationId, codeId: column.id, rowKind: summaryKind(query.rows), rowKey: row.key });
  return { query, filter, column, row, segments, summary: summary?.summary ?? '', updatedAt: summary?.updated_at ?? null };
}

/** Writes (or, when empty, removes) the summary of a cell. */
export async function saveMatrixSummary(db: Db, actorId: string | null, evaluationId: string, cell: { rows: RowKind; row: string; column: string }, input: z.input<typeof summaryInput>) {
  const { summary } = summaryInput.parse(input);
  if (!uuid.safeParse(cell.column).success) throw notFound('Code');
  const { column, row } = await resolveCell(db, evaluationId, cell.rows, cell.row, cell.column, { attributes: [] });
  await store.saveSummary(db, { evaluationId, codeId: column.id, rowKind: summaryKind(cell.rows), rowKey: row.key }, summary, actorId);
  await recordAudit(db, { evaluationId, userId: actorId, action: summary ? 'update' : 'delete', entity: 'matrix summary', entityId: column.id, detail: { rows: cell.rows, characters: summary.length } });
  return { column, row, summary };
}

/** Refuses exports larger than this many segments, which would make a workbook too big to open comfortably. */
export const maxExportSegments = 50_000;

export interface MatrixWithSegments extends FrameworkMatrix {
  /** segments[row][column]: the cell's segments, in source order. */
  segments: Segment[][][];
}

/** The matrix and every cell's segments, for the XLSX and DOCX exports. */
export async function matrixForExport(db: Db, evaluationId: string, input: z.input<typeof matrixInput>, viewerId: string | null): Promise<MatrixWithSegments> {
  const matrix = await frameworkMatrix(db, evaluationId, input, viewerId);
  const total = matrix.cells.flat().reduce((sum, cell) => sum + cell.segments, 0);
  if (total > maxExportSegments) {
    throw badRequest(`The matrix holds ${total.toLocaleString('en-GB')} segments; exports take at most ${maxExportSegments.toLocaleString('en-GB')}. Choose fewer columns or filter by wave or role.`);
  }
  const within = await codesWithin(db, evaluationId, matrix.columns.map((c) => c.id));
  const columnOf = new Map(within.map((w) => [w.code_id, w.root_id]));
  const { segments } = await selectSegments(db, evaluationId, { codeIds: [...columnOf.keys()], filter: matrix.filter, viewerId });
  const rowIndex = new Map(matrix.rows.map((r, i) => [r.key, i]));
  const columnIndex = new Map(matrix.columns.map((c, i) => [c.id, i]));
  const grid = matrix.rows.map(() => matrix.columns.map((): Segment[] => []));
  for (const segment of segments) {
    const key = matrix.rowKind === 'participants' ? segment.participantId : (segment.roleCategory ?? '').toLowerCase();
    const r = key === null ? undefined : rowIndex.get(key);
    const c = columnIndex.get(columnOf.get(segment.codeId) ?? '');
    if (r !== undefined && c !== undefined) grid[r]![c]!.push(segment);
  }
  return { ...matrix, segments: grid };
}
