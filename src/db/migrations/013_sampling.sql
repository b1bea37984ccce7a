-- Sampling: frames frozen from the staff directory, and seeded samples drawn from them.

-- A frame is a frozen copy of who was eligible on a day. Later directory edits change nothing here.
CREATE TABLE sampling_frames (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  wave_id uuid REFERENCES waves(id) ON DELETE SET NULL,
  name text NOT NULL,
  -- The day eligibility was judged against: people who had left by then are left out.
  as_of date NOT NULL,
  require_email boolean NOT NULL DEFAULT false,
  -- How many directory entries were left out, by reason: {"merged": n, "left": n, "noEmail": n}.
  left_out jsonb NOT NULL DEFAULT '{}'::jsonb,
  frozen_at timestamptz NOT NULL DEFAULT now(),
  frozen_by uuid REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX sampling_frames_evaluation_idx ON sampling_frames (evaluation_id, frozen_at);
CREATE UNIQUE INDEX sampling_frames_name_key ON sampling_frames (evaluation_id, lower(name));

-- One eligible person, as the directory described them when the frame was frozen. `position` is
-- the person's rank in person-id order at freezing, which fixes the order a seeded draw walks, so a
-- draw does not depend on how a database happens to return rows. The person may later be deleted
-- from the directory; the snapshot stays.
CREATE TABLE sampling_frame_members (
  frame_id uuid NOT NULL REFERENCES sampling_frames(id) ON DELETE CASCADE,
  position integer NOT NULL CHECK (position >= 1),
  person_id uuid REFERENCES people(id) ON DELETE SET NULL,
  name text NOT NULL,
  email text,
  unit_name text,
  region_name text,
  programme_name text,
  PRIMARY KEY (frame_id, position)
);
CREATE INDEX sampling_frame_members_person_idx ON sampling_frame_members (person_id);

-- A sample is drawn once and never changed; drawing again makes another sample.
CREATE TABLE samples (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  frame_id uuid NOT NULL REFERENCES sampling_frames(id) ON DELETE CASCADE,
  name text NOT NULL,
  purpose text NOT NULL CHECK (purpose IN ('pilot', 'main', 'other')),
  method text NOT NULL CHECK (method IN ('simple', 'stratified')),
  stratify_by text CHECK (stratify_by IN ('programme', 'region', 'unit')),
  allocation text CHECK (allocation IN ('proportional', 'fixed')),
  -- The whole sample's size, or with fixed allocation the number from each stratum.
  requested_size integer NOT NULL CHECK (requested_size >= 1),
  seed bigint NOT NULL,
  drawn_at timestamptz NOT NULL DEFAULT now(),
  drawn_by uuid REFERENCES users(id) ON DELETE SET NULL,
  CHECK ((method = 'simple') = (stratify_by IS NULL AND allocation IS NULL))
);
CREATE INDEX samples_evaluation_idx ON samples (evaluation_id, drawn_at);
CREATE INDEX samples_frame_idx ON samples (frame_id);

-- Earlier samples whose members were removed from the frame before this one was drawn.
CREATE TABLE sample_exclusions (
  sample_id uuid NOT NULL REFERENCES samples(id) ON DELETE CASCADE,
  excluded_sample_id uuid NOT NULL REFERENCES samples(id) ON DELETE CASCADE,
  PRIMARY KEY (sample_id, excluded_sample_id)
);

-- The report of a draw, one row per stratum (one row named "Whole frame" for a simple sample),
-- kept as drawn so it never changes when the directory does.
CREATE TABLE sample_strata (
  sample_id uuid NOT NULL REFERENCES samples(id) ON DELETE CASCADE,
  stratum text NOT NULL,
  frame_count integer NOT NULL CHECK (frame_count >= 0),
  excluded_count integer NOT NULL CHECK (excluded_count >= 0),
  allocated integer NOT NULL CHECK (allocated >= 0),
  drawn integer NOT NULL CHECK (drawn >= 0),
  PRIMARY KEY (sample_id, stratum)
);

CREATE TABLE sample_members (
  sample_id uuid NOT NULL REFERENCES samples(id) ON DELETE CASCADE,
  -- The member's position in the sample's frame, which holds their snapshot.
  frame_position integer NOT NULL,
  person_id uuid REFERENCES people(id) ON DELETE SET NULL,
  stratum text NOT NULL,
  PRIMARY KEY (sample_id, frame_position)
);
CREATE INDEX sample_members_person_idx ON sample_members (person_id);

-- A participant invited because they were drawn in a sample names that sample.
ALTER TABLE participants
  ADD CONSTRAINT participants_sample_fk FOREIGN KEY (sample_id) REFERENCES samples(id) ON DELETE SET NULL;
