import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleDeps } from '../../http/app.ts';
import { hasRole, member } from '../../http/access.ts';
import { HttpError, notFound } from '../../http/errors.ts';
import { joinDateFields, submitForm, type FormErrors } from '../../http/forms.ts';
import { registerReportApi } from './api.ts';
import { formatLabels, formats, mediaTypes, renderReport, reportFileName, type Format } from './formats.ts';
import { templateLabels, templates } from './model.ts';
import { PdfError } from './render-pdf.ts';
import { renderHtml } from './render-html.ts';
import * as reports from './service.ts';
import { draftModel, getVersion, listVersions, releaseVersion, saveVersion } from './versions.ts';

type Params = { evaluation: string };
type ReportParams = Params & { report: string };
type FormValues = Record<string, unknown>;

const base = (request: FastifyRequest) => `/evaluations/${request.evaluation!.slug}/reports`;
/** Coders and above work on drafts; viewers (funder, liaison) see released versions only. */
const isTeam = (request: FastifyRequest) => hasRole(request.role!, 'coder');

function parseFormat(value: string): Format {
  if (!(formats as readonly string[]).includes(value)) throw notFound('Format');
  return value as Format;
}

/** Sends a built report as a download; a missing Chromium is a 503 saying what to install. */
async function sendReport(reply: FastifyReply, build: () => Promise<Buffer>, format: Format, fileName: string) {
  let body: Buffer;
  try {
    body = await build();
  } catch (error) {
    if (error instanceof PdfError) throw new HttpError(503, 'pdf_unavailable', error.message);
    throw error;
  }
  return reply.header('content-type', mediaTypes[format]).header('content-disposition', `attachment; filename="${fileName}"`).send(body);
}

