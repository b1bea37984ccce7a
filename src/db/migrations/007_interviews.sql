-- Interviews around the qualitative core: the evaluation's own list of participant role
-- categories, versioned interview schedules (topic guides) linked to the protocol's research
-- questions, and the terms that pseudonymisation replaces in everything that leaves the team.

-- Role categories are the team's words ("programme lead"); participants hold the name itself
-- (qda_participants.role_category), so renaming a category renames it on its participants too.
CREATE TABLE qda_role_categories (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  name text NOT NULL CHECK (name <> ''),
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
-- The participant form lists an evaluation's categories in order; names are unique ignoring case.
CREATE UNIQUE INDEX qda_role_categories_name_key ON qda_role_categories (evaluation_id, lower(name));

-- A schedule is a name; what it asks lives in its versions, one per save, never changed after.
CREATE TABLE interview_schedules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX interview_schedules_evaluation_idx ON interview_schedules (evaluation_id);

CREATE TABLE interview_schedule_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  schedule_id uuid NOT NULL REFERENCES interview_schedules(id) ON DELETE CASCADE,
  number integer NOT NULL CHECK (number > 0),
  title text NOT NULL,
  introduction text NOT NULL DEFAULT '',
  -- What changed and why, as the person saving it said.
  change_note text NOT NULL DEFAULT '',
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (schedule_id, number)
);

CREATE TABLE interview_schedule_sections (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  version_id uuid NOT NULL REFERENCES interview_schedule_versions(id) ON DELETE CASCADE,
  position integer NOT NULL,
  title text NOT NULL,
  guidance text NOT NULL DEFAULT '',
  UNIQUE (version_id, position)
);

CREATE TABLE interview_schedule_questions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  section_id uuid NOT NULL REFERENCES interview_schedule_sections(id) ON DELETE CASCADE,
  position integer NOT NULL,
  text text NOT NULL,
  guidance text NOT NULL DEFAULT '',
  UNIQUE (section_id, position)
);

CREATE TABLE interview_schedule_prompts (
  question_id uuid NOT NULL REFERENCES interview_schedule_questions(id) ON DELETE CASCADE,
  position integer NOT NULL,
  text text NOT NULL,
  PRIMARY KEY (question_id, position)
);

-- Which research questions of the protocol a schedule question serves.
CREATE TABLE interview_schedule_question_links (
  question_id uuid NOT NULL REFERENCES interview_schedule_questions(id) ON DELETE CASCADE,
  research_question_id uuid NOT NULL REFERENCES research_questions(id) ON DELETE CASCADE,
  PRIMARY KEY (question_id, research_question_id)
);
-- Deleting a research question finds the schedule questions that served it.
CREATE INDEX interview_schedule_question_links_rq_idx ON interview_schedule_question_links (research_question_id);

-- The version of the schedule an interview followed, so answers can be read against what was asked.
ALTER TABLE interviews ADD COLUMN schedule_version_id uuid REFERENCES interview_schedule_versions(id) ON DELETE SET NULL;

-- A name that must not leave the team, its other spellings, and what replaces it.
-- seeded_from records a term added from the organisation's units or staff directory, so
-- seeding again adds only what is new.
CREATE TABLE pseudonym_terms (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('person', 'programme', 'place', 'organisation', 'other')),
  term text NOT NULL CHECK (term <> ''),
  variants text[] NOT NULL DEFAULT '{}',
  replacement text NOT NULL CHECK (replacement <> ''),
  seeded_from text NOT NULL DEFAULT '' CHECK (seeded_from IN ('', 'unit', 'directory')),
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
-- The terms page lists by kind and term; a term is listed once, ignoring case.
CREATE UNIQUE INDEX pseudonym_terms_term_key ON pseudonym_terms (evaluation_id, lower(term));
