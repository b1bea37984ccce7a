-- Instruments: the licensed item wording and scoring keys each evaluation team loads for a
-- published instrument. The definitions themselves are files in instruments/, not rows.

CREATE TABLE instrument_wordings (
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  instrument_id text NOT NULL,
  item_id text NOT NULL,
  text text NOT NULL CHECK (btrim(text) <> ''),
  uploaded_by uuid REFERENCES users(id) ON DELETE SET NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  -- One text per item; the key also serves "the wording of this instrument in this evaluation".
  PRIMARY KEY (evaluation_id, instrument_id, item_id)
);

-- Which items are reverse-keyed, for instruments whose scoring key is sold with the licence.
CREATE TABLE instrument_scoring_keys (
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  instrument_id text NOT NULL,
  item_id text NOT NULL,
  reverse boolean NOT NULL,
  uploaded_by uuid REFERENCES users(id) ON DELETE SET NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (evaluation_id, instrument_id, item_id)
);
