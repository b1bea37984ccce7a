import type { Generated } from 'kysely';
import type { Timestamp } from './column-types.ts';

/** Row types of the invitations' tables (migration 014); see tables.ts for the whole database. */

export interface SettingsTable {
  name: string;
  value: string;
  created_at: Timestamp;
}

export interface MailTemplatesTable {
  survey_id: string;
  kind: string;
  subject: string;
  body: string;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface MailJobsTable {
  id: Generated<string>;
  evaluation_id: string;
  survey_id: string;
  participant_id: string;
  kind: string;
  round: number;
  to_address: string;
  subject: string;
  body: string;
  status: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  claimed_at: Date | null;
  last_error: string | null;
  sent_at: Date | null;
  created_at: Timestamp;
}
