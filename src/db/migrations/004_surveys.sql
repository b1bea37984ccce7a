-- Surveys: definitions in versions, and responses.

CREATE TABLE surveys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  title text NOT NULL,
  purpose text NOT NULL CHECK (purpose IN ('pretest', 'pilot', 'main')),
  wave_id uuid REFERENCES waves(id) ON DELETE SET NULL,
  anonymity text NOT NULL CHECK (anonymity IN ('anonymous', 'confidential', 'identified')),
  -- 'open': anyone with the survey's link may answer; 'personal': only through personal invitations.
  access text NOT NULL DEFAULT 'open' CHECK (access IN ('open', 'personal')),
  -- The short code in the survey's public link (/s/CODE).
  public_code text NOT NULL UNIQUE,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
  opens_at timestamptz,
  closes_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (closes_at IS NULL OR opens_at IS NULL OR closes_at > opens_at)
);
-- The surveys page lists an evaluation's surveys.
CREATE INDEX surveys_evaluation_idx ON surveys (evaluation_id, created_at);

-- Each version holds the whole questionnaire; a version with responses is never changed again.
-- The survey's current version is its highest number; new responses use it.
CREATE TABLE survey_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  survey_id uuid NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
  number integer NOT NULL,
  definition jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  UNIQUE (survey_id, number)
);

-- One row per response. Answers are keyed by question id, so SQL computes item statistics
-- directly (answers->>'q1'). In an anonymous survey nothing here can lead back to a person:
-- no participant, no timestamps, no network address.
CREATE TABLE responses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  survey_id uuid NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
  version_id uuid NOT NULL REFERENCES survey_versions(id),
  -- Digest of the secret key in the respondent's link.
  key_hash text NOT NULL UNIQUE,
  -- Digest of the resume code a respondent to an open survey may type to come back.
  resume_hash text UNIQUE,
  participant_id uuid,
  purpose text NOT NULL CHECK (purpose IN ('pretest', 'pilot', 'main')),
  status text NOT NULL DEFAULT 'partial' CHECK (status IN ('partial', 'complete')),
  -- The furthest page the respondent has saved (0 before the first).
  pages_saved integer NOT NULL DEFAULT 0,
  answers jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- Only for confidential and identified surveys; always null in anonymous ones.
  started_at timestamptz,
  completed_at timestamptz
);
-- Statistics and exports read a survey's responses by status.
CREATE INDEX responses_survey_idx ON responses (survey_id, status);
