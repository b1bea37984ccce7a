/** Row types of the completions waiting to be applied to participants (migration 024); see tables.ts. */

export interface PendingCompletionsTable {
  participant_id: string;
  survey_id: string;
}
