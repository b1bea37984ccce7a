-- Findings and the evidence behind them: each finding is a statement about the change, tagged with the
-- framework constructs (codes of the evaluation's codebook) it speaks to, and linked to evidence of every
-- kind the evaluation holds. Recommendations follow from findings. Learning-set feedback on a finding is
-- kept with the learning sets and joined to the finding there, not copied here.

CREATE TABLE findings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  statement text NOT NULL CHECK (statement <> ''),
  detail text NOT NULL DEFAULT '',
  valence text NOT NULL CHECK (valence IN ('facilitating', 'inhibiting', 'mixed')),
  strength text NOT NULL DEFAULT 'moderate' CHECK (strength IN ('strong', 'moderate', 'weak')),
  position integer NOT NULL DEFAULT 0,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX findings_evaluation_idx ON findings (evaluation_id, position);

-- The framework constructs a finding is about: codes of the evaluation's codebook.
CREATE TABLE finding_constructs (
  finding_id uuid NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
  code_id uuid NOT NULL REFERENCES qda_codes(id) ON DELETE CASCADE,
  PRIMARY KEY (finding_id, code_id)
);
CREATE INDEX finding_constructs_code_idx ON finding_constructs (code_id);

-- One piece of evidence for (or against) a finding. Exactly the column its kind needs is set; analyses
-- that have no row of their own (a survey comparison, the cross-cutting analysis of plans, the budget's
-- concentration) are named by `result_spec`, so a report recomputes them from the data it is built on.
CREATE TABLE finding_evidence (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  finding_id uuid NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('coding', 'quote', 'survey-result', 'document', 'plan-analysis', 'budget-analysis', 'context-event')),
  stance text NOT NULL DEFAULT 'supports' CHECK (stance IN ('supports', 'contradicts')),
  note text NOT NULL DEFAULT '',
  coding_id uuid REFERENCES qda_codings(id) ON DELETE CASCADE,
  quote_id uuid REFERENCES qda_quotes(id) ON DELETE CASCADE,
  survey_id uuid REFERENCES surveys(id) ON DELETE CASCADE,
  document_id uuid REFERENCES documents(id) ON DELETE CASCADE,
  context_event_id uuid REFERENCES context_events(id) ON DELETE CASCADE,
  result_spec jsonb,
  position integer NOT NULL DEFAULT 0,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'coding') = (coding_id IS NOT NULL)),
  CHECK ((kind = 'quote') = (quote_id IS NOT NULL)),
  CHECK ((kind = 'survey-result') = (survey_id IS NOT NULL)),
  CHECK ((kind = 'document') = (document_id IS NOT NULL)),
  CHECK ((kind = 'context-event') = (context_event_id IS NOT NULL)),
  CHECK ((kind IN ('survey-result', 'plan-analysis', 'budget-analysis')) = (result_spec IS NOT NULL))
);
CREATE INDEX finding_evidence_finding_idx ON finding_evidence (finding_id, position);

CREATE TABLE recommendations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  text text NOT NULL CHECK (text <> ''),
  -- Whom it is for: the organisation's board, a programme, the funder.
  addressed_to text NOT NULL DEFAULT '',
  position integer NOT NULL DEFAULT 0,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX recommendations_evaluation_idx ON recommendations (evaluation_id, position);

CREATE TABLE recommendation_findings (
  recommendation_id uuid NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
  finding_id uuid NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
  PRIMARY KEY (recommendation_id, finding_id)
);
CREATE INDEX recommendation_findings_finding_idx ON recommendation_findings (finding_id);