/** Report pages: the schedule, a report's sections and versions, downloads, release, the glossary. */
export async function registerReports(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  const db = deps.database.db;
  const viewer = { config: { access: member('viewer') } };
  const coder = { config: { access: member('coder') } };
  const researcher = { config: { access: member('researcher') } };
  const lead = { config: { access: member('lead') } };

  app.get<{ Params: Params }>('/evaluations/:evaluation/reports', viewer, async (request, reply) => {
    const all = await reports.reportSchedule(db, request.evaluation!.id);
    const undated = (await reports.listReports(db, request.evaluation!.id)).filter((r) => r.dueOn === null);
    const team = isTeam(request);
    const visible = (list: reports.Report[]) => (team ? list : list.filter((r) => r.latestReleased !== null));
    return reply.view('reports/views/reports.njk', { title: 'Reports', scheduled: visible(all), undated: visible(undated), team });
  });

  const renderNew = (reply: FastifyReply, values: FormValues, errors?: FormErrors) =>
    reply.code(errors ? 400 : 200).view('reports/views/report-form.njk', {
      title: 'Start a report',
      values,
      errors,
      templateItems: templates.map((t) => ({ value: t, text: templateLabels[t], checked: values.template === t })),
    });

  app.get<{ Params: Params }>('/evaluations/:evaluation/reports/new', researcher, (_request, reply) => renderNew(reply, { template: 'interim' }));

  app.post<{ Params: Params }>('/evaluations/:evaluation/reports', researcher, async (request, reply) => {
    const values = joinDateFields({ ...((request.body ?? {}) as FormValues) }, ['dueOn']);
    const result = await submitForm(reports.reportInput, values, (data) => reports.createReport(db, request.user!.id, request.evaluation!.id, data));
    if (!result.ok) return renderNew(reply, request.body as FormValues, result.errors);
    return reply.redirect(`${base(request)}/${result.value.id}`, 303);
  });

  const renderReportPage = async (request: FastifyRequest<{ Params: ReportParams; Querystring: Record<string, string | undefined> }>, reply: FastifyReply, errors?: FormErrors) => {
    const report = await reports.getReport(db, request.evaluation!.id, request.params.report);
    const team = isTeam(request);
    const versions = await listVersions(db, request.evaluation!.id, report.id, { releasedOnly: !team });
    if (!team && !versions.length) throw notFound('Report');
    return reply.code(errors ? 400 : 200).view('reports/views/report.njk', {
      title: report.title,
      report,
      team,
      sections: team ? await reports.reportSections(db, report) : [],
      versions,
      formats: formats.map((f) => ({ value: f, text: formatLabels[f] })),
      saved: /^\d+$/.test(String(request.query.saved ?? '')) ? request.query.saved : null,
      released: /^\d+$/.test(String(request.query.released ?? '')) ? request.query.released : null,
      errors,
    });
  };

  app.get<{ Params: ReportParams; Querystring: Record<string, string | undefined> }>('/evaluations/:evaluation/reports/:report', viewer, (request, reply) => renderReportPage(request, reply));

  app.get<{ Params: ReportParams & { section: string } }>('/evaluations/:evaluation/reports/:report/sections/:section', researcher, async (request, reply) => {
    const report = await reports.getReport(db, request.evaluation!.id, request.params.report);
    const section = await reports.getSection(db, report, request.params.section);
    return reply.view('reports/views/section-form.njk', { title: `${section.title}: ${report.title}`, report, section, values: { narrative: section.narrative, included: section.included ? 'yes' : 'no' } });
  });

  app.post<{ Params: ReportParams & { section: string } }>('/evaluations/:evaluation/reports/:report/sections/:section', researcher, async (request, reply) => {
    const report = await reports.getReport(db, request.evaluation!.id, request.params.report);
    const section = await reports.getSection(db, report, request.params.section);
    const result = await submitForm(reports.sectionInput, request.body, (data) => reports.saveSection(db, request.user!.id, request.evaluation!.id, report.id, section.key, data));
    if (!result.ok) return reply.code(400).view('reports/views/section-form.njk', { title: `${section.title}: ${report.title}`, report, section, values: request.body, errors: result.errors });
    return reply.redirect(`${base(request)}/${report.id}#sections`, 303);
  });

  // The draft as the evaluation stands now, shown in the browser (its styles allowed by this response's nonce).
  app.get<{ Params: ReportParams }>('/evaluations/:evaluation/reports/:report/preview', coder, async (request, reply) => {
    const model = await draftModel(db, request.evaluation!.id, request.params.report);
    const html = renderHtml(model).replace('<style>', `<style nonce="${reply.cspNonce.style}">`);
    return reply.header('content-type', mediaTypes.html).send(html);
  });

  app.get<{ Params: ReportParams & { format: string } }>('/evaluations/:evaluation/reports/:report/draft/:format', coder, async (request, reply) => {
    const format = parseFormat(request.params.format);
    const model = await draftModel(db, request.evaluation!.id, request.params.report);
    return sendReport(reply, () => renderReport(model, format), format, reportFileName(model, format));
  });

  app.post<{ Params: ReportParams }>('/evaluations/:evaluation/reports/:report/versions', researcher, async (request, reply) => {
    const version = await saveVersion(db, request.user!.id, request.evaluation!.id, request.params.report);
    return reply.redirect(`${base(request)}/${request.params.report}?saved=${version.number}#versions`, 303);
  });

  app.get<{ Params: ReportParams & { number: string; format: string } }>('/evaluations/:evaluation/reports/:report/versions/:number/:format', viewer, async (request, reply) => {
    const format = parseFormat(request.params.format);
    const version = await getVersion(db, request.evaluation!.id, request.params.report, Number(request.params.number), { releasedOnly: !isTeam(request) });
    return sendReport(reply, () => renderReport(version.model, format, { version: version.number }), format, reportFileName(version.model, format, version.number));
  });

  app.post<{ Params: ReportParams & { number: string }; Querystring: Record<string, string | undefined> }>('/evaluations/:evaluation/reports/:report/versions/:number/release', lead, async (request, reply) => {
    try {
      await releaseVersion(db, request.user!.id, request.evaluation!.id, request.params.report, Number(request.params.number));
    } catch (error) {
      if (error instanceof HttpError && error.code === 'release_blocked') {
        const list = [{ text: `Version ${request.params.number} was not released:`, href: '#versions' }, ...error.fields.map((f) => ({ text: f.message, href: '#versions' }))];
        return renderReportPage(request, reply, { list, byField: {} });
      }
      throw error;
    }
    return reply.redirect(`${base(request)}/${request.params.report}?released=${request.params.number}#versions`, 303);
  });

  app.post<{ Params: ReportParams; Querystring: Record<string, string | undefined> }>('/evaluations/:evaluation/reports/:report/delete', lead, async (request, reply) => {
    try {
      await reports.deleteReport(db, request.user!.id, request.evaluation!.id, request.params.report);
    } catch (error) {
      if (error instanceof HttpError && error.status === 400) return renderReportPage(request, reply, { list: [{ text: error.message, href: '#delete' }], byField: {} });
      throw error;
    }
    return reply.redirect(base(request), 303);
  });

  const renderGlossary = async (request: FastifyRequest, reply: FastifyReply, values: FormValues = {}, errors?: FormErrors) =>
    reply.code(errors ? 400 : 200).view('reports/views/abbreviations.njk', { title: 'Abbreviations', abbreviations: await reports.listAbbreviations(db, request.evaluation!.id), values, errors });

  app.get<{ Params: Params }>('/evaluations/:evaluation/abbreviations', coder, (request, reply) => renderGlossary(request, reply));

  app.post<{ Params: Params }>('/evaluations/:evaluation/abbreviations', researcher, async (request, reply) => {
    const result = await submitForm(reports.abbreviationInput, request.body, (data) => reports.addAbbreviation(db, request.user!.id, request.evaluation!.id, data));
    if (!result.ok) return renderGlossary(request, reply, request.body as FormValues, result.errors);
    return reply.redirect(`/evaluations/${request.evaluation!.slug}/abbreviations`, 303);
  });

  app.post<{ Params: Params & { abbreviation: string } }>('/evaluations/:evaluation/abbreviations/:abbreviation/delete', researcher, async (request, reply) => {
    await reports.deleteAbbreviation(db, request.user!.id, request.evaluation!.id, request.params.abbreviation);
    return reply.redirect(`/evaluations/${request.evaluation!.slug}/abbreviations`, 303);
  });

  await registerReportApi(app, deps);
}

