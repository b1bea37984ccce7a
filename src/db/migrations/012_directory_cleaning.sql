-- Directory import and cleaning: an uploaded directory waiting to be mapped and committed, the
-- organisation's own identifiers for people, and the review queue of double, missing and
-- out-of-date entries with every decision taken on it.

-- A parsed directory file between the mapping page and the commit: the cells, never the file.
-- It belongs to the user who uploaded it, and is deleted at the commit or after a day.
CREATE TABLE directory_import_stagings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  filename text NOT NULL,
  file_format text NOT NULL CHECK (file_format IN ('csv', 'xlsx')),
  -- How the file was read: utf-8 or windows-1252 for text, xlsx for a workbook.
  encoding text NOT NULL,
  delimiter text NOT NULL DEFAULT '',
  columns jsonb NOT NULL,
  rows jsonb NOT NULL,
  -- The line (or sheet row) each row came from, so a problem names the row the user sees.
  line_numbers jsonb NOT NULL,
  -- Directory field -> column number, once the mapping page has been sent.
  mapping jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX directory_import_stagings_user_idx ON directory_import_stagings (user_id, created_at);
-- Stagings older than a day are swept by age.
CREATE INDEX directory_import_stagings_age_idx ON directory_import_stagings (created_at);

-- The organisation's own identifier for a directory entry (a staff number): re-imports match on it.
CREATE TABLE directory_external_ids (
  person_id uuid PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  external_id text NOT NULL,
  UNIQUE (evaluation_id, external_id)
);

-- Each run of the cleaning checks: the day "out of date" was judged against, and what it found.
CREATE TABLE directory_cleaning_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  as_of date NOT NULL,
  stale_months integer NOT NULL CHECK (stale_months BETWEEN 1 AND 120),
  run_by uuid REFERENCES users(id) ON DELETE SET NULL,
  run_at timestamptz NOT NULL DEFAULT now(),
  counts jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX directory_cleaning_runs_evaluation_idx ON directory_cleaning_runs (evaluation_id, run_at DESC);

-- One problem the checks found: a pair of entries that may be one person, an entry with gaps, or
-- an entry that may be out of date. `subject` names it (kind and entries) so a re-run finds the
-- same row; `fingerprint` digests the data it was judged on, so a finding the team kept is raised
-- again only when that data changes.
CREATE TABLE directory_findings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('double', 'missing', 'out-of-date')),
  person_id uuid NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  other_person_id uuid REFERENCES people(id) ON DELETE CASCADE,
  subject text NOT NULL,
  score numeric(3, 2) CHECK (score BETWEEN 0 AND 1),
  reasons jsonb NOT NULL DEFAULT '[]'::jsonb,
  fingerprint text NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'merged', 'left', 'kept')),
  found_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (evaluation_id, subject),
  CHECK ((kind = 'double') = (other_person_id IS NOT NULL))
);
-- The queue lists an evaluation's findings by status and kind.
CREATE INDEX directory_findings_queue_idx ON directory_findings (evaluation_id, status, kind);
CREATE INDEX directory_findings_person_idx ON directory_findings (person_id);
CREATE INDEX directory_findings_other_idx ON directory_findings (other_person_id);

-- What the team decided on a finding, who decided and why.
CREATE TABLE directory_decisions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  finding_id uuid NOT NULL REFERENCES directory_findings(id) ON DELETE CASCADE,
  decision text NOT NULL CHECK (decision IN ('merge', 'left', 'keep')),
  -- The entry kept in a merge, or marked as left.
  person_id uuid REFERENCES people(id) ON DELETE SET NULL,
  -- The entry that went in a merge.
  merged_person_id uuid REFERENCES people(id) ON DELETE SET NULL,
  reason text NOT NULL CHECK (length(btrim(reason)) > 0),
  decided_by uuid REFERENCES users(id) ON DELETE SET NULL,
  decided_at timestamptz NOT NULL DEFAULT now(),
  detail jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX directory_decisions_finding_idx ON directory_decisions (finding_id, decided_at);
CREATE INDEX directory_decisions_evaluation_idx ON directory_decisions (evaluation_id, decided_at DESC);
