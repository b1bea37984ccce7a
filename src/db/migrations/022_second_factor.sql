-- An optional second factor for team members: a time-based one-time code (RFC 6238) from an
-- authenticator app, one-time recovery codes, and the sign-ins waiting for a code.

-- One row per user who has started or finished setting one up. The secret is encrypted with
-- AES-256-GCM under a key derived from FORMATIVE_SECRET, so a copy of the database alone cannot
-- produce codes. last_used_step is the 30-second step of the last code accepted: a code is
-- accepted only for a later step, so none can be used twice.
CREATE TABLE second_factors (
  user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  secret_encrypted text NOT NULL,
  last_used_step integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Null while being set up: the factor is asked for only once a first code confirmed it.
  enabled_at timestamptz
);

-- Shown once; only their SHA-256 digests are kept. Each signs in once.
CREATE TABLE second_factor_recovery_codes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  code_hash text NOT NULL,
  used_at timestamptz,
  UNIQUE (user_id, code_hash)
);

-- A sign-in whose password was right and whose code is awaited. The browser holds the token in a
-- cookie; only its digest is here. It grants nothing but the right to send a code, for a few
-- minutes and a few tries.
CREATE TABLE second_factor_challenges (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  next_path text NOT NULL DEFAULT '',
  failed_attempts integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX second_factor_challenges_user_idx ON second_factor_challenges (user_id);
