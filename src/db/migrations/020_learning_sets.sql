-- Learning sets: groups of staff or front-line practitioners who meet to hear the evaluation's
-- emerging findings and say whether they ring true (the "reality check"). A set has members and
-- sessions; a session records who came, which findings were presented and each attending member's
-- response to each presented finding. Feedback refers to attendance and to the presented finding
-- by composite keys, so the database itself refuses feedback from someone who was not there or on
-- a finding that was not shown.
-- Also: who overrode whether a research question was addressed, and when (the override itself and
-- its reason are kept on research_questions since migration 005).

CREATE TABLE learning_sets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('internal-staff', 'front-line-practitioners')),
  name text NOT NULL CHECK (name <> ''),
  description text NOT NULL DEFAULT '',
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX learning_sets_evaluation_idx ON learning_sets (evaluation_id, created_at);

-- A member is named as the team knows them; person_id optionally links the staff directory.
CREATE TABLE learning_set_members (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  learning_set_id uuid NOT NULL REFERENCES learning_sets(id) ON DELETE CASCADE,
  name text NOT NULL CHECK (name <> ''),
  role text NOT NULL DEFAULT '',
  organisation text NOT NULL DEFAULT '',
  person_id uuid REFERENCES people(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX learning_set_members_set_idx ON learning_set_members (learning_set_id, created_at);
CREATE INDEX learning_set_members_person_idx ON learning_set_members (person_id);

-- A cancelled or postponed session always says why.
CREATE TABLE learning_set_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  learning_set_id uuid NOT NULL REFERENCES learning_sets(id) ON DELETE CASCADE,
  planned_on date NOT NULL,
  place text NOT NULL DEFAULT '',
  facilitator text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held', 'cancelled', 'postponed')),
  status_reason text NOT NULL DEFAULT '',
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CHECK (status NOT IN ('cancelled', 'postponed') OR status_reason <> '')
);
CREATE INDEX learning_set_sessions_set_idx ON learning_set_sessions (learning_set_id, planned_on);

CREATE TABLE learning_set_session_changes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  session_id uuid NOT NULL REFERENCES learning_set_sessions(id) ON DELETE CASCADE,
  from_status text,
  to_status text NOT NULL,
  reason text NOT NULL DEFAULT '',
  changed_by uuid REFERENCES users(id) ON DELETE SET NULL,
  changed_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX learning_set_session_changes_session_idx ON learning_set_session_changes (session_id, changed_at);

CREATE TABLE learning_set_attendance (
  session_id uuid NOT NULL REFERENCES learning_set_sessions(id) ON DELETE CASCADE,
  member_id uuid NOT NULL REFERENCES learning_set_members(id) ON DELETE CASCADE,
  PRIMARY KEY (session_id, member_id)
);
CREATE INDEX learning_set_attendance_member_idx ON learning_set_attendance (member_id);

CREATE TABLE learning_set_presented_findings (
  session_id uuid NOT NULL REFERENCES learning_set_sessions(id) ON DELETE CASCADE,
  finding_id uuid NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
  position integer NOT NULL DEFAULT 0,
  PRIMARY KEY (session_id, finding_id)
);
CREATE INDEX learning_set_presented_findings_finding_idx ON learning_set_presented_findings (finding_id);

CREATE TABLE learning_set_feedback (
  session_id uuid NOT NULL,
  member_id uuid NOT NULL,
  finding_id uuid NOT NULL,
  response text NOT NULL CHECK (response IN ('agrees', 'disagrees', 'adds-nuance')),
  note text NOT NULL DEFAULT '',
  recorded_by uuid REFERENCES users(id) ON DELETE SET NULL,
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (session_id, member_id, finding_id),
  FOREIGN KEY (session_id, member_id) REFERENCES learning_set_attendance (session_id, member_id) ON DELETE CASCADE,
  FOREIGN KEY (session_id, finding_id) REFERENCES learning_set_presented_findings (session_id, finding_id) ON DELETE CASCADE
);
-- The reality-check summary reads feedback by finding across sessions.
CREATE INDEX learning_set_feedback_finding_idx ON learning_set_feedback (finding_id);
CREATE INDEX learning_set_feedback_member_idx ON learning_set_feedback (session_id, member_id);

ALTER TABLE research_questions ADD COLUMN override_by uuid REFERENCES users(id) ON DELETE SET NULL;
ALTER TABLE research_questions ADD COLUMN override_at timestamptz;
