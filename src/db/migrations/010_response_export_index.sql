-- Exports page through a survey's responses by id (keyset paging): this index serves exactly that
-- query, so an export never reads other surveys' rows.
CREATE INDEX responses_export_idx ON responses (survey_id, id);
