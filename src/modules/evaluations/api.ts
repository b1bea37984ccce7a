import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../http/app.ts';
import { member, roles, signedIn } from '../../http/access.ts';
import { notFound } from '../../http/errors.ts';
import { listAuditEntries } from '../accounts/audit.ts';
import * as evaluations from './service.ts';

const tags = ['Evaluations'];
const evaluationParams = z.object({ evaluation: z.string().describe('The evaluation id or short name (slug)') });
const periodKind = z.enum(['phases', 'waves']);

export const evaluationBody = z.object({
  title: z.string().describe('The evaluation title'),
  slug: z.string().optional().describe('Short name for addresses and the command line; made from the title when absent'),
  commissioner: z.string().optional(),
  organisationName: z.string().optional(),
  summary: z.string().optional(),
  startsOn: z.string().nullable().optional().describe('yyyy-mm-dd'),
  endsOn: z.string().nullable().optional().describe('yyyy-mm-dd'),
});

const evaluationOut = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  commissioner: z.string(),
  organisationName: z.string(),
  summary: z.string(),
  startsOn: z.string().nullable(),
  endsOn: z.string().nullable(),
  archived: z.boolean(),
  role: z.enum(roles).optional(),
});
const periodOut = z.object({ id: z.string(), name: z.string(), startsOn: z.string().nullable(), endsOn: z.string().nullable(), position: z.number() });
const periodBody = z.object({ name: z.string(), startsOn: z.string().nullable().optional(), endsOn: z.string().nullable().optional() });
const memberOut = z.object({ userId: z.string(), name: z.string(), email: z.string(), role: z.enum(roles) });

function toApi(e: evaluations.Evaluation & { role?: (typeof roles)[number] }): z.infer<typeof evaluationOut> {
  return {
    id: e.id,
    slug: e.slug,
    title: e.title,
    commissioner: e.commissioner,
    organisationName: e.organisationName,
    summary: e.summary,
    startsOn: e.startsOn,
    endsOn: e.endsOn,
    archived: e.archivedAt !== null,
    ...(e.role ? { role: e.role } : {}),
  };
}

export async function registerEvaluationApi(root: FastifyInstance, { database, clock }: ModuleDeps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = database.db;

  app.get('/api/v1/evaluations', {
    config: { access: signedIn },
    schema: { tags, summary: 'List the evaluations you are a member of', response: { 200: z.object({ evaluations: z.array(evaluationOut) }) } },
  }, async (request) => ({ evaluations: (await evaluations.listEvaluationsForUser(db, request.user!.id)).map(toApi) }));

  app.post('/api/v1/evaluations', {
    config: { access: signedIn },
    schema: { tags, summary: 'Create an evaluation; you become its lead', body: evaluationBody, response: { 201: evaluationOut } },
  }, async (request, reply) => reply.code(201).send(toApi(await evaluations.createEvaluation(db, request.user!.id, request.body))));

  app.get('/api/v1/evaluations/:evaluation', {
    config: { access: member('viewer') },
    schema: { tags, summary: 'One evaluation', params: evaluationParams, response: { 200: evaluationOut } },
  }, async (request) => toApi({ ...(await evaluations.getEvaluation(db, request.evaluation!.id)), role: request.role! }));

  app.patch('/api/v1/evaluations/:evaluation', {
    config: { access: member('lead') },
    schema: { tags, summary: 'Change an evaluation (fields left out keep their values)', params: evaluationParams, body: evaluationBody.partial(), response: { 200: evaluationOut } },
  }, async (request) => {
    const current = await evaluations.getEvaluation(db, request.evaluation!.id);
    const merged = { ...current, ...request.body };
    return toApi(await evaluations.updateEvaluation(db, request.user!.id, current.id, merged));
  });

  for (const [path, archived] of [['archive', true], ['restore', false]] as const) {
    app.post(`/api/v1/evaluations/:evaluation/${path}`, {
      config: { access: member('lead') },
      schema: { tags, summary: archived ? 'Archive an evaluation' : 'Restore an archived evaluation', params: evaluationParams, response: { 200: evaluationOut } },
    }, async (request) => toApi(await evaluations.setArchived(db, request.user!.id, request.evaluation!.id, archived, clock())));
  }

  for (const kind of periodKind.options) {
    const what = kind === 'phases' ? 'phase' : 'survey wave';
    app.get(`/api/v1/evaluations/:evaluation/${kind}`, {
      config: { access: member('coder') },
      schema: { tags, summary: `List the ${what}s`, params: evaluationParams, response: { 200: z.object({ items: z.array(periodOut) }) } },
    }, async (request) => ({ items: await evaluations.listPeriods(db, kind, request.evaluation!.id) }));

    app.post(`/api/v1/evaluations/:evaluation/${kind}`, {
      config: { access: member('researcher') },
      schema: { tags, summary: `Add a ${what}`, params: evaluationParams, body: periodBody, response: { 201: periodOut } },
    }, async (request, reply) => reply.code(201).send(await evaluations.addPeriod(db, request.user!.id, kind, request.evaluation!.id, request.body)));

    app.delete(`/api/v1/evaluations/:evaluation/${kind}/:period`, {
      config: { access: member('researcher') },
      schema: { tags, summary: `Delete a ${what}`, params: evaluationParams.extend({ period: z.string() }) },
    }, async (request, reply) => {
      if (!z.string().uuid().safeParse(request.params.period).success) throw notFound();
      await evaluations.removePeriod(db, request.user!.id, kind, request.evaluation!.id, request.params.period);
      return reply.code(204).send();
    });
  }

  app.get('/api/v1/evaluations/:evaluation/members', {
    config: { access: member('researcher') },
    schema: { tags, summary: 'List the team and their roles', params: evaluationParams, response: { 200: z.object({ members: z.array(memberOut) }) } },
  }, async (request) => ({ members: await evaluations.listMembers(db, request.evaluation!.id) }));

  app.put('/api/v1/evaluations/:evaluation/members', {
    config: { access: member('lead') },
    schema: { tags, summary: 'Add a member by e-mail, or change their role', params: evaluationParams, body: z.object({ email: z.string(), role: z.enum(roles) }), response: { 200: memberOut } },
  }, async (request) => evaluations.setMember(db, request.user!.id, request.evaluation!.id, request.body));

  app.delete('/api/v1/evaluations/:evaluation/members/:user', {
    config: { access: member('lead') },
    schema: { tags, summary: 'Remove a member', params: evaluationParams.extend({ user: z.string() }) },
  }, async (request, reply) => {
    if (!z.string().uuid().safeParse(request.params.user).success) throw notFound('Member');
    await evaluations.removeMember(db, request.user!.id, request.evaluation!.id, request.params.user);
    return reply.code(204).send();
  });

  app.get('/api/v1/evaluations/:evaluation/audit', {
    config: { access: member('researcher') },
    schema: {
      tags,
      summary: 'The audit log, newest first, 50 entries a page',
      params: evaluationParams,
      querystring: z.object({ page: z.coerce.number().int().min(1).default(1) }),
    },
  }, async (request) => {
    const { entries, hasMore } = await listAuditEntries(db, request.evaluation!.id, request.query.page);
    return { entries: entries.map((e) => ({ ...e, at: e.at.toISOString() })), hasMore };
  });
}
