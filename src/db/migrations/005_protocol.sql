-- Protocol: aims, research questions, methods and the method-by-question matrix; stages and tasks
-- with the history of every change; contract variations; the week-by-week plan; the advisory group;
-- ethics approvals and versioned study documents; and the organisation's outer context over time.
-- Links between rows are checked to stay inside one evaluation by the services, in the same
-- transaction as the change.
-- created_at defaults to clock_timestamp(), not now(): lists fall back on it to keep rows of the
-- same date in the order they were added, and now() is the same for every row of a transaction
-- (the demo adds everything in one).

CREATE TABLE research_aims (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  text text NOT NULL,
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
-- The protocol page lists an evaluation's aims in order.
CREATE INDEX research_aims_evaluation_idx ON research_aims (evaluation_id, position);

-- A manual override of whether a question was addressed always carries its reason, so a report
-- never says "not addressed" without saying why.
CREATE TABLE research_questions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  text text NOT NULL,
  position integer NOT NULL DEFAULT 0,
  override_addressed boolean,
  override_reason text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CHECK (override_addressed IS NULL OR override_reason <> '')
);
CREATE INDEX research_questions_evaluation_idx ON research_questions (evaluation_id, position);

CREATE TABLE question_aims (
  question_id uuid NOT NULL REFERENCES research_questions(id) ON DELETE CASCADE,
  aim_id uuid NOT NULL REFERENCES research_aims(id) ON DELETE CASCADE,
  PRIMARY KEY (question_id, aim_id)
);
-- Deleting an aim checks which questions hang on it.
CREATE INDEX question_aims_aim_idx ON question_aims (aim_id);

-- kind is one of the usual methods, or 'other' with the team's own name for it in own_kind.
CREATE TABLE research_methods (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('documentary-analysis', 'interviews', 'survey', 'case-studies', 'reanalysis', 'learning-sets', 'observation', 'other')),
  own_kind text NOT NULL DEFAULT '',
  description text NOT NULL DEFAULT '',
  -- Marked by the team until the data modules report evidence themselves.
  has_data boolean NOT NULL DEFAULT false,
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CHECK (kind <> 'other' OR own_kind <> '')
);
CREATE INDEX research_methods_evaluation_idx ON research_methods (evaluation_id, position);

-- The matrix: which method answers which question.
CREATE TABLE method_questions (
  method_id uuid NOT NULL REFERENCES research_methods(id) ON DELETE CASCADE,
  question_id uuid NOT NULL REFERENCES research_questions(id) ON DELETE CASCADE,
  PRIMARY KEY (method_id, question_id)
);
CREATE INDEX method_questions_question_idx ON method_questions (question_id);

CREATE TABLE protocol_stages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  name text NOT NULL,
  phase_id uuid REFERENCES phases(id) ON DELETE SET NULL,
  position integer NOT NULL DEFAULT 0
);
CREATE INDEX protocol_stages_evaluation_idx ON protocol_stages (evaluation_id, position);

-- A cancelled or deferred task always says why: the progress statement prints the reason.
CREATE TABLE protocol_tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  stage_id uuid NOT NULL REFERENCES protocol_stages(id),
  title text NOT NULL,
  status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'ongoing', 'done', 'cancelled', 'deferred')),
  starts_on date,
  ends_on date,
  -- A team member, or someone named in free text (owner_name), or nobody.
  owner_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  owner_name text NOT NULL DEFAULT '',
  note text NOT NULL DEFAULT '',
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (status NOT IN ('cancelled', 'deferred') OR note <> ''),
  CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on)
);
-- The progress statement reads tasks stage by stage.
CREATE INDEX protocol_tasks_stage_idx ON protocol_tasks (stage_id, position);
CREATE INDEX protocol_tasks_evaluation_idx ON protocol_tasks (evaluation_id);

-- One row per change to a task, kept for good: the task page lists them in the order they were
-- made (by id: changes in one transaction share their timestamp).
-- changes holds { field: { from, to } } for status, dates, owner and the rest, as shown to people.
CREATE TABLE task_changes (
  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  task_id uuid NOT NULL REFERENCES protocol_tasks(id) ON DELETE CASCADE,
  changed_at timestamptz NOT NULL DEFAULT now(),
  changed_by uuid REFERENCES users(id) ON DELETE SET NULL,
  -- 'created' for the task's first entry, 'changed' for every later one.
  kind text NOT NULL DEFAULT 'changed' CHECK (kind IN ('created', 'changed')),
  changes jsonb NOT NULL DEFAULT '{}'::jsonb,
  reason text NOT NULL DEFAULT ''
);
CREATE INDEX task_changes_task_idx ON task_changes (task_id, id);

