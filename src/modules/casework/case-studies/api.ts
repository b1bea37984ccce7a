import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import * as caseFiles from './case-files.ts';
import { siteJudgements } from './criteria.ts';
import { siteMethods } from './method-sites.ts';
import * as sites from './sites.ts';
import { listStakeholders } from './stakeholders.ts';
import { siteSummaries } from './summary.ts';
import { siteAgencySummary } from './timelines.ts';

const tags = ['Case studies'];
const evaluationParams = z.object({ evaluation: z.string().describe('The evaluation id or short name (slug)') });
const siteParams = evaluationParams.extend({ site: z.string().describe('The id of the case-study site') });

const siteBody = z.object({
  name: z.string(),
  siteType: z.string().describe('rural, urban, metropolitan, london, or "other" with otherType'),
  otherType: z.string().optional(),
  projectTitle: z.string().optional(),
  projectDescription: z.string().optional(),
  startsOn: z.string().nullish().describe('yyyy-mm-dd'),
  endsOn: z.string().nullish().describe('yyyy-mm-dd'),
  status: z.enum(sites.siteStatuses).optional(),
  withdrawnReason: z.string().optional(),
  unitIds: z.array(z.string()).optional().describe('The programmes or other units the project involved'),
});

/** Case studies as JSON: the sites with their progress, one site in full, drawing samples and recording extractions. */
export async function registerCaseStudyApi(root: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = database.db;
  const path = '/api/v1/evaluations/:evaluation/case-studies';

  app.get(path, {
    config: { access: member('coder') },
    schema: { tags, summary: 'The case-study sites: type, project, status, criteria met, stakeholders by category, case files registered, sampled and extracted', params: evaluationParams },
  }, async (request) => ({ items: await siteSummaries(db, request.evaluation!.id) }));

  app.post(path, {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Add a case-study site', params: evaluationParams, body: siteBody },
  }, async (request, reply) => reply.code(201).send(await sites.createSite(db, request.user!.id, request.evaluation!.id, request.body)));

  app.get(`${path}/:site`, {
    config: { access: member('coder') },
    schema: { tags, summary: 'One site: its project, criteria with evidence, stakeholders and linked interviews, methods, case files, samples and contacts per agency', params: siteParams },
  }, async (request) => {
    const evaluationId = request.evaluation!.id;
    const site = await sites.getSite(db, evaluationId, request.params.site);
    return {
      ...site,
      criteria: await siteJudgements(db, evaluationId, site.id),
      stakeholders: await listStakeholders(db, evaluationId, site.id),
      methods: await siteMethods(db, evaluationId, site.id),
      caseFiles: await caseFiles.listCaseFiles(db, evaluationId, site.id),
      samples: await caseFiles.listSamples(db, evaluationId, site.id),
      agencies: await siteAgencySummary(db, evaluationId, site.id),
    };
  });

  app.post(`${path}/:site/case-files`, {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Register case files by anonymous reference, all or none (400 when a reference holds personal data or is already registered)', params: siteParams, body: z.object({ references: z.array(z.string()) }) },
  }, async (request, reply) => reply.code(201).send({ registered: await caseFiles.registerCaseFiles(db, request.user!.id, request.evaluation!.id, request.params.site, request.body) }));

  app.post(`${path}/:site/samples`, {
    config: { access: member('researcher') },
    schema: {
      tags,
      summary: 'Draw a sample of case files not yet sampled at the site; the same seed over the same files gives the same sample',
      params: siteParams,
      body: z.object({ size: z.number().int(), seed: z.union([z.string(), z.number()]).optional().describe('A whole number; one is chosen and recorded when none is given') }),
    },
  }, async (request, reply) => reply.code(201).send(await caseFiles.drawCaseFileSample(db, request.user!.id, request.evaluation!.id, request.params.site, request.body)));

  app.put(`${path}/:site/case-files/:caseFile/extractions/:form`, {
    config: { access: member('researcher') },
    schema: {
      tags,
      summary: 'Record what was extracted from a sampled case file on a form; every answer is checked against its field and nothing is stored when one is wrong',
      params: siteParams.extend({ caseFile: z.string(), form: z.string() }),
      body: z.object({ answers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).describe('The answer for each field, by field id') }),
    },
  }, async (request) => caseFiles.recordExtraction(db, request.user!.id, request.evaluation!.id, request.params.site, request.params.caseFile, request.params.form, request.body.answers));
}
