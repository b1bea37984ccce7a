import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../http/app.ts';
import { member } from '../../http/access.ts';
import { badRequest } from '../../http/errors.ts';
import { crossCutting, programmesByYear, themeMatrix } from './analysis.ts';
import { checkPlanImport, importPlans } from './importing.ts';
import { createMethod, listMethods, methodInput } from './methods.ts';
import { maxPlanFileBytes } from './plan-file.ts';
import { deliverableStatuses, normalisePlanYear } from './plan-rows.ts';
import * as plans from './plans.ts';
import { nameKey } from './unit-names.ts';

const tags = ['Plans'];
const evaluationParams = z.object({ evaluation: z.string().describe('The evaluation id or short name (slug)') });

const importBody = z.object({
  fileName: z.string().min(1).max(255),
  contentBase64: z.string().describe('The CSV or .xlsx file, base64-encoded'),
  mapping: z.record(z.string(), z.string()).default({}).describe('For each directorate or programme name in the file that is not a unit: the id of the unit it stands for'),
  dryRun: z.boolean().default(false).describe('Check only: report problems, unmatched names and what would be added, and store nothing'),
});
const problemOut = z.object({ row: z.number(), column: z.string(), message: z.string() });
const unmatchedOut = z.object({ name: z.string(), roles: z.array(z.string()), rows: z.array(z.number()), count: z.number() });
const summaryOut = z.object({ plans: z.number(), newPlans: z.number(), workstreams: z.number(), newWorkstreams: z.number(), deliverables: z.number(), programmeLinks: z.number(), years: z.array(z.string()) });

const deliverableOut = z.object({
  id: z.string(),
  workstreamId: z.string(),
  text: z.string(),
  status: z.string().describe('planned, ongoing, done or dropped'),
  themes: z.array(z.string()),
  planYear: z.string(),
  programmes: z.array(z.object({ id: z.string(), name: z.string() })),
  methods: z.array(z.object({ id: z.string(), name: z.string() })),
});
const planOut = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.string(),
  planYear: z.string(),
  directorateId: z.string().nullable(),
  directorateName: z.string().nullable(),
  documentId: z.string().nullable(),
  documentTitle: z.string().nullable(),
  workstreams: z.number(),
  deliverables: z.number(),
});

/** Plans as JSON: import (with a dry run), list and read plans, change deliverables, the analysis, the methods. */
export async function registerPlanApi(root: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = database.db;
  const path = '/api/v1/evaluations/:evaluation';

  app.post(`${path}/plan-imports`, {
    bodyLimit: Math.ceil((maxPlanFileBytes * 4) / 3) + 100_000,
    config: { access: member('researcher') },
    schema: {
      tags,
      summary: 'Import plans, workstreams and deliverables from a CSV or .xlsx file, all or nothing (400 listing every row problem and unmatched name)',
      params: evaluationParams,
      body: importBody,
      response: {
        200: z.object({ ready: z.boolean(), problems: z.array(problemOut), unmatched: z.array(unmatchedOut), summary: summaryOut }),
        201: summaryOut.extend({ planIds: z.array(z.string()) }),
      },
    },
  }, async (request, reply) => {
    const { fileName, contentBase64, dryRun } = request.body;
    const file = { fileName, content: Buffer.from(contentBase64, 'base64') };
    const mapping = Object.fromEntries(Object.entries(request.body.mapping).map(([name, unitId]) => [nameKey(name), unitId]));
    if (dryRun) {
      const check = await checkPlanImport(db, request.evaluation!.id, file, mapping);
      return reply.code(200).send({ ready: check.ready, problems: check.problems, unmatched: check.unmatched.map(({ name, roles, rows, count }) => ({ name, roles, rows, count })), summary: check.summary });
    }
    return reply.code(201).send(await importPlans(db, request.user!.id, request.evaluation!.id, file, mapping));
  });

  app.get(`${path}/plans`, {
    config: { access: member('coder') },
    schema: { tags, summary: 'List the plans with their counts of workstreams and deliverables', params: evaluationParams, querystring: z.object({ year: z.string().optional() }), response: { 200: z.object({ items: z.array(planOut) }) } },
  }, async (request) => ({ items: await plans.listPlans(db, request.evaluation!.id, request.query.year ? normalisePlanYear(request.query.year) ?? '-' : undefined) }));

  app.get(`${path}/plans/:plan`, {
    config: { access: member('coder') },
    schema: {
      tags,
      summary: 'One plan with its workstreams and deliverables',
      params: evaluationParams.extend({ plan: z.string() }),
      response: { 200: planOut.extend({ workstreamList: z.array(z.object({ id: z.string(), title: z.string(), directorateId: z.string().nullable(), directorateName: z.string().nullable(), deliverables: z.array(deliverableOut) })) }) },
    },
  }, async (request) => plans.getPlan(db, request.evaluation!.id, request.params.plan));

  app.patch(`${path}/deliverables/:deliverable`, {
    config: { access: member('researcher') },
    schema: {
      tags,
      summary: 'Change a deliverable (fields left out keep their values)',
      params: evaluationParams.extend({ deliverable: z.string() }),
      body: z.object({ text: z.string(), status: z.enum(deliverableStatuses), themes: z.array(z.string()), programmeIds: z.array(z.string()), methodIds: z.array(z.string()) }).partial(),
      response: { 200: deliverableOut },
    },
  }, async (request) => {
    const current = await plans.getDeliverable(db, request.evaluation!.id, request.params.deliverable);
    const merged = { text: current.text, status: current.status as (typeof deliverableStatuses)[number], themes: current.themes, programmeIds: current.programmes.map((p) => p.id), methodIds: current.methods.map((m) => m.id), ...request.body };
    return plans.updateDeliverable(db, request.user!.id, request.evaluation!.id, current.id, merged);
  });

  app.get(`${path}/plan-analysis`, {
    config: { access: member('coder') },
    schema: {
      tags,
      summary: 'Deliverables and workstreams per programme per year, cross-cutting work, and the theme × programme matrix',
      params: evaluationParams,
      querystring: z.object({ year: z.string().optional().describe('Limit the theme matrix to one plan year, like 2005/06') }),
    },
  }, async (request) => {
    const year = request.query.year ? normalisePlanYear(request.query.year) : undefined;
    if (year === null) throw badRequest('year must be like 2005/06', [{ field: 'year', message: 'must be like 2005/06' }]);
    const evaluationId = request.evaluation!.id;
    return { programmesByYear: await programmesByYear(db, evaluationId), crossCutting: await crossCutting(db, evaluationId), themeMatrix: await themeMatrix(db, evaluationId, year) };
  });

  app.get(`${path}/improvement-methods`, {
    config: { access: member('coder') },
    schema: { tags, summary: 'The catalogue of improvement methods with where they were used and the coded evidence about them', params: evaluationParams },
  }, async (request) => ({ items: await listMethods(db, request.evaluation!.id) }));

  app.post(`${path}/improvement-methods`, {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Add an improvement method', params: evaluationParams, body: methodInput, response: { 201: z.object({ id: z.string(), name: z.string(), description: z.string() }) } },
  }, async (request, reply) => reply.code(201).send(await createMethod(db, request.user!.id, request.evaluation!.id, request.body)));
}
