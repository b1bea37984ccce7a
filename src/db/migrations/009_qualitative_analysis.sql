-- Qualitative analysis: the text of coded segments kept ready for queries, the framework matrix's
-- written summaries, inter-coder agreement rounds, and the quote bank with its attribution rules.

-- The text of each coded segment with up to 300 code points of context either side, cut once
-- instead of at every query: cutting a code-point range deep inside a long UTF-8 transcript costs
-- PostgreSQL a walk over the text before it (about 0.2 ms in a 70,000-character transcript), too
-- slow for a code with thousands of segments. Filled when a query first needs a segment; a row is
-- used only while the source's revision and the coding's code and range still match, and refreshed otherwise.
CREATE TABLE qda_segment_texts (
  coding_id uuid PRIMARY KEY REFERENCES qda_codings(id) ON DELETE CASCADE,
  -- The coding's code when cut (a merged code moves codings): lets a query read only its codes' rows.
  code_id uuid NOT NULL,
  source_revision integer NOT NULL,
  start_offset integer NOT NULL,
  end_offset integer NOT NULL,
  context_before text NOT NULL,
  text text NOT NULL,
  context_after text NOT NULL
);
-- All segments of a code: the texts kept for its codings, read all at once or one coding at a time.
CREATE INDEX qda_segment_texts_code_idx ON qda_segment_texts (code_id, coding_id);

-- What the analyst wrote in one cell of a framework matrix: a row (a participant, or a role
-- category by name) against a column (a code, usually one of a framework's constructs).
CREATE TABLE qda_matrix_summaries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  code_id uuid NOT NULL REFERENCES qda_codes(id) ON DELETE CASCADE,
  row_kind text NOT NULL CHECK (row_kind IN ('participant', 'role')),
  participant_id uuid REFERENCES qda_participants(id) ON DELETE CASCADE,
  -- Lower-cased, as role categories are unique ignoring case.
  role_category text,
  summary text NOT NULL,
  updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((row_kind = 'participant') = (participant_id IS NOT NULL)),
  CHECK ((row_kind = 'role') = (role_category IS NOT NULL))
);
-- One summary per cell; the matrix page reads an evaluation's summaries of one row kind.
CREATE UNIQUE INDEX qda_matrix_summaries_participant_key ON qda_matrix_summaries (code_id, participant_id) WHERE row_kind = 'participant';
CREATE UNIQUE INDEX qda_matrix_summaries_role_key ON qda_matrix_summaries (code_id, role_category) WHERE row_kind = 'role';
CREATE INDEX qda_matrix_summaries_evaluation_idx ON qda_matrix_summaries (evaluation_id, row_kind);

-- A round of blind double coding: two coders code the same sources without seeing each other's
-- codings while it is open; closing it keeps each coder's codings apart for comparison, and
-- reconciliation writes the agreed codings back.
CREATE TABLE qda_agreement_rounds (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  name text NOT NULL CHECK (name <> ''),
  coder_a_id uuid NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
  coder_b_id uuid NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
  -- The codes compared: the children (and their descendants) of this code, or every code when null.
  scope_code_id uuid REFERENCES qda_codes(id) ON DELETE SET NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'comparing', 'reconciled')),
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  reconciled_at timestamptz,
  CHECK (coder_a_id <> coder_b_id)
);
CREATE INDEX qda_agreement_rounds_evaluation_idx ON qda_agreement_rounds (evaluation_id, status);

CREATE TABLE qda_agreement_round_sources (
  round_id uuid NOT NULL REFERENCES qda_agreement_rounds(id) ON DELETE CASCADE,
  source_id uuid NOT NULL REFERENCES qda_sources(id) ON DELETE CASCADE,
  -- The source's revision when the round closed: positions below refer to that text.
  closed_revision integer,
  PRIMARY KEY (round_id, source_id)
);
-- The blind filter: is this source in an open round?
CREATE INDEX qda_agreement_round_sources_source_idx ON qda_agreement_round_sources (source_id);