CREATE TABLE contract_variations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  agreed_on date NOT NULL,
  reference text NOT NULL DEFAULT '',
  description text NOT NULL,
  added text NOT NULL DEFAULT '',
  removed text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX contract_variations_evaluation_idx ON contract_variations (evaluation_id, agreed_on);

CREATE TABLE variation_tasks (
  variation_id uuid NOT NULL REFERENCES contract_variations(id) ON DELETE CASCADE,
  task_id uuid NOT NULL REFERENCES protocol_tasks(id) ON DELETE CASCADE,
  PRIMARY KEY (variation_id, task_id)
);
CREATE INDEX variation_tasks_task_idx ON variation_tasks (task_id);

CREATE TABLE work_plan_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  week_starting date NOT NULL,
  activity text NOT NULL,
  task_id uuid REFERENCES protocol_tasks(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
-- The plan is shown week by week.
CREATE INDEX work_plan_entries_evaluation_idx ON work_plan_entries (evaluation_id, week_starting);

-- Owners of a plan entry: team members (user_id) or people named in free text (user_id null).
CREATE TABLE work_plan_owners (
  entry_id uuid NOT NULL REFERENCES work_plan_entries(id) ON DELETE CASCADE,
  position integer NOT NULL,
  user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  name text NOT NULL,
  PRIMARY KEY (entry_id, position)
);

CREATE TABLE advisory_members (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  name text NOT NULL,
  organisation text NOT NULL DEFAULT '',
  role text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX advisory_members_evaluation_idx ON advisory_members (evaluation_id, name);

CREATE TABLE advisory_meetings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  held_on date NOT NULL,
  agenda text NOT NULL DEFAULT '',
  minutes_summary text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX advisory_meetings_evaluation_idx ON advisory_meetings (evaluation_id, held_on);

CREATE TABLE advisory_decisions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  meeting_id uuid NOT NULL REFERENCES advisory_meetings(id) ON DELETE CASCADE,
  text text NOT NULL,
  task_id uuid REFERENCES protocol_tasks(id) ON DELETE SET NULL,
  question_id uuid REFERENCES research_questions(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX advisory_decisions_meeting_idx ON advisory_decisions (meeting_id, created_at);

CREATE TABLE ethics_approvals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  committee text NOT NULL,
  reference text NOT NULL DEFAULT '',
  decided_on date,
  conditions text NOT NULL DEFAULT '',
  status text NOT NULL CHECK (status IN ('submitted', 'approved', 'approved-with-conditions', 'not-approved', 'withdrawn')),
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX ethics_approvals_evaluation_idx ON ethics_approvals (evaluation_id, decided_on);

CREATE TABLE study_documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('information-leaflet', 'consent-form', 'contact-sheet', 'interview-schedule', 'other')),
  title text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX study_documents_evaluation_idx ON study_documents (evaluation_id, title);

-- Every edit of a study document is a new version; versions are never changed, so any one that
-- participants were given can be printed again as it was.
CREATE TABLE study_document_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  document_id uuid NOT NULL REFERENCES study_documents(id) ON DELETE CASCADE,
  number integer NOT NULL,
  title text NOT NULL,
  body text NOT NULL,
  change_note text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  UNIQUE (document_id, number)
);

-- Events in the organisation's outer context. A date known only to the month is stored as the
-- first of that month with precision 'month', so events still sort in time.
CREATE TABLE context_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('policy', 'review', 'budget', 'media', 'other')),
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  occurred_on date NOT NULL,
  date_precision text NOT NULL DEFAULT 'day' CHECK (date_precision IN ('day', 'month')),
  source text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (date_precision = 'day' OR extract(day FROM occurred_on) = 1)
);
-- The timeline reads an evaluation's events in date order.
CREATE INDEX context_events_evaluation_idx ON context_events (evaluation_id, occurred_on);
