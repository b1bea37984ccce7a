-- Analysis across waves: per-evaluation settings (disclosure threshold, the key of linking codes),
-- published norms entered by the team, linking codes of responses (keyed hashes only) and
-- uploaded data sets waiting for their columns to be mapped.

-- One row per evaluation, made when first needed. The linking key never leaves the database: it
-- turns a respondent's self-generated code into a keyed hash (HMAC-SHA256), so the same code gives
-- the same hash in every wave of this evaluation and no other.
CREATE TABLE analysis_settings (
  evaluation_id uuid PRIMARY KEY REFERENCES evaluations(id) ON DELETE CASCADE,
  disclosure_threshold integer NOT NULL DEFAULT 5 CHECK (disclosure_threshold >= 1 AND disclosure_threshold <= 100),
  linking_key text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A published norm for one scale of an instrument, always with its citation.
CREATE TABLE analysis_norms (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  instrument_id text NOT NULL,
  scale_id text NOT NULL,
  mean double precision NOT NULL,
  sd double precision NOT NULL CHECK (sd > 0),
  n integer NOT NULL CHECK (n >= 2),
  citation text NOT NULL CHECK (citation ~ '\S'),
  population text NOT NULL DEFAULT '',
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX analysis_norms_evaluation_idx ON analysis_norms (evaluation_id, instrument_id, scale_id);

-- The keyed hash of a response's linking code; the answers that made it are never stored.
CREATE TABLE response_links (
  response_id uuid PRIMARY KEY REFERENCES responses(id) ON DELETE CASCADE,
  survey_id uuid NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
  code_hash text NOT NULL
);
-- Matching two waves joins their codes.
CREATE INDEX response_links_survey_idx ON response_links (survey_id, code_hash);

-- An existing data set uploaded for import into a survey, kept until its columns are mapped.
CREATE TABLE dataset_uploads (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  survey_id uuid NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
  filename text NOT NULL,
  columns jsonb NOT NULL,
  rows jsonb NOT NULL,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dataset_uploads_survey_idx ON dataset_uploads (survey_id, created_at);
