-- Reports: what the funder receives. A report has a template (which sections, in which order) and a
-- due date for the schedule; the team writes the narrative sections; each saved version keeps the
-- whole assembled report as JSON, so it can be rebuilt identically in any format long after the data
-- have moved on. Only a released version leaves the team.

CREATE TABLE reports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  title text NOT NULL CHECK (title <> ''),
  template text NOT NULL CHECK (template IN ('interim', 'final', 'feedback')),
  due_on date,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reports_evaluation_idx ON reports (evaluation_id, due_on);

-- The team's own words for a section (the executive summary, say), and whether the section is left out.
CREATE TABLE report_sections (
  report_id uuid NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  section text NOT NULL,
  narrative text NOT NULL DEFAULT '',
  included boolean NOT NULL DEFAULT true,
  updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (report_id, section)
);

-- A saved version: the assembled report (the data version it was built from) and its SHA-256.
CREATE TABLE report_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  report_id uuid NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  number integer NOT NULL CHECK (number > 0),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'released')),
  model jsonb NOT NULL,
  fingerprint text NOT NULL,
  built_by uuid REFERENCES users(id) ON DELETE SET NULL,
  built_at timestamptz NOT NULL DEFAULT now(),
  released_by uuid REFERENCES users(id) ON DELETE SET NULL,
  released_at timestamptz,
  UNIQUE (report_id, number),
  CHECK ((status = 'released') = (released_at IS NOT NULL))
);

-- The glossary of abbreviations the team keeps for its reports.
CREATE TABLE abbreviations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  abbreviation text NOT NULL CHECK (abbreviation <> ''),
  meaning text NOT NULL CHECK (meaning <> ''),
  UNIQUE (evaluation_id, abbreviation)
);
