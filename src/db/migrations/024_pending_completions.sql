-- Completions in anonymous surveys that wait to be copied to their participants' completed_on.
--
-- A participant marked "completed" in the transaction after their response is completed would get
-- a transaction id (xmin) and a physical place (ctid) that follow the response's, so anyone reading
-- the database could pair them by order. Instead the completion waits here and is applied later,
-- in a group of at least five participants changed in random order in one transaction (see
-- src/modules/fieldwork/invitations/completions.ts). No time is kept; the row is deleted when applied.
CREATE TABLE pending_completions (
  participant_id uuid PRIMARY KEY REFERENCES participants(id) ON DELETE CASCADE,
  survey_id uuid NOT NULL REFERENCES surveys(id) ON DELETE CASCADE
);
CREATE INDEX pending_completions_survey ON pending_completions (survey_id);
