import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { getSurvey } from '../../surveys/service.ts';
import { outboxMessages, outboxPageSize } from './outbox.ts';

type Params = { evaluation: string; survey: string };

const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(100_000).catch(1) });

/**
 * The outbox page: what would have been sent. It shows personal links, which open participants'
 * responses, so it is for researchers and the lead only, like the participants themselves.
 */
export async function registerOutboxPages(app: FastifyInstance, { database, config }: ModuleDeps): Promise<void> {
  const db = database.db;
  app.get<{ Params: Params; Querystring: Record<string, unknown> }>('/evaluations/:evaluation/surveys/:survey/outbox', { config: { access: member('researcher') } }, async (request, reply) => {
    const survey = await getSurvey(db, request.evaluation!.id, request.params.survey);
    const { page } = pageQuery.parse(request.query);
    const messages = await outboxMessages(db, config, survey.id, page);
    const base = `/evaluations/${request.evaluation!.slug}/surveys/${survey.id}`;
    return reply.view('fieldwork/mail/views/outbox.njk', {
      title: `Outbox: ${survey.title}`,
      survey,
      messages: messages.map((m) => ({ ...m, lines: m.body.split('\n') })),
      smtpSet: Boolean(config.smtpUrl),
      page,
      previous: page > 1 ? `?page=${page - 1}` : undefined,
      next: messages.length === outboxPageSize ? `?page=${page + 1}` : undefined,
      paths: { survey: base, participants: `${base}/participants` },
    });
  });
}
