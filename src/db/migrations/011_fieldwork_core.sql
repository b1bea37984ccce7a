-- Fieldwork's shared core: what cleaning records on a directory entry, and the participants of a
-- survey. The directory, sampling and fieldwork modules each add their own tables in later files.

-- A double entry merged into the entry that is kept; sampling frames leave merged entries out.
ALTER TABLE people ADD COLUMN merged_into_id uuid REFERENCES people(id) ON DELETE SET NULL;
-- The last time mail to this address bounced; cleaning lists such entries as out of date.
ALTER TABLE people ADD COLUMN email_bounced_at timestamptz;

-- A person invited to one survey. The personal link's secret is never stored, only its digest.
-- In an anonymous survey nothing here leads to the response: response_id stays null, and
-- completion is recorded by the day only.
CREATE TABLE participants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  survey_id uuid NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
  person_id uuid REFERENCES people(id) ON DELETE SET NULL,
  -- The sample the person was drawn in, when they were (the sampling module adds the reference).
  sample_id uuid,
  token_hash text NOT NULL UNIQUE,
  invited_at timestamptz,
  reminders_sent integer NOT NULL DEFAULT 0 CHECK (reminders_sent >= 0),
  last_reminded_at timestamptz,
  completed_on date,
  opted_out_on date,
  bounced_at timestamptz,
  -- Only in confidential and identified surveys.
  response_id uuid REFERENCES responses(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (survey_id, person_id)
);
-- Fieldwork pages list a survey's participants; reminders pick those not completed.
CREATE INDEX participants_survey_idx ON participants (survey_id, completed_on);
