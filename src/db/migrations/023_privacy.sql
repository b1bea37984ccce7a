-- Privacy: what each participant consented to, their withdrawals, and how long personal data is kept.

-- One consent given by one person: an interviewee (a qualitative participant) or someone in the
-- staff directory (who may take part in surveys). What was agreed is a checklist; the form they
-- signed is a version of one of the protocol's study documents when the team keeps it there.
CREATE TABLE consent_records (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  qda_participant_id uuid REFERENCES qda_participants(id) ON DELETE CASCADE,
  person_id uuid REFERENCES people(id) ON DELETE CASCADE,
  taking_part boolean NOT NULL DEFAULT false,
  audio_recording boolean NOT NULL DEFAULT false,
  transcription boolean NOT NULL DEFAULT false,
  anonymous_quotes boolean NOT NULL DEFAULT false,
  future_research boolean NOT NULL DEFAULT false,
  form_version_id uuid REFERENCES study_document_versions(id) ON DELETE SET NULL,
  -- The form's name and version in words, when it is not kept as a study document.
  form_note text NOT NULL DEFAULT '',
  given_on date NOT NULL,
  recorded_by uuid REFERENCES users(id) ON DELETE SET NULL,
  withdrawn_on date,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CHECK ((qda_participant_id IS NULL) <> (person_id IS NULL)),
  CHECK (withdrawn_on IS NULL OR withdrawn_on >= given_on)
);
-- The consent list reads an evaluation's records; an interview page looks up its participant's.
CREATE INDEX consent_records_evaluation_idx ON consent_records (evaluation_id, given_on);
CREATE INDEX consent_records_participant_idx ON consent_records (qda_participant_id);
CREATE INDEX consent_records_person_idx ON consent_records (person_id);

-- A withdrawal from the study. 'erase' removed what had been collected; 'keep-analysed' kept what
-- was already analysed and removed the rest. The counts of what was removed are kept here and in the
-- audit log; nothing here names the person once the erasure has replaced their details.
CREATE TABLE withdrawals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  qda_participant_id uuid REFERENCES qda_participants(id) ON DELETE SET NULL,
  person_id uuid REFERENCES people(id) ON DELETE SET NULL,
  -- The number in "Withdrawn participant N".
  number integer NOT NULL CHECK (number > 0),
  withdrawn_on date NOT NULL,
  choice text NOT NULL CHECK (choice IN ('erase', 'keep-analysed')),
  reason text NOT NULL DEFAULT '',
  erased jsonb NOT NULL DEFAULT '{}'::jsonb,
  recorded_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (evaluation_id, number)
);

-- How long an evaluation keeps personal data: a number of months after its end date, or a date.
CREATE TABLE retention_policies (
  evaluation_id uuid PRIMARY KEY REFERENCES evaluations(id) ON DELETE CASCADE,
  months_after_end integer CHECK (months_after_end >= 0),
  delete_on date,
  updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CHECK ((months_after_end IS NULL) <> (delete_on IS NULL))
);
