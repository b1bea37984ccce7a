import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../http/app.ts';
import { member } from '../../http/access.ts';
import { evidenceKinds, stances } from './evidence.ts';
import * as service from './service.ts';

const tags = ['Findings'];
const evaluationParams = z.object({ evaluation: z.string().describe('The evaluation id or short name (slug)') });
const findingParams = evaluationParams.extend({ finding: z.string() });

const findingBody = z.object({
  statement: z.string(),
  detail: z.string().optional(),
  valence: z.enum(service.findingValences),
  strength: z.enum(service.strengths).optional(),
  constructIds: z.array(z.string()).optional().describe('Codes of the evaluation’s codebook'),
});

const evidenceBody = z.object({
  kind: z.enum(evidenceKinds),
  stance: z.enum(stances).optional(),
  note: z.string().optional(),
  codingId: z.string().optional(),
  quoteId: z.string().optional(),
  surveyId: z.string().optional(),
  documentId: z.string().optional(),
  contextEventId: z.string().optional(),
  view: z.string().optional().describe('survey-result: scale-by-unit, wave-change or item-frequencies; plan-analysis: cross-cutting, theme-matrix or programmes-by-year; budget-analysis: concentration or change'),
  by: z.string().optional().describe('scale-by-unit: the grouping question, or "wave"'),
  scale: z.string().optional(),
  question: z.string().optional(),
  planYear: z.string().optional(),
});

const recommendationBody = z.object({ text: z.string(), addressedTo: z.string().optional(), findingIds: z.array(z.string()).optional() });

/** Findings, their evidence, the evidence map and recommendations as JSON. */
export async function registerFindingApi(root: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = database.db;
  const path = '/api/v1/evaluations/:evaluation';
  const coder = { access: member('coder') };
  const researcher = { access: member('researcher') };

  app.get(`${path}/findings`, { config: coder, schema: { tags, summary: 'The findings with their constructs, evidence and recommendations', params: evaluationParams } }, async (request) => ({
    items: await service.listFindings(db, request.evaluation!.id),
  }));

  app.post(`${path}/findings`, { config: researcher, schema: { tags, summary: 'Add a finding', params: evaluationParams, body: findingBody } }, async (request, reply) =>
    reply.code(201).send(await service.createFinding(db, request.user!.id, request.evaluation!.id, request.body)),
  );

  app.get(`${path}/findings/:finding`, { config: coder, schema: { tags, summary: 'One finding with its evidence', params: findingParams } }, async (request) =>
    service.getFinding(db, request.evaluation!.id, request.params.finding),
  );

  app.patch(`${path}/findings/:finding`, { config: researcher, schema: { tags, summary: 'Change a finding (fields left out keep their values)', params: findingParams, body: findingBody.partial() } }, async (request) => {
    const current = await service.getFinding(db, request.evaluation!.id, request.params.finding);
    const merged = { statement: current.statement, detail: current.detail, valence: current.valence, strength: current.strength, constructIds: current.constructs.map((c) => c.id), ...request.body };
    return service.updateFinding(db, request.user!.id, request.evaluation!.id, current.id, merged);
  });

  app.delete(`${path}/findings/:finding`, { config: researcher, schema: { tags, summary: 'Delete a finding with its evidence links', params: findingParams } }, async (request, reply) => {
    await service.deleteFinding(db, request.user!.id, request.evaluation!.id, request.params.finding);
    return reply.code(204).send();
  });

  app.post(`${path}/findings/:finding/evidence`, {
    config: researcher,
    schema: { tags, summary: 'Link a piece of evidence from this evaluation (400 when it is from another one; nothing is stored)', params: findingParams, body: evidenceBody },
  }, async (request, reply) => reply.code(201).send(await service.linkEvidence(db, request.user!.id, request.evaluation!.id, request.params.finding, request.body)));

  app.delete(`${path}/findings/:finding/evidence/:evidence`, { config: researcher, schema: { tags, summary: 'Unlink a piece of evidence', params: findingParams.extend({ evidence: z.string() }) } }, async (request, reply) => {
    await service.unlinkEvidence(db, request.user!.id, request.evaluation!.id, request.params.finding, request.params.evidence);
    return reply.code(204).send();
  });

  app.get(`${path}/evidence-map`, { config: coder, schema: { tags, summary: 'For each construct, what each method says: supporting and contradicting pieces and a verdict', params: evaluationParams } }, async (request) =>
    service.evidenceMap(db, request.evaluation!.id),
  );

  app.get(`${path}/recommendations`, { config: coder, schema: { tags, summary: 'The recommendations with the findings they follow from', params: evaluationParams } }, async (request) => ({
    items: await service.listRecommendations(db, request.evaluation!.id),
  }));

  app.post(`${path}/recommendations`, { config: researcher, schema: { tags, summary: 'Add a recommendation', params: evaluationParams, body: recommendationBody } }, async (request, reply) =>
    reply.code(201).send(await service.createRecommendation(db, request.user!.id, request.evaluation!.id, request.body)),
  );

  const recommendationParams = evaluationParams.extend({ recommendation: z.string() });
  app.patch(`${path}/recommendations/:recommendation`, { config: researcher, schema: { tags, summary: 'Change a recommendation (fields left out keep their values)', params: recommendationParams, body: recommendationBody.partial() } }, async (request) => {
    const current = await service.getRecommendation(db, request.evaluation!.id, request.params.recommendation);
    return service.updateRecommendation(db, request.user!.id, request.evaluation!.id, current.id, { text: current.text, addressedTo: current.addressedTo, findingIds: current.findingIds, ...request.body });
  });

  app.delete(`${path}/recommendations/:recommendation`, { config: researcher, schema: { tags, summary: 'Delete a recommendation', params: recommendationParams } }, async (request, reply) => {
    await service.deleteRecommendation(db, request.user!.id, request.evaluation!.id, request.params.recommendation);
    return reply.code(204).send();
  });
}
