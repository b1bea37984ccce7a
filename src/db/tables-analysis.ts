import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './column-types.ts';

/** Row types of the analysis tables (migration 016); see tables.ts for the whole database. */

export interface AnalysisSettingsTable {
  evaluation_id: string;
  disclosure_threshold: Generated<number>;
  /** The HMAC key of linking codes: never shown, never exported. */
  linking_key: string;
  updated_at: Timestamp;
}

export interface AnalysisNormsTable {
  id: Generated<string>;
  evaluation_id: string;
  instrument_id: string;
  scale_id: string;
  mean: number;
  sd: number;
  n: number;
  citation: string;
  population: Generated<string>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface ResponseLinksTable {
  response_id: string;
  survey_id: string;
  code_hash: string;
}

export interface DatasetUploadsTable {
  id: Generated<string>;
  evaluation_id: string;
  survey_id: string;
  filename: string;
  columns: ColumnType<string[], string, string>;
  rows: ColumnType<string[][], string, string>;
  created_by: string | null;
  created_at: Timestamp;
}
