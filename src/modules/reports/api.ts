import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../http/app.ts';
import { hasRole, member } from '../../http/access.ts';
import { HttpError, notFound } from '../../http/errors.ts';
import { formats, mediaTypes, renderReport, reportFileName, type Format } from './formats.ts';
import { templates } from './model.ts';
import { PdfError } from './render-pdf.ts';
import * as reports from './service.ts';
import { checkVersion, getVersion, listVersions, releaseVersion, saveVersion } from './versions.ts';

/**
 * Reports as JSON: list and start reports, read one with its sections and versions, save a
 * version, check and release it, and download any version as HTML, Word or PDF. Viewers see only
 * reports with a released version, and only those versions.
 */

const tags = ['Reports'];
const evaluationParams = z.object({ evaluation: z.string().describe('The evaluation id or short name (slug)') });
const reportParams = evaluationParams.extend({ report: z.string().describe('The report id') });
const versionParams = reportParams.extend({ number: z.coerce.number().int().positive().describe('The version number: 1, 2 …') });
const fileParams = versionParams.extend({ format: z.enum(formats).describe('html, docx or pdf') });

const reportOut = z.object({
  id: z.string(),
  title: z.string(),
  template: z.enum(templates),
  templateLabel: z.string(),
  dueOn: z.string().nullable(),
  latestVersion: z.number().nullable(),
  latestReleased: z.number().nullable(),
});
const versionOut = z.object({
  number: z.number(),
  status: z.enum(['draft', 'released']),
  fingerprint: z.string().describe('SHA-256 of the stored report model'),
  builtAt: z.date(),
  builtBy: z.string().nullable(),
  releasedAt: z.date().nullable(),
  releasedBy: z.string().nullable(),
});
const sectionOut = z.object({ key: z.string(), title: z.string(), narrative: z.string(), included: z.boolean(), narrativeOnly: z.boolean() });
const problemOut = z.object({ kind: z.enum(['quote', 'small-group']), message: z.string() });

const team = (request: FastifyRequest) => hasRole(request.role!, 'coder');
const pick = (r: reports.Report) => ({ id: r.id, title: r.title, template: r.template, templateLabel: r.templateLabel, dueOn: r.dueOn, latestVersion: r.latestVersion, latestReleased: r.latestReleased });

export async function registerReportApi(root: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = database.db;
  const path = '/api/v1/evaluations/:evaluation/reports';

  app.get(path, {
    config: { access: member('viewer') },
    schema: { tags, summary: 'List the reports, earliest due first (viewers: only reports with a released version)', params: evaluationParams, response: { 200: z.object({ items: z.array(reportOut) }) } },
  }, async (request) => {
    const list = await reports.listReports(db, request.evaluation!.id);
    return { items: list.filter((r) => team(request) || r.latestReleased !== null).map(pick) };
  });

  app.post(path, {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Start a report from a template', params: evaluationParams, body: z.object({ title: z.string(), template: z.enum(templates), dueOn: z.string().nullish().describe('yyyy-mm-dd') }), response: { 201: reportOut } },
  }, async (request, reply) => reply.code(201).send(pick(await reports.createReport(db, request.user!.id, request.evaluation!.id, request.body))));

  app.get(`${path}/:report`, {
    config: { access: member('viewer') },
    schema: { tags, summary: 'One report with its sections (team only) and versions (viewers: released ones)', params: reportParams, response: { 200: reportOut.extend({ sections: z.array(sectionOut), versions: z.array(versionOut) }) } },
  }, async (request) => {
    const report = await reports.getReport(db, request.evaluation!.id, request.params.report);
    const versions = await listVersions(db, request.evaluation!.id, report.id, { releasedOnly: !team(request) });
    if (!team(request) && !versions.length) throw notFound('Report');
    return { ...pick(report), sections: team(request) ? await reports.reportSections(db, report) : [], versions };
  });

  app.post(`${path}/:report/versions`, {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Save a version: assemble the report from the evaluation now and store it', params: reportParams, response: { 201: versionOut } },
  }, async (request, reply) => reply.code(201).send(await saveVersion(db, request.user!.id, request.evaluation!.id, request.params.report)));

  app.get(`${path}/:report/versions/:number/check`, {
    config: { access: member('coder') },
    schema: { tags, summary: 'Run the release check on a version: what would stop its release', params: versionParams, response: { 200: z.object({ problems: z.array(problemOut) }) } },
  }, async (request) => ({ problems: await checkVersion(db, request.evaluation!.id, request.params.report, request.params.number) }));

  app.post(`${path}/:report/versions/:number/release`, {
    config: { access: member('lead') },
    schema: { tags, summary: 'Release a version to viewers; 409 listing each problem when the release check finds any', params: versionParams, response: { 200: versionOut } },
  }, async (request) => releaseVersion(db, request.user!.id, request.evaluation!.id, request.params.report, request.params.number));

  app.get(`${path}/:report/versions/:number/:format`, {
    config: { access: member('viewer') },
    schema: { tags, summary: 'Download a version as HTML, Word or PDF, rebuilt from its stored model (viewers: released versions only)', params: fileParams },
  }, async (request, reply) => {
    const version = await getVersion(db, request.evaluation!.id, request.params.report, request.params.number, { releasedOnly: !team(request) });
    const format: Format = request.params.format;
    let body: Buffer;
    try {
      body = await renderReport(version.model, format, { version: version.number });
    } catch (error) {
      if (error instanceof PdfError) throw new HttpError(503, 'pdf_unavailable', error.message);
      throw error;
    }
    return reply.header('content-type', mediaTypes[format]).header('content-disposition', `attachment; filename="${reportFileName(version.model, format, version.number)}"`).send(body);
  });
}
