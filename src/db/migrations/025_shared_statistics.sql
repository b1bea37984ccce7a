-- Shared statistics pages' figures, kept per survey so any Formative process serves them without
-- counting 10,000 responses again (see src/modules/surveys/sharing/stored.ts).
--
-- The figures are stored before disclosure suppression: each share's smallest group is applied when
-- the page is read, so one row serves every share of the survey. They describe the version named,
-- as its definition was then (`definition_digest`: a version without responses is edited in place),
-- and the complete main responses summed up by `responses` and `digest` (their number, a sum of
-- 64-bit hashes of their ids, and the scoring keys used). A reader whose own digest differs knows
-- the figures are out of date.
CREATE TABLE shared_statistics (
  survey_id uuid PRIMARY KEY REFERENCES surveys(id) ON DELETE CASCADE,
  version_id uuid NOT NULL REFERENCES survey_versions(id) ON DELETE CASCADE,
  responses integer NOT NULL CHECK (responses >= 0),
  digest text NOT NULL,
  definition_digest text NOT NULL,
  figures jsonb NOT NULL,
  counted_at timestamptz NOT NULL
);
CREATE INDEX shared_statistics_version_idx ON shared_statistics (version_id);

-- Whether stored figures are current is checked at every page view by counting (and hashing the
-- ids of) a survey's complete main responses; with the id in the index that reads no table rows.
CREATE INDEX responses_shared_idx ON responses (survey_id, status, purpose) INCLUDE (id);
