import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './column-types.ts';

/** Row types of one capability's tables; see tables.ts for the whole database. */

export interface SurveysTable {
  id: Generated<string>;
  evaluation_id: string;
  title: string;
  purpose: string;
  wave_id: string | null;
  anonymity: string;
  access: Generated<string>;
  public_code: string;
  status: Generated<string>;
  opens_at: Date | null;
  closes_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SurveyVersionsTable {
  id: Generated<string>;
  survey_id: string;
  number: number;
  definition: ColumnType<unknown, string, string>;
  created_at: Timestamp;
  created_by: string | null;
}

export interface ResponsesTable {
  id: Generated<string>;
  survey_id: string;
  version_id: string;
  key_hash: string;
  resume_hash: string | null;
  participant_id: string | null;
  purpose: string;
  status: Generated<string>;
  pages_saved: Generated<number>;
  answers: ColumnType<Record<string, unknown>, string | undefined, string>;
  started_at: Date | null;
  completed_at: Date | null;
  /** The item answers coded compactly (migration 026); written only by the database's trigger. */
  item_answers: ColumnType<Uint8Array | null, never, never>;
}

/** Positions of a survey's item questions in responses.item_answers (migration 026). */
export interface SurveyAnswerColumnsTable {
  survey_id: string;
  question_id: string;
  position: number;
}
