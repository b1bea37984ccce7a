import type { Generated } from 'kysely';
import type { Timestamp } from './column-types.ts';

/** Row types of one capability's tables; see tables.ts for the whole database. */

export interface ParticipantsTable {
  id: Generated<string>;
  evaluation_id: string;
  survey_id: string;
  person_id: string | null;
  sample_id: string | null;
  token_hash: string;
  invited_at: Date | null;
  reminders_sent: Generated<number>;
  last_reminded_at: Date | null;
  completed_on: string | null;
  opted_out_on: string | null;
  bounced_at: Date | null;
  response_id: string | null;
  created_at: Timestamp;
}
