import type { ColumnType, Generated } from 'kysely';
import type { Numeric, Timestamp } from './column-types.ts';

/** Row types of the directory import and cleaning tables; see tables.ts for the whole database. */

/** A jsonb column written as a JSON string and read back as a value. */
type Json<T> = ColumnType<T, string, string>;

export interface DirectoryImportStagingsTable {
  id: Generated<string>;
  evaluation_id: string;
  user_id: string;
  filename: string;
  file_format: string;
  encoding: string;
  delimiter: Generated<string>;
  columns: Json<string[]>;
  rows: Json<string[][]>;
  line_numbers: Json<number[]>;
  mapping: ColumnType<Record<string, number> | null, string | null | undefined, string | null>;
  created_at: Timestamp;
}

export interface DirectoryExternalIdsTable {
  person_id: string;
  evaluation_id: string;
  external_id: string;
}

export interface DirectoryCleaningRunsTable {
  id: Generated<string>;
  evaluation_id: string;
  as_of: string;
  stale_months: number;
  run_by: string | null;
  run_at: Timestamp;
  counts: ColumnType<Record<string, number>, string | undefined, string>;
}

export interface DirectoryFindingsTable {
  id: Generated<string>;
  evaluation_id: string;
  kind: string;
  person_id: string;
  other_person_id: string | null;
  subject: string;
  score: Numeric | null;
  reasons: ColumnType<string[], string | undefined, string>;
  fingerprint: string;
  status: Generated<string>;
  found_at: Timestamp;
}

export interface DirectoryDecisionsTable {
  id: Generated<string>;
  evaluation_id: string;
  finding_id: string;
  decision: string;
  person_id: string | null;
  merged_person_id: string | null;
  reason: string;
  decided_by: string | null;
  decided_at: Timestamp;
  detail: ColumnType<Record<string, unknown>, string | undefined, string>;
}
