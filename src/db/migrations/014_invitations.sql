-- Invitations: the server's own secret, the mail templates of a survey and the queue of mail to send.

-- Settings the server keeps for itself. 'formative_secret' (made once when FORMATIVE_SECRET is not
-- set) is the key personal links are derived from: with FORMATIVE_SECRET set, it is not here, and
-- the database alone cannot produce a participant's link.
CREATE TABLE settings (
  name text PRIMARY KEY,
  value text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- A survey's invitation and reminder, plain text with ((placeholders)).
CREATE TABLE mail_templates (
  survey_id uuid NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('invitation', 'reminder')),
  subject text NOT NULL,
  body text NOT NULL,
  updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (survey_id, kind)
);

-- One message to one participant. The subject and body are filled in when queued, except the
-- personal links ((link)) and ((opt_out_link)), which are derived again at sending time so the
-- queue never holds them. Round 0 is the invitation, round n the n-th reminder: a second press of
-- the button finds the row there and sends nothing twice.
CREATE TABLE mail_jobs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  survey_id uuid NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
  participant_id uuid NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('invitation', 'reminder')),
  round integer NOT NULL CHECK (round >= 0),
  to_address text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  -- 'outbox': no SMTP server is set, so the message was kept for the outbox page and not sent.
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'outbox')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  claimed_at timestamptz,
  last_error text,
  sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (participant_id, kind, round)
);
-- The worker picks due messages; the rate limit counts those sent in the last minute.
CREATE INDEX mail_jobs_due_idx ON mail_jobs (status, next_attempt_at);
CREATE INDEX mail_jobs_sent_idx ON mail_jobs (sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX mail_jobs_survey_idx ON mail_jobs (survey_id, status);
