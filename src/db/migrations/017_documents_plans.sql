-- Documentary analysis: the register of the organisation's documents (with the uploaded file and its
-- text), its plans with their workstreams and deliverables, and its catalogue of improvement methods.

CREATE TABLE documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('business-plan', 'management-plan', 'leaflet', 'poster', 'web-page', 'report', 'minutes', 'other')),
  title text NOT NULL,
  issuer text NOT NULL DEFAULT '',
  issued_on date,
  -- Where the document was found (a web address), and when, as a citation of a web page needs.
  address text NOT NULL DEFAULT '',
  accessed_on date,
  notes text NOT NULL DEFAULT '',
  -- The uploaded file itself is kept in the database, so a backup and a restore carry it.
  file_name text,
  media_type text,
  size_bytes integer,
  sha256 text,
  content bytea,
  extracted_text text,
  -- The qualitative source made from the extracted text, so the document is coded like a transcript.
  source_id uuid REFERENCES qda_sources(id) ON DELETE SET NULL,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((content IS NULL) = (file_name IS NULL)),
  CHECK (size_bytes IS NULL OR size_bytes >= 0)
);
CREATE INDEX documents_evaluation_idx ON documents (evaluation_id, kind, title);
CREATE UNIQUE INDEX documents_source_key ON documents (source_id);

-- Business plans and headline management plans, each issued by a directorate for a plan year.
CREATE TABLE plans (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  title text NOT NULL,
  kind text NOT NULL DEFAULT 'management-plan' CHECK (kind IN ('business-plan', 'management-plan')),
  directorate_id uuid REFERENCES units(id) ON DELETE RESTRICT,
  plan_year text NOT NULL CHECK (plan_year ~ '^[0-9]{4}/[0-9]{2}$'),
  document_id uuid REFERENCES documents(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- An import adds to the plan of the same title and year rather than making a second one.
CREATE UNIQUE INDEX plans_title_key ON plans (evaluation_id, plan_year, lower(title));

CREATE TABLE workstreams (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  plan_id uuid NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  title text NOT NULL,
  directorate_id uuid REFERENCES units(id) ON DELETE RESTRICT,
  position integer NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX workstreams_title_key ON workstreams (plan_id, lower(title));

-- The evaluation id and plan year are repeated here so the analysis reads one table and its links.
CREATE TABLE deliverables (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  workstream_id uuid NOT NULL REFERENCES workstreams(id) ON DELETE CASCADE,
  text text NOT NULL,
  status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'ongoing', 'done', 'dropped')),
  -- Lower case, so "Workforce" and "workforce" count as one theme.
  themes text[] NOT NULL DEFAULT '{}',
  plan_year text NOT NULL CHECK (plan_year ~ '^[0-9]{4}/[0-9]{2}$'),
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX deliverables_evaluation_idx ON deliverables (evaluation_id, plan_year);
CREATE INDEX deliverables_workstream_idx ON deliverables (workstream_id, position);

-- The programmes (or other units) a deliverable involves; two or more make it cross-cutting.
CREATE TABLE deliverable_programmes (
  deliverable_id uuid NOT NULL REFERENCES deliverables(id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES units(id) ON DELETE RESTRICT,
  PRIMARY KEY (deliverable_id, unit_id)
);
CREATE INDEX deliverable_programmes_unit_idx ON deliverable_programmes (unit_id);

-- The themes that make a deliverable cross-cutting; without a row the defaults apply.
CREATE TABLE plan_settings (
  evaluation_id uuid PRIMARY KEY REFERENCES evaluations(id) ON DELETE CASCADE,
  cross_cutting_themes text[] NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The improvement methods the organisation offers (action learning, lean thinking, SWOT ...).
CREATE TABLE improvement_methods (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX improvement_methods_name_key ON improvement_methods (evaluation_id, lower(name));

-- Where a method was used. Links to case-study projects come with the case-study module.
CREATE TABLE improvement_method_deliverables (
  method_id uuid NOT NULL REFERENCES improvement_methods(id) ON DELETE CASCADE,
  deliverable_id uuid NOT NULL REFERENCES deliverables(id) ON DELETE CASCADE,
  PRIMARY KEY (method_id, deliverable_id)
);
CREATE INDEX improvement_method_deliverables_deliverable_idx ON improvement_method_deliverables (deliverable_id);

-- The codes whose coded segments are evidence about a method (what it achieved, what got in its way).
CREATE TABLE improvement_method_codes (
  method_id uuid NOT NULL REFERENCES improvement_methods(id) ON DELETE CASCADE,
  code_id uuid NOT NULL REFERENCES qda_codes(id) ON DELETE CASCADE,
  PRIMARY KEY (method_id, code_id)
);
CREATE INDEX improvement_method_codes_code_idx ON improvement_method_codes (code_id);

-- A plan file between upload and commit: kept while the researcher maps names to units and checks
-- the preview, then removed when it is imported. Nothing of it reaches the plan tables before then.
CREATE TABLE plan_imports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  file_name text NOT NULL,
  content bytea NOT NULL,
  -- Names in the file (lower case) and the unit id each was mapped to.
  mapping jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX plan_imports_evaluation_idx ON plan_imports (evaluation_id, created_at);
