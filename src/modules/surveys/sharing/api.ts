import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { accessLog, createShare, listShares, revokeShare, shareInput } from './service.ts';

const params = z.object({
  evaluation: z.string().describe('The evaluation id or short name (slug)'),
  survey: z.string().describe('The survey id'),
});
const shareParams = params.extend({ share: z.string().describe('The share id') });

const share = z.object({
  id: z.string(),
  surveyId: z.string(),
  label: z.string(),
  threshold: z.number().int(),
  createdAt: z.date(),
  createdByName: z.string().nullable(),
  revokedAt: z.date().nullable(),
  granted: z.number().int().describe('Times the page was opened'),
  refused: z.number().int().describe('Wrong passwords and visits after revocation'),
  link: z.string().describe('The address to give, with the password sent separately'),
});

// Only the lead decides what leaves the team.
export async function registerSharingApi(root: FastifyInstance, { database, clock, config }: ModuleDeps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = database.db;
  const lead = { access: member('lead') };
  const link = (id: string) => `${config.publicUrl}/shared/${id}`;

  app.get('/api/v1/evaluations/:evaluation/surveys/:survey/statistics-shares', {
    config: lead,
    schema: { tags: ['Surveys'], summary: 'The password-protected statistics pages shared for a survey', params, response: { 200: z.object({ shares: z.array(share) }) } },
  }, async (request) => ({ shares: (await listShares(db, request.evaluation!.id, request.params.survey)).map((s) => ({ ...s, link: link(s.id) })) }));

  app.post('/api/v1/evaluations/:evaluation/surveys/:survey/statistics-shares', {
    config: lead,
    schema: { tags: ['Surveys'], summary: 'Share a survey\'s statistics behind a password; groups under the threshold (default 5) are suppressed', params, body: shareInput, response: { 201: share } },
  }, async (request, reply) => {
    const created = await createShare(db, request.user!.id, request.evaluation!.id, request.params.survey, request.body, clock());
    return reply.code(201).send({ ...created, createdByName: request.user!.name, link: link(created.id) });
  });

  app.post('/api/v1/evaluations/:evaluation/surveys/:survey/statistics-shares/:share/revoke', {
    config: lead,
    schema: { tags: ['Surveys'], summary: 'Revoke a shared statistics page: its link stops working at once', params: shareParams, response: { 204: z.null() } },
  }, async (request, reply) => {
    await revokeShare(db, request.user!.id, request.evaluation!.id, request.params.survey, request.params.share, clock());
    return reply.code(204).send(null);
  });

  app.get('/api/v1/evaluations/:evaluation/surveys/:survey/statistics-shares/:share/accesses', {
    config: lead,
    schema: {
      tags: ['Surveys'],
      summary: 'Every attempt to open a shared statistics page, newest first (no network addresses are kept)',
      params: shareParams,
      response: { 200: z.object({ accesses: z.array(z.object({ at: z.date(), outcome: z.enum(['granted', 'wrong_password', 'revoked']) })) }) },
    },
  }, async (request) => ({ accesses: await accessLog(db, request.evaluation!.id, request.params.survey, request.params.share, 1000) }));
}