-- Each coder's codings as they stood when the round closed (side 'a' or 'b'): what the
-- comparison is computed from, unchanged by reconciliation.
CREATE TABLE qda_agreement_codings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  round_id uuid NOT NULL REFERENCES qda_agreement_rounds(id) ON DELETE CASCADE,
  side text NOT NULL CHECK (side IN ('a', 'b')),
  source_id uuid NOT NULL REFERENCES qda_sources(id) ON DELETE CASCADE,
  code_id uuid NOT NULL REFERENCES qda_codes(id) ON DELETE CASCADE,
  start_offset integer NOT NULL,
  end_offset integer NOT NULL,
  valence text NOT NULL,
  memo text NOT NULL DEFAULT '',
  CHECK (end_offset > start_offset)
);
CREATE INDEX qda_agreement_codings_round_idx ON qda_agreement_codings (round_id, source_id, start_offset);

-- A reconciliation decision for one unit (paragraph or speaker turn) of a source where the coders
-- differed: keep coder A's codes, coder B's, both, or neither of those they differed on.
CREATE TABLE qda_agreement_decisions (
  round_id uuid NOT NULL REFERENCES qda_agreement_rounds(id) ON DELETE CASCADE,
  source_id uuid NOT NULL REFERENCES qda_sources(id) ON DELETE CASCADE,
  unit_start integer NOT NULL,
  unit_end integer NOT NULL,
  decision text NOT NULL CHECK (decision IN ('a', 'b', 'both', 'neither')),
  decided_by uuid REFERENCES users(id) ON DELETE SET NULL,
  decided_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (round_id, source_id, unit_start)
);

-- The codings a round wrote as agreed, so that a changed decision replaces only those.
CREATE TABLE qda_agreement_outcomes (
  round_id uuid NOT NULL REFERENCES qda_agreement_rounds(id) ON DELETE CASCADE,
  coding_id uuid NOT NULL REFERENCES qda_codings(id) ON DELETE CASCADE,
  PRIMARY KEY (round_id, coding_id)
);
CREATE INDEX qda_agreement_outcomes_coding_idx ON qda_agreement_outcomes (coding_id);

-- How quotes are attributed in reports, by the speaker's role category ('*' for every role
-- without a rule of its own): e.g. '*' → 'Senior Manager', 'external' → 'External stakeholder'.
CREATE TABLE qda_attribution_rules (
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  -- Lower-cased, as role categories are unique ignoring case.
  role_category text NOT NULL CHECK (role_category <> ''),
  attribution text NOT NULL CHECK (attribution <> ''),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (evaluation_id, role_category)
);

-- A quote taken from a coded segment (the whole segment or a range inside it), pseudonymised
-- when taken. The source, code and participant are kept so the quote outlives a re-coding.
CREATE TABLE qda_quotes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  coding_id uuid REFERENCES qda_codings(id) ON DELETE SET NULL,
  source_id uuid NOT NULL REFERENCES qda_sources(id) ON DELETE CASCADE,
  code_id uuid REFERENCES qda_codes(id) ON DELETE SET NULL,
  participant_id uuid REFERENCES qda_participants(id) ON DELETE SET NULL,
  start_offset integer NOT NULL CHECK (start_offset >= 0),
  end_offset integer NOT NULL,
  valence text NOT NULL DEFAULT 'neutral',
  -- The pseudonymised text as first taken; `text` is what reports print, edited or not.
  original_text text NOT NULL,
  text text NOT NULL CHECK (text <> ''),
  note text NOT NULL DEFAULT '',
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  edited_by uuid REFERENCES users(id) ON DELETE SET NULL,
  edited_at timestamptz,
  CHECK (end_offset > start_offset)
);
-- The quote bank page lists an evaluation's quotes by code; reports ask for the quotes of some codes.
CREATE INDEX qda_quotes_code_idx ON qda_quotes (evaluation_id, code_id, created_at);
CREATE INDEX qda_quotes_coding_idx ON qda_quotes (coding_id);
