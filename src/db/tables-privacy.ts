import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './column-types.ts';

/** Row types of consent records, withdrawals and retention policies (migration 023). */

/** jsonb: how many rows of each kind a withdrawal removed, e.g. { "interviews": 1, "codings": 12 }. */
export type ErasedCounts = ColumnType<Record<string, number>, string | undefined, string>;

export interface ConsentRecordsTable {
  id: Generated<string>;
  evaluation_id: string;
  qda_participant_id: string | null;
  person_id: string | null;
  taking_part: Generated<boolean>;
  audio_recording: Generated<boolean>;
  transcription: Generated<boolean>;
  anonymous_quotes: Generated<boolean>;
  future_research: Generated<boolean>;
  form_version_id: string | null;
  form_note: Generated<string>;
  given_on: string;
  recorded_by: string | null;
  withdrawn_on: string | null;
  created_at: Timestamp;
}

export interface WithdrawalsTable {
  id: Generated<string>;
  evaluation_id: string;
  qda_participant_id: string | null;
  person_id: string | null;
  number: number;
  withdrawn_on: string;
  choice: string;
  reason: Generated<string>;
  erased: ErasedCounts;
  recorded_by: string | null;
  created_at: Timestamp;
}

export interface RetentionPoliciesTable {
  evaluation_id: string;
  months_after_end: number | null;
  delete_on: string | null;
  updated_by: string | null;
  updated_at: Timestamp;
}
