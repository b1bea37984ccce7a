import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './column-types.ts';

/** Row types of findings, their evidence and recommendations (migration 018). */

/** jsonb: what the kind of analysis is and its parameters, e.g. { "view": "scale-by-unit", "scale": "…" }. */
export type ResultSpec = ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;

export interface FindingsTable {
  id: Generated<string>;
  evaluation_id: string;
  statement: string;
  detail: Generated<string>;
  valence: string;
  strength: Generated<string>;
  position: Generated<number>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface FindingConstructsTable {
  finding_id: string;
  code_id: string;
}

export interface FindingEvidenceTable {
  id: Generated<string>;
  finding_id: string;
  kind: string;
  stance: Generated<string>;
  note: Generated<string>;
  coding_id: string | null;
  quote_id: string | null;
  survey_id: string | null;
  document_id: string | null;
  context_event_id: string | null;
  result_spec: ResultSpec;
  position: Generated<number>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface RecommendationsTable {
  id: Generated<string>;
  evaluation_id: string;
  text: string;
  addressed_to: Generated<string>;
  position: Generated<number>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RecommendationFindingsTable {
  recommendation_id: string;
  finding_id: string;
}
