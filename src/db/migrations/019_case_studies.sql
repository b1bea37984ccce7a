-- Case studies: sites chosen against criteria the team sets, the improvement project studied at each,
-- the stakeholders met there, case files sampled and extracted on forms the team designs, and each
-- case file's service career (contacts by agency over time). Which improvement methods a site's
-- project used is recorded here too, so the method catalogue can name the sites.

CREATE TABLE case_study_sites (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  name text NOT NULL CHECK (name <> ''),
  -- rural, urban, metropolitan, london, or a type of the team's own words.
  site_type text NOT NULL CHECK (site_type <> ''),
  project_title text NOT NULL DEFAULT '',
  project_description text NOT NULL DEFAULT '',
  project_starts_on date,
  project_ends_on date,
  status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'selected', 'active', 'completed', 'withdrawn')),
  withdrawn_reason text NOT NULL DEFAULT '',
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'withdrawn') = (withdrawn_reason <> '')),
  CHECK (project_ends_on IS NULL OR project_starts_on IS NULL OR project_ends_on >= project_starts_on)
);
CREATE UNIQUE INDEX case_study_sites_name_idx ON case_study_sites (evaluation_id, lower(name));

-- The programmes (or other units) the site's improvement project involved.
CREATE TABLE case_study_site_units (
  site_id uuid NOT NULL REFERENCES case_study_sites(id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  PRIMARY KEY (site_id, unit_id)
);
CREATE INDEX case_study_site_units_unit_idx ON case_study_site_units (unit_id);

-- The checklist against which sites are chosen, one list per evaluation.
CREATE TABLE case_study_criteria (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  text text NOT NULL CHECK (text <> ''),
  position integer NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX case_study_criteria_text_idx ON case_study_criteria (evaluation_id, lower(text));

-- Whether a site meets a criterion, and the evidence for saying so (optionally a registered document).
CREATE TABLE case_study_site_criteria (
  site_id uuid NOT NULL REFERENCES case_study_sites(id) ON DELETE CASCADE,
  criterion_id uuid NOT NULL REFERENCES case_study_criteria(id) ON DELETE CASCADE,
  judgement text NOT NULL CHECK (judgement IN ('met', 'not-met', 'unknown')),
  evidence text NOT NULL DEFAULT '',
  document_id uuid REFERENCES documents(id) ON DELETE SET NULL,
  PRIMARY KEY (site_id, criterion_id)
);
CREATE INDEX case_study_site_criteria_criterion_idx ON case_study_site_criteria (criterion_id);

CREATE TABLE case_study_stakeholders (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  site_id uuid NOT NULL REFERENCES case_study_sites(id) ON DELETE CASCADE,
  category text NOT NULL CHECK (category IN ('senior-manager', 'practitioner', 'community-leader', 'service-user-carer')),
  name text NOT NULL CHECK (name <> ''),
  role text NOT NULL DEFAULT '',
  organisation text NOT NULL DEFAULT '',
  interview_id uuid REFERENCES interviews(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_study_stakeholders_site_idx ON case_study_stakeholders (site_id);
CREATE INDEX case_study_stakeholders_interview_idx ON case_study_stakeholders (interview_id);

-- Forms for extracting information from case files; their fields are the team's own.
CREATE TABLE case_extraction_forms (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  name text NOT NULL CHECK (name <> ''),
  description text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX case_extraction_forms_name_idx ON case_extraction_forms (evaluation_id, lower(name));

CREATE TABLE case_extraction_fields (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  form_id uuid NOT NULL REFERENCES case_extraction_forms(id) ON DELETE CASCADE,
  label text NOT NULL CHECK (label <> ''),
  field_type text NOT NULL CHECK (field_type IN ('text', 'number', 'date', 'yes-no', 'choice')),
  options text[] NOT NULL DEFAULT '{}',
  required boolean NOT NULL DEFAULT false,
  position integer NOT NULL DEFAULT 0,
  CHECK ((field_type = 'choice') = (cardinality(options) > 0))
);
CREATE INDEX case_extraction_fields_form_idx ON case_extraction_fields (form_id, position);

-- A case file is known only by an anonymous reference: never a name.
CREATE TABLE case_files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  site_id uuid NOT NULL REFERENCES case_study_sites(id) ON DELETE CASCADE,
  reference text NOT NULL CHECK (reference <> ''),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX case_files_reference_idx ON case_files (site_id, lower(reference));

-- A sample of case files drawn with a recorded seed; a file is drawn into at most one sample.
CREATE TABLE case_file_samples (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  site_id uuid NOT NULL REFERENCES case_study_sites(id) ON DELETE CASCADE,
  size integer NOT NULL CHECK (size > 0),
  seed text NOT NULL,
  drawn_by uuid REFERENCES users(id) ON DELETE SET NULL,
  drawn_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_file_samples_site_idx ON case_file_samples (site_id);

CREATE TABLE case_file_sample_members (
  sample_id uuid NOT NULL REFERENCES case_file_samples(id) ON DELETE CASCADE,
  case_file_id uuid NOT NULL UNIQUE REFERENCES case_files(id) ON DELETE CASCADE,
  position integer NOT NULL,
  PRIMARY KEY (sample_id, case_file_id)
);

-- What was extracted from one case file on one form: a value for each field.
CREATE TABLE case_extractions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_file_id uuid NOT NULL REFERENCES case_files(id) ON DELETE CASCADE,
  form_id uuid NOT NULL REFERENCES case_extraction_forms(id) ON DELETE CASCADE,
  recorded_by uuid REFERENCES users(id) ON DELETE SET NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (case_file_id, form_id)
);
CREATE INDEX case_extractions_form_idx ON case_extractions (form_id);

CREATE TABLE case_extraction_values (
  extraction_id uuid NOT NULL REFERENCES case_extractions(id) ON DELETE CASCADE,
  field_id uuid NOT NULL REFERENCES case_extraction_fields(id) ON DELETE CASCADE,
  value text NOT NULL,
  PRIMARY KEY (extraction_id, field_id)
);
CREATE INDEX case_extraction_values_field_idx ON case_extraction_values (field_id);

-- The service career: each contact the person had with an agency.
CREATE TABLE case_file_contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_file_id uuid NOT NULL REFERENCES case_files(id) ON DELETE CASCADE,
  contacted_on date NOT NULL,
  agency text NOT NULL CHECK (agency <> ''),
  kind text NOT NULL DEFAULT '',
  note text NOT NULL DEFAULT ''
);
CREATE INDEX case_file_contacts_file_idx ON case_file_contacts (case_file_id, contacted_on);

-- Which improvement methods a case-study site's project used.
CREATE TABLE improvement_method_sites (
  method_id uuid NOT NULL REFERENCES improvement_methods(id) ON DELETE CASCADE,
  site_id uuid NOT NULL REFERENCES case_study_sites(id) ON DELETE CASCADE,
  PRIMARY KEY (method_id, site_id)
);
CREATE INDEX improvement_method_sites_site_idx ON improvement_method_sites (site_id);
