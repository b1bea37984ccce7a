import type { Config } from '../../../config.ts';
import type { Db } from '../../../db/database.ts';
import { optOutLink, participantToken, personalLink } from '../invitations/personal-link.ts';
import { serverSecret } from '../invitations/secret.ts';
import { fillPlaceholders } from '../invitations/templates.ts';
import { listOutbox } from './queue-store.ts';

export interface OutboxMessage {
  id: string;
  kind: string;
  round: number;
  to: string;
  subject: string;
  body: string;
  keptAt: Date;
}

export const outboxPageSize = 50;

/**
 * The messages that would have been sent had a mail server been set (SMTP_URL), as they would
 * have read, personal links included: the demo's way of showing invitations.
 */
export async function outboxMessages(db: Db, config: Pick<Config, 'secret' | 'publicUrl'>, surveyId: string, page = 1): Promise<OutboxMessage[]> {
  const secret = await serverSecret(db, config);
  const rows = await listOutbox(db, surveyId, outboxPageSize, (page - 1) * outboxPageSize);
  return rows.map((row) => {
    const token = participantToken(secret, row.participant_id);
    return {
      id: row.id,
      kind: row.kind,
      round: row.round,
      to: row.to_address,
      subject: row.subject,
      body: fillPlaceholders(row.body, { link: personalLink(config.publicUrl, token), opt_out_link: optOutLink(config.publicUrl, token) }),
      keptAt: row.created_at,
    };
  });
}
