import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../http/app.ts';
import { member } from '../../http/access.ts';
import { allocations, stratifyKinds } from './draw.ts';
import { frameBreakdowns, freezeFrame, getFrame, leftOutReasons, listFrames } from './frames.ts';
import { drawFromFrame, getSampleMembers, getSampleReport, listSamples, samplePurposes, samplingMethods } from './samples.ts';

const tags = ['Sampling'];
const evaluationParams = z.object({ evaluation: z.string().describe('The evaluation id or short name (slug)') });
const frameParams = evaluationParams.extend({ frame: z.string().describe('The sampling frame id') });
const sampleParams = evaluationParams.extend({ sample: z.string().describe('The sample id') });

const frameOut = z.object({
  id: z.string(),
  evaluationId: z.string(),
  waveId: z.string().nullable(),
  waveName: z.string().nullable(),
  name: z.string(),
  asOf: z.string().describe('The day eligibility was judged against, yyyy-mm-dd'),
  requireEmail: z.boolean(),
  directorySize: z.number().describe('Entries in the directory when the frame was frozen'),
  leftOut: z.object(Object.fromEntries(leftOutReasons.map((r) => [r, z.number()])) as Record<(typeof leftOutReasons)[number], z.ZodNumber>).describe('Entries left out, by reason'),
  size: z.number(),
  samples: z.number(),
  frozenAt: z.date(),
  frozenByName: z.string().nullable(),
});
const frameDetailOut = frameOut.extend({
  breakdowns: z.array(z.object({ by: z.enum(['programme', 'region']), rows: z.array(z.object({ name: z.string(), count: z.number() })) })),
});
const frameBody = z.object({
  name: z.string(),
  waveId: z.string().nullable().optional(),
  asOf: z.string().nullable().optional().describe('yyyy-mm-dd; today when left out'),
  requireEmail: z.boolean().optional().describe('Leave out people with no e-mail address'),
});

const sampleSummaryOut = z.object({
  id: z.string(),
  evaluationId: z.string(),
  frameId: z.string(),
  frameName: z.string(),
  name: z.string(),
  purpose: z.enum(samplePurposes),
  method: z.enum(samplingMethods),
  stratifyBy: z.enum(stratifyKinds).nullable(),
  allocation: z.enum(allocations).nullable(),
  requestedSize: z.number(),
  seed: z.string().describe('A 64-bit integer, as a decimal string'),
  size: z.number(),
  drawnAt: z.date(),
  drawnByName: z.string().nullable(),
});
const sampleReportOut = sampleSummaryOut.extend({
  excludedSamples: z.array(z.object({ id: z.string(), name: z.string() })),
  frameSize: z.number(),
  excludedCount: z.number(),
  available: z.number(),
  strata: z.array(
    z.object({
      stratum: z.string(),
      frameCount: z.number(),
      excludedCount: z.number(),
      available: z.number(),
      allocated: z.number(),
      drawn: z.number(),
      fraction: z.number().nullable(),
      tookEveryone: z.boolean().describe('Fewer were available than allocated, so all of them were drawn'),
    }),
  ),
});
const sampleBody = z.object({
  name: z.string().optional(),
  purpose: z.enum(samplePurposes).optional(),
  method: z.enum(samplingMethods).optional().describe('simple unless stratifyBy is given'),
  stratifyBy: z.enum(stratifyKinds).optional(),
  allocation: z.enum(allocations).optional().describe('proportional (largest remainder) or fixed (size from each stratum); proportional when left out'),
  size: z.number().int().describe('The sample size; with fixed allocation, the number from each stratum'),
  seed: z.union([z.number().int(), z.string()]).describe('Any 64-bit whole number; give large ones as a string'),
  exclude: z.array(z.string()).optional().describe('Ids of earlier samples whose members are left out first'),
});
const memberOut = z.object({
  personId: z.string().nullable(),
  name: z.string(),
  email: z.string().nullable(),
  unitName: z.string().nullable(),
  regionName: z.string().nullable(),
  programmeName: z.string().nullable(),
  stratum: z.string(),
});

/** Frames and samples as JSON, with the same roles as the pages. */
export async function registerSamplingApi(root: FastifyInstance, { database, clock }: ModuleDeps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = database.db;
  const path = '/api/v1/evaluations/:evaluation/sampling';

  app.get(`${path}/frames`, {
    config: { access: member('coder') },
    schema: { tags, summary: "List the evaluation's sampling frames", params: evaluationParams, response: { 200: z.object({ items: z.array(frameOut) }) } },
  }, async (request) => ({ items: await listFrames(db, request.evaluation!.id) }));

  app.post(`${path}/frames`, {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Freeze a sampling frame from the staff directory', params: evaluationParams, body: frameBody, response: { 201: frameOut } },
  }, async (request, reply) => reply.code(201).send(await freezeFrame(db, request.user!.id, request.evaluation!.id, request.body, clock())));

  app.get(`${path}/frames/:frame`, {
    config: { access: member('coder') },
    schema: { tags, summary: 'One frame, with its members counted by programme and region', params: frameParams, response: { 200: frameDetailOut } },
  }, async (request) => {
    const frame = await getFrame(db, request.evaluation!.id, request.params.frame);
    return { ...frame, breakdowns: await frameBreakdowns(db, frame) };
  });

  app.post(`${path}/frames/:frame/samples`, {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Draw a sample from a frame with a seed; answers with the sample report', params: frameParams, body: sampleBody, response: { 201: sampleReportOut } },
  }, async (request, reply) => {
    const body = { ...request.body, method: request.body.method ?? (request.body.stratifyBy ? 'stratified' : 'simple') };
    return reply.code(201).send(await drawFromFrame(db, request.user!.id, request.evaluation!.id, request.params.frame, body));
  });

  app.get(`${path}/samples`, {
    config: { access: member('coder') },
    schema: { tags, summary: "List the evaluation's samples", params: evaluationParams, response: { 200: z.object({ items: z.array(sampleSummaryOut) }) } },
  }, async (request) => ({ items: await listSamples(db, request.evaluation!.id) }));

  app.get(`${path}/samples/:sample`, {
    config: { access: member('coder') },
    schema: { tags, summary: 'A sample report: frame size, left out, sample size and each stratum', params: sampleParams, response: { 200: sampleReportOut } },
  }, async (request) => getSampleReport(db, request.evaluation!.id, request.params.sample));

  app.get(`${path}/samples/:sample/members`, {
    config: { access: member('researcher') },
    schema: { tags, summary: "A sample's members, as the frame recorded them (personal data: researchers and leads)", params: sampleParams, response: { 200: z.object({ items: z.array(memberOut) }) } },
  }, async (request) => ({ items: await getSampleMembers(db, request.evaluation!.id, request.params.sample) }));
}
