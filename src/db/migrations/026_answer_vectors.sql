-- Item answers kept compactly beside each response's jsonb, so the analysis reads a large survey
-- in one pass instead of looking up every item's key in every response (issue 3: 100,000
-- responses × 50 items in under 2 s).
--
-- survey_answer_columns gives each instrument item question a survey has ever asked a stable
-- position, registered when a version's definition is written; positions are only ever added.
-- responses.item_answers is written by a trigger whenever answers change: one header byte
-- (1 = every answer encoded; 0 = some answer has no code here, so read the jsonb), then one
-- byte per position registered at that moment, the code of the answer's text (answers ->> id):
--   0 not answered (absent, null or ""), 1 "NR", 2 "DK", 3..12 "m1".."m10",
--   13 + n the whole number n (0..242) written plainly ("3" or 3, not "03" or 3.0).
-- Positions past a vector's end are not answered: registering a position re-encodes the
-- responses that already hold an answer to it. NULL (a row the trigger never saw) means read the jsonb.

CREATE TABLE survey_answer_columns (
  survey_id uuid NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
  question_id text NOT NULL,
  position integer NOT NULL CHECK (position >= 0),
  PRIMARY KEY (survey_id, question_id),
  UNIQUE (survey_id, position)
);

ALTER TABLE responses ADD COLUMN item_answers bytea;

-- One response's answers in its survey's positions (see above).
CREATE FUNCTION item_answer_vector(survey uuid, answers jsonb) RETURNS bytea LANGUAGE plpgsql STABLE AS $$
DECLARE
  keys text[];
  vector bytea;
  answer text;
  code integer;
BEGIN
  SELECT array_agg(question_id ORDER BY position) INTO keys FROM survey_answer_columns WHERE survey_id = survey;
  vector := set_byte(decode(repeat('00', 1 + coalesce(cardinality(keys), 0)), 'hex'), 0, 1);
  FOR i IN 1 .. coalesce(cardinality(keys), 0) LOOP
    answer := answers ->> keys[i];
    IF answer IS NULL OR answer = '' THEN
      CONTINUE;
    ELSIF length(answer) = 1 AND answer BETWEEN '0' AND '9' THEN
      code := 13 + ascii(answer) - 48;
    ELSIF answer = 'NR' THEN
      code := 1;
    ELSIF answer = 'DK' THEN
      code := 2;
    ELSIF answer ~ '^m([1-9]|10)$' THEN
      code := 2 + substr(answer, 2)::integer;
    ELSIF answer ~ '^[1-9][0-9]{1,2}$' AND answer::integer <= 242 THEN
      code := 13 + answer::integer;
    ELSE
      RETURN '\x00'::bytea;
    END IF;
    vector := set_byte(vector, i, code);
  END LOOP;
  RETURN vector;
END
$$;

CREATE FUNCTION responses_item_answers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.item_answers := item_answer_vector(NEW.survey_id, NEW.answers);
  RETURN NEW;
END
$$;

-- Gives the definition's instrument item questions not yet placed the next positions, in the
-- order asked, and re-encodes the survey's responses that already answer one of them.
CREATE FUNCTION register_answer_columns(survey uuid, definition jsonb) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  added text[];
BEGIN
  WITH asked AS (
    SELECT q.question ->> 'id' AS id, min(p.page_at * 100000 + q.question_at) AS at
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(definition -> 'pages') = 'array' THEN definition -> 'pages' ELSE '[]'::jsonb END) WITH ORDINALITY AS p(page, page_at),
         jsonb_array_elements(CASE WHEN jsonb_typeof(p.page -> 'questions') = 'array' THEN p.page -> 'questions' ELSE '[]'::jsonb END) WITH ORDINALITY AS q(question, question_at)
    WHERE jsonb_typeof(q.question -> 'source') = 'object' AND jsonb_typeof(q.question -> 'id') = 'string'
      AND NOT EXISTS (SELECT 1 FROM survey_answer_columns c WHERE c.survey_id = survey AND c.question_id = q.question ->> 'id')
    GROUP BY 1
  ), placed AS (
    INSERT INTO survey_answer_columns (survey_id, question_id, position)
    SELECT survey, id, (SELECT coalesce(max(position) + 1, 0) FROM survey_answer_columns WHERE survey_id = survey) + row_number() OVER (ORDER BY at) - 1
    FROM asked
    RETURNING question_id
  )
  SELECT array_agg(question_id) INTO added FROM placed;
  IF added IS NOT NULL THEN
    UPDATE responses SET item_answers = item_answer_vector(survey_id, answers) WHERE survey_id = survey AND answers ?| added;
  END IF;
END
$$;

CREATE FUNCTION survey_versions_answer_columns() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM register_answer_columns(NEW.survey_id, NEW.definition);
  RETURN NULL;
END
$$;

-- Every survey's positions and every stored response's vector, once.
SELECT register_answer_columns(survey_id, definition) FROM survey_versions ORDER BY survey_id, number;
UPDATE responses SET item_answers = item_answer_vector(survey_id, answers) WHERE item_answers IS NULL;

CREATE TRIGGER responses_item_answers BEFORE INSERT OR UPDATE OF answers, survey_id ON responses
  FOR EACH ROW EXECUTE FUNCTION responses_item_answers();

CREATE TRIGGER survey_versions_answer_columns AFTER INSERT OR UPDATE OF definition ON survey_versions
  FOR EACH ROW EXECUTE FUNCTION survey_versions_answer_columns();
