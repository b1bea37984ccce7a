import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './column-types.ts';

/** Row types of reports, their sections and saved versions, and the glossary (migration 021). */

/** jsonb: the assembled report model; written as JSON text. */
export type ReportModelColumn = ColumnType<Record<string, unknown>, string, string>;

export interface ReportsTable {
  id: Generated<string>;
  evaluation_id: string;
  title: string;
  template: string;
  due_on: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ReportSectionsTable {
  report_id: string;
  section: string;
  narrative: Generated<string>;
  included: Generated<boolean>;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface ReportVersionsTable {
  id: Generated<string>;
  report_id: string;
  number: number;
  status: Generated<string>;
  model: ReportModelColumn;
  fingerprint: string;
  built_by: string | null;
  built_at: Timestamp;
  released_by: string | null;
  released_at: Date | null;
}

export interface AbbreviationsTable {
  id: Generated<string>;
  evaluation_id: string;
  abbreviation: string;
  meaning: string;
}
