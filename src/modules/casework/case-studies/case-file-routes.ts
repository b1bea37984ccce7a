import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleDeps } from '../../../http/app.ts';
import { joinDateFields, submitForm, formErrors, type FormErrors } from '../../../http/forms.ts';
import { HttpError } from '../../../http/errors.ts';
import { inlineSvg } from '../../results/charts.ts';
import * as caseFiles from './case-files.ts';
import { getForm, listForms } from './extraction-forms.ts';
import { coder, formValues, researcher, siteBase, type CaseFileParams, type FormValues, type SiteParams } from './page-helpers.ts';
import { getSite } from './sites.ts';
import { addContacts, contactInput, listContacts, removeContact, siteAgencySummary, timelineChart } from './timelines.ts';

type ContactParams = CaseFileParams & { contact: string };
type ExtractionParams = CaseFileParams & { form: string };

/** A site's case files: registering them, drawing samples, each file's service career and extractions. */
export function registerCaseFilePages(app: FastifyInstance, { database }: ModuleDeps): void {
  const db = database.db;

  const renderFiles = async (reply: FastifyReply, request: FastifyRequest, siteId: string, values: FormValues = {}, errors?: FormErrors) => {
    const evaluationId = request.evaluation!.id;
    const site = await getSite(db, evaluationId, siteId);
    const [files, samples, forms, agencies] = await Promise.all([
      caseFiles.listCaseFiles(db, evaluationId, site.id),
      caseFiles.listSamples(db, evaluationId, site.id),
      listForms(db, evaluationId),
      siteAgencySummary(db, evaluationId, site.id),
    ]);
    return reply.code(errors ? 400 : 200).view('casework/case-studies/views/case-files.njk', {
      title: `Case files at ${site.name}`,
      site,
      files,
      available: files.filter((f) => !f.sampleId).length,
      samples,
      forms,
      agencies,
      values,
      errors,
    });
  };

  app.get<{ Params: SiteParams }>('/evaluations/:evaluation/case-studies/sites/:site/case-files', coder, (request, reply) => renderFiles(reply, request, request.params.site));

  app.post<{ Params: SiteParams }>('/evaluations/:evaluation/case-studies/sites/:site/case-files', researcher, async (request, reply) => {
    const result = await submitForm(caseFiles.referencesInput, request.body, (data) => caseFiles.registerCaseFiles(db, request.user!.id, request.evaluation!.id, request.params.site, data));
    if (!result.ok) return renderFiles(reply, request, request.params.site, formValues(request.body), result.errors);
    return reply.redirect(`${siteBase(request, request.params.site)}/case-files`, 303);
  });

  app.post<{ Params: SiteParams }>('/evaluations/:evaluation/case-studies/sites/:site/samples', researcher, async (request, reply) => {
    const result = await submitForm(caseFiles.sampleInput, request.body, (data) => caseFiles.drawCaseFileSample(db, request.user!.id, request.evaluation!.id, request.params.site, data));
    if (!result.ok) return renderFiles(reply, request, request.params.site, formValues(request.body), result.errors);
    return reply.redirect(`${siteBase(request, request.params.site)}/case-files#samples`, 303);
  });

  const renderFile = async (reply: FastifyReply, request: FastifyRequest, params: CaseFileParams, values: FormValues = {}, errors?: FormErrors) => {
    const evaluationId = request.evaluation!.id;
    const site = await getSite(db, evaluationId, params.site);
    const file = await caseFiles.getCaseFile(db, evaluationId, site.id, params.caseFile);
    const contacts = await listContacts(db, evaluationId, site.id, file.id);
    const chart = timelineChart(file.reference, contacts);
    return reply.code(errors ? 400 : 200).view('casework/case-studies/views/case-file.njk', {
      title: `Case file ${file.reference}`,
      site,
      file,
      contacts,
      chart,
      svg: contacts.length ? await inlineSvg(chart, ['timeline-title', 'timeline-summary']) : '',
      forms: await listForms(db, evaluationId),
      extractions: await caseFiles.caseFileExtractions(db, evaluationId, site.id, file.id),
      values,
      errors,
    });
  };

  app.get<{ Params: CaseFileParams }>('/evaluations/:evaluation/case-studies/sites/:site/case-files/:caseFile', coder, (request, reply) => renderFile(reply, request, request.params));

  app.post<{ Params: CaseFileParams }>('/evaluations/:evaluation/case-studies/sites/:site/case-files/:caseFile/contacts', researcher, async (request, reply) => {
    const body = joinDateFields(formValues(request.body), ['contactedOn']);
    const result = await submitForm(contactInput, body, (data) => addContacts(db, request.user!.id, request.evaluation!.id, request.params.site, request.params.caseFile, [data]));
    if (!result.ok) return renderFile(reply, request, request.params, formValues(request.body), result.errors);
    return reply.redirect(`${siteBase(request, request.params.site)}/case-files/${request.params.caseFile}#timeline`, 303);
  });

  app.post<{ Params: ContactParams }>('/evaluations/:evaluation/case-studies/sites/:site/case-files/:caseFile/contacts/:contact/delete', researcher, async (request, reply) => {
    await removeContact(db, request.user!.id, request.evaluation!.id, request.params.site, request.params.caseFile, request.params.contact);
    return reply.redirect(`${siteBase(request, request.params.site)}/case-files/${request.params.caseFile}#timeline`, 303);
  });

  const renderExtraction = async (reply: FastifyReply, request: FastifyRequest, params: ExtractionParams, values?: FormValues, errors?: FormErrors) => {
    const evaluationId = request.evaluation!.id;
    const site = await getSite(db, evaluationId, params.site);
    const file = await caseFiles.getCaseFile(db, evaluationId, site.id, params.caseFile);
    const form = await getForm(db, evaluationId, params.form);
    const extraction = await caseFiles.getExtraction(db, evaluationId, site.id, file.id, form.id);
    const stored = new Map(extraction.answers.map((a) => [a.fieldId, a.value ?? '']));
    const value = (id: string) => (values ? String(values[`field-${id}`] ?? '') : (stored.get(id) ?? ''));
    return reply.code(errors ? 400 : 200).view('casework/case-studies/views/extraction.njk', {
      title: `${form.name}: case file ${file.reference}`,
      site,
      file,
      form,
      fields: form.fields.map((f) => ({
        ...f,
        value: value(f.id),
        items: f.fieldType === 'yes-no'
          ? [{ value: 'yes', text: 'Yes', checked: value(f.id) === 'yes' }, { value: 'no', text: 'No', checked: value(f.id) === 'no' }]
          : f.options.map((o) => ({ value: o, text: o, checked: value(f.id) === o })),
      })),
      recordedAt: extraction.recordedAt,
      errors,
    });
  };

  app.get<{ Params: ExtractionParams }>('/evaluations/:evaluation/case-studies/sites/:site/case-files/:caseFile/extractions/:form', researcher, (request, reply) => renderExtraction(reply, request, request.params));

  app.post<{ Params: ExtractionParams }>('/evaluations/:evaluation/case-studies/sites/:site/case-files/:caseFile/extractions/:form', researcher, async (request, reply) => {
    const body = formValues(request.body);
    const answers = Object.fromEntries(Object.entries(body).filter(([k]) => k.startsWith('field-')).map(([k, v]) => [k.slice('field-'.length), v]));
    try {
      await caseFiles.recordExtraction(db, request.user!.id, request.evaluation!.id, request.params.site, request.params.caseFile, request.params.form, answers);
    } catch (error) {
      if (error instanceof HttpError && error.status === 400) return renderExtraction(reply, request, request.params, body, formErrors(error.fields.length ? error.fields : [{ field: 'form', message: error.message }]));
      throw error;
    }
    return reply.redirect(`${siteBase(request, request.params.site)}/case-files/${request.params.caseFile}#extractions`, 303);
  });
}
