-- Qualitative core: participants, interviews, coded texts (sources), codes and codings.
-- Positions in sources count Unicode code points from 0, end exclusive, as REFI-QDA does and as
-- PostgreSQL's substring() counts, so SQL can cut a segment's text directly.

CREATE TABLE qda_participants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  -- A directory person, when the participant is on the organisation's staff.
  person_id uuid REFERENCES people(id) ON DELETE SET NULL,
  -- How the team refers to the participant (a code like "SM07"); never shown outside the team.
  label text NOT NULL,
  role_category text NOT NULL DEFAULT '',
  external boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX qda_participants_label_key ON qda_participants (evaluation_id, lower(label));

-- Attributes usable in every query (e.g. programme = "CAMHS", years in post = "3").
CREATE TABLE qda_participant_attributes (
  participant_id uuid NOT NULL REFERENCES qda_participants(id) ON DELETE CASCADE,
  name text NOT NULL,
  value text NOT NULL,
  PRIMARY KEY (participant_id, name)
);

CREATE TABLE interviews (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  participant_id uuid NOT NULL REFERENCES qda_participants(id) ON DELETE RESTRICT,
  wave_id uuid REFERENCES waves(id) ON DELETE SET NULL,
  held_on date,
  mode text NOT NULL DEFAULT 'face-to-face' CHECK (mode IN ('face-to-face', 'telephone', 'video')),
  consent_record boolean NOT NULL DEFAULT false,
  consent_transcribe boolean NOT NULL DEFAULT false,
  consent_quote boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'done', 'transcribed', 'coded', 'withdrawn')),
  interviewer_id uuid REFERENCES users(id) ON DELETE SET NULL,
  notes text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX interviews_evaluation_idx ON interviews (evaluation_id, held_on);

-- A text that can be coded: an interview transcript, a document's extracted text, a note.
CREATE TABLE qda_sources (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('transcript', 'document', 'note')),
  name text NOT NULL,
  interview_id uuid REFERENCES interviews(id) ON DELETE SET NULL,
  participant_id uuid REFERENCES qda_participants(id) ON DELETE SET NULL,
  content text NOT NULL,
  -- Increases at every edit of the content; codings record nothing of it, they are re-anchored.
  revision integer NOT NULL DEFAULT 1,
  imported_from text NOT NULL DEFAULT '',
  search tsvector GENERATED ALWAYS AS (to_tsvector('english', content)) STORED,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX qda_sources_evaluation_idx ON qda_sources (evaluation_id, kind, name);
-- Full-text search across an evaluation's sources.
CREATE INDEX qda_sources_search_idx ON qda_sources USING gin (search);

-- Speaker turns of a transcript, with times when the transcript came from captions.
CREATE TABLE qda_turns (
  source_id uuid NOT NULL REFERENCES qda_sources(id) ON DELETE CASCADE,
  position integer NOT NULL,
  speaker text NOT NULL DEFAULT '',
  start_offset integer NOT NULL,
  end_offset integer NOT NULL,
  start_ms integer,
  end_ms integer,
  PRIMARY KEY (source_id, position),
  CHECK (end_offset >= start_offset)
);

CREATE TABLE qda_codes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  parent_id uuid REFERENCES qda_codes(id) ON DELETE RESTRICT,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  colour text NOT NULL DEFAULT '#1d70b8' CHECK (colour ~ '^#[0-9a-f]{6}$'),
  -- The framework construct this code stands for, e.g. 'greenhalgh-2004/tension-for-change'.
  framework_ref text,
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX qda_codes_evaluation_idx ON qda_codes (evaluation_id, parent_id, position);

CREATE TABLE qda_codings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  source_id uuid NOT NULL REFERENCES qda_sources(id) ON DELETE CASCADE,
  code_id uuid NOT NULL REFERENCES qda_codes(id) ON DELETE CASCADE,
  start_offset integer NOT NULL CHECK (start_offset >= 0),
  end_offset integer NOT NULL,
  valence text NOT NULL DEFAULT 'neutral' CHECK (valence IN ('facilitating', 'inhibiting', 'mixed', 'neutral')),
  memo text NOT NULL DEFAULT '',
  coder_id uuid REFERENCES users(id) ON DELETE SET NULL,
  -- Set when an edit of the source removed or changed the coded text: a person must look again.
  needs_review boolean NOT NULL DEFAULT false,
  review_note text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (end_offset > start_offset)
);
-- All segments of a code; all codings of a source.
CREATE INDEX qda_codings_code_idx ON qda_codings (code_id, source_id, start_offset);
CREATE INDEX qda_codings_source_idx ON qda_codings (source_id, start_offset);

CREATE TABLE qda_memos (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  subject text NOT NULL CHECK (subject IN ('project', 'code', 'source', 'coding')),
  subject_id uuid,
  title text NOT NULL DEFAULT '',
  body text NOT NULL,
  author_id uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX qda_memos_subject_idx ON qda_memos (evaluation_id, subject, subject_id);
