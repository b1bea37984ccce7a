import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { decisions } from './reconciliation.ts';
import { cancelRound, closeRound, createRound, decide, finishRound, getRound, listRounds, roundComparison, roundStatuses, type Round } from './service.ts';

const tags = ['Inter-coder agreement'];
const base = '/api/v1/evaluations/:evaluation/qualitative/agreement-rounds';
const params = z.object({ evaluation: z.string().describe('The evaluation id or short name (slug)') });
const roundParams = params.extend({ round: z.string() });
const coder = { access: member('coder') };
const researcher = { access: member('researcher') };

const person = z.object({ id: z.string(), name: z.string() });
const roundOut = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(roundStatuses),
  coderA: person,
  coderB: person,
  scopeCodeId: z.string().nullable(),
  sources: z.array(z.object({ id: z.string(), name: z.string(), changedSinceClosing: z.boolean() })),
});
const counts = z.object({ neither: z.number(), onlyA: z.number(), onlyB: z.number(), both: z.number() });
const kappa = z.object({ units: z.number(), observed: z.number().nullable(), expected: z.number().nullable(), kappa: z.number().nullable(), reason: z.string().optional() });
const alpha = z.object({ values: z.number(), observed: z.number().nullable(), alpha: z.number().nullable(), reason: z.string().optional() });

const toApi = (r: Round): z.infer<typeof roundOut> => ({
  id: r.id,
  name: r.name,
  status: r.status,
  coderA: r.coderA,
  coderB: r.coderB,
  scopeCodeId: r.scopeCode?.id ?? null,
  sources: r.sources,
});

export async function registerAgreementApi(root: FastifyInstance, { database, clock }: ModuleDeps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = database.db;

  app.get(base, {
    config: coder,
    schema: { tags, summary: 'List the agreement rounds', params, response: { 200: z.object({ rounds: z.array(z.object({ id: z.string(), name: z.string(), status: z.enum(roundStatuses), coders: z.array(z.string()), sources: z.number() })) }) } },
  }, async (request) => ({ rounds: (await listRounds(db, request.evaluation!.id)).map(({ createdAt: _createdAt, ...r }) => r) }));

  app.post(base, {
    config: researcher,
    schema: {
      tags,
      summary: 'Open a round of blind double coding: sources, two coders, and the code whose sub-codes are compared (all codes when absent)',
      params,
      body: z.object({ name: z.string(), sourceIds: z.array(z.string()), coderA: z.string(), coderB: z.string(), scopeCodeId: z.string().optional() }),
      response: { 201: roundOut },
    },
  }, async (request, reply) => reply.code(201).send(toApi(await createRound(db, request.user!.id, request.evaluation!.id, request.body))));

  app.get(`${base}/:round`, {
    config: coder,
    schema: { tags, summary: 'One round', params: roundParams, response: { 200: roundOut } },
  }, async (request) => toApi(await getRound(db, request.evaluation!.id, request.params.round)));

  app.delete(`${base}/:round`, {
    config: researcher,
    schema: { tags, summary: 'Cancel an open round (the codings stay; nobody is blind any more)', params: roundParams },
  }, async (request, reply) => {
    await cancelRound(db, request.user!.id, request.evaluation!.id, request.params.round);
    return reply.code(204).send();
  });

  app.post(`${base}/:round/close`, {
    config: researcher,
    schema: { tags, summary: 'End blind coding: keep each coder’s codings apart for comparison and write back what they agree on', params: roundParams, response: { 200: roundOut } },
  }, async (request) => toApi(await closeRound(db, request.user!.id, request.evaluation!.id, request.params.round, clock())));

  app.get(`${base}/:round/comparison`, {
    config: coder,
    schema: {
      tags,
      summary: 'Cohen’s kappa by segment (paragraph or turn) per code and pooled, Krippendorff’s alpha by character per code, and the units where the coders differ',
      params: roundParams,
      response: {
        200: z.object({
          codes: z.array(z.object({ codeId: z.string(), codeName: z.string(), units: counts, kappa, characters: counts, alpha })),
          overall: z.object({ units: counts, kappa, characters: counts, alpha }),
          unusedCodeIds: z.array(z.string()),
          disagreements: z.array(z.object({ sourceId: z.string(), unitStart: z.number(), unitEnd: z.number(), index: z.number(), text: z.string(), a: z.array(z.string()), b: z.array(z.string()), decision: z.enum(decisions).nullable() })),
        }),
      },
    },
  }, async (request) => {
    const result = await roundComparison(db, request.evaluation!.id, request.params.round);
    return {
      codes: result.comparison.codes.map((c) => ({ ...c, codeName: result.codes.get(c.codeId)?.name ?? '' })),
      overall: result.comparison.overall,
      unusedCodeIds: result.unusedCodes.map((c) => c.id),
      disagreements: result.disagreements.map((d) => ({ sourceId: d.unit.sourceId, unitStart: d.unit.start, unitEnd: d.unit.end, index: d.unit.index, text: d.unit.text, a: d.a, b: d.b, decision: d.decision })),
    };
  });

  app.put(`${base}/:round/decisions`, {
    config: coder,
    schema: {
      tags,
      summary: 'Decide a unit where the coders differ (a, b, both or neither); the agreed codings of its source are rewritten',
      params: roundParams,
      body: z.object({ sourceId: z.string(), unitStart: z.number().int(), decision: z.enum(decisions) }),
    },
  }, async (request, reply) => {
    await decide(db, { id: request.user!.id, role: request.role! }, request.evaluation!.id, request.params.round, request.body);
    return reply.code(204).send();
  });

  app.post(`${base}/:round/finish`, {
    config: coder,
    schema: { tags, summary: 'Mark the round reconciled once every difference has a decision', params: roundParams, response: { 200: roundOut } },
  }, async (request) => toApi(await finishRound(db, { id: request.user!.id, role: request.role! }, request.evaluation!.id, request.params.round, clock())));
}
