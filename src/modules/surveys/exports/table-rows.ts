import type { AnswerValue } from '../conditions.ts';
import type { CellValue } from './cells.ts';
import type { ExportLayout, FixedField } from './layout.ts';
import type { ExportRow } from './response-rows.ts';

/**
 * Turns a response into its row, in the layout's column order: the fixed columns, then one cell
 * per variable. Writers choose what a cell is (a typed value for XLSX, CSV text for CSV).
 */
export type RowBuilder<T> = (row: ExportRow) => T[];

function isoTime(value: Date | null): string | null {
  return value ? value.toISOString() : null;
}

export function fixedValue(field: FixedField, row: ExportRow, version: number | null): CellValue {
  switch (field) {
    case 'id':
      return row.id;
    case 'status':
      return row.status;
    case 'purpose':
      return row.purpose;
    case 'version':
      return version;
    case 'participant':
      return row.participantId;
    case 'started':
      return isoTime(row.startedAt);
    case 'completed':
      return isoTime(row.completedAt);
  }
}

/**
 * Builds the row function once per export. `cells[i]` renders the answer to variable i and
 * `fixed` renders a fixed column's value. For each version the variables its responses cannot
 * fill get the empty cell.
 */
export function rowBuilder<T>(layout: ExportLayout, cells: ((value: AnswerValue | undefined) => T)[], fixed: (value: CellValue) => T): RowBuilder<T> {
  const empty = fixed(null);
  const ids = layout.variables.map((v) => v.questionId);
  const perVersion = new Map<string, { number: number; carried: boolean[] }>();
  for (const [id, mapping] of layout.versions) perVersion.set(id, { number: mapping.number, carried: layout.variables.map((v) => mapping.carried.has(v.name)) });
  // A response to a version the layout does not know (saved after the export began) stays aligned, with no answers.
  const unknown = { number: null, carried: layout.variables.map(() => false) };
  const fields = layout.fixed.map((c) => c.field);
  return (row) => {
    const version = perVersion.get(row.versionId) ?? unknown;
    const out = new Array<T>(fields.length + ids.length);
    for (let i = 0; i < fields.length; i++) out[i] = fixed(fixedValue(fields[i]!, row, version.number));
    const answers = row.answers;
    for (let i = 0; i < ids.length; i++) out[fields.length + i] = version.carried[i] ? cells[i]!(answers[ids[i]!]) : empty;
    return out;
  };
}
