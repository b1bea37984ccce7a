import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleDeps } from '../../../http/app.ts';
import { HttpError } from '../../../http/errors.ts';
import { dateParts, formErrors, joinDateFields, submitForm, type FormErrors } from '../../../http/forms.ts';
import { listDocuments } from '../../documents/service.ts';
import { listUnits, unitKindLabels } from '../../organisation/service.ts';
import { listMethods } from '../../plans/methods.ts';
import { listCaseFiles } from './case-files.ts';
import { judgementLabels, judgements, saveJudgements, siteJudgements } from './criteria.ts';
import { setSiteMethods, siteMethods } from './method-sites.ts';
import { caseStudiesBase, checkedList, coder, formValues, researcher, siteBase, type FormValues, type Params, type SiteParams } from './page-helpers.ts';
import * as sites from './sites.ts';
import { addStakeholder, interviewChoices, listStakeholders, removeStakeholder, stakeholderCategories, stakeholderCategoryLabels, stakeholderInput } from './stakeholders.ts';
import { siteAgencySummary } from './timelines.ts';
import { siteSummaries } from './summary.ts';

type StakeholderParams = SiteParams & { stakeholder: string };

const siteValues = (site: sites.Site): FormValues => ({
  name: site.name,
  siteType: (sites.siteTypes as readonly string[]).includes(site.siteType) ? site.siteType : 'other',
  otherType: (sites.siteTypes as readonly string[]).includes(site.siteType) ? '' : site.siteType,
  projectTitle: site.projectTitle,
  projectDescription: site.projectDescription,
  status: site.status,
  withdrawnReason: site.withdrawnReason,
  unitIds: site.units.map((u) => u.id),
  ...Object.fromEntries(Object.entries(dateParts(site.startsOn)).map(([k, v]) => [`startsOn-${k}`, v])),
  ...Object.fromEntries(Object.entries(dateParts(site.endsOn)).map(([k, v]) => [`endsOn-${k}`, v])),
});

/** Case-study sites: the list, a site's page, its criteria, stakeholders and methods. */
export function registerSitePages(app: FastifyInstance, { database }: ModuleDeps): void {
  const db = database.db;

  app.get<{ Params: Params }>('/evaluations/:evaluation/case-studies', coder, async (request, reply) =>
    reply.view('casework/case-studies/views/sites.njk', { title: 'Case studies', sites: await siteSummaries(db, request.evaluation!.id), statusLabels: sites.siteStatusLabels }),
  );

  const renderForm = async (reply: FastifyReply, request: FastifyRequest, form: { siteId?: string; values: FormValues; errors?: FormErrors }) => {
    const units = (await listUnits(db, request.evaluation!.id)).filter((u) => u.kind !== 'organisation');
    const chosen = checkedList(form.values.unitIds);
    return reply.code(form.errors ? 400 : 200).view('casework/case-studies/views/site-form.njk', {
      title: form.siteId ? 'Change the site' : 'Add a case-study site',
      ...form,
      typeItems: sites.siteTypes.map((t) => ({ value: t, text: sites.siteTypeLabels[t], checked: form.values.siteType === t })),
      statusItems: sites.siteStatuses.map((s) => ({ value: s, text: sites.siteStatusLabels[s], checked: (form.values.status ?? 'proposed') === s })),
      unitItems: units.map((u) => ({ value: u.id, text: u.kind === 'programme' ? u.name : `${u.name} (${unitKindLabels[u.kind].singular.toLowerCase()})`, checked: chosen.includes(u.id) })),
      action: form.siteId ? `${siteBase(request, form.siteId)}/edit` : caseStudiesBase(request),
    });
  };
  const siteBody = (body: unknown) => joinDateFields(formValues(body), ['startsOn', 'endsOn']);

  app.get<{ Params: Params }>('/evaluations/:evaluation/case-studies/sites/new', researcher, (request, reply) => renderForm(reply, request, { values: {} }));

  app.post<{ Params: Params }>('/evaluations/:evaluation/case-studies', researcher, async (request, reply) => {
    const result = await submitForm(sites.siteInput, siteBody(request.body), (data) => sites.createSite(db, request.user!.id, request.evaluation!.id, data));
    if (!result.ok) return renderForm(reply, request, { values: formValues(request.body), errors: result.errors });
    return reply.redirect(siteBase(request, result.value.id), 303);
  });

  const renderSite = async (reply: FastifyReply, request: FastifyRequest, siteId: string, errors?: FormErrors) => {
    const evaluationId = request.evaluation!.id;
    const site = await sites.getSite(db, evaluationId, siteId);
    const [criteria, stakeholders, methods, used, files, agencies] = await Promise.all([
      siteJudgements(db, evaluationId, site.id),
      listStakeholders(db, evaluationId, site.id),
      listMethods(db, evaluationId),
      siteMethods(db, evaluationId, site.id),
      listCaseFiles(db, evaluationId, site.id),
      siteAgencySummary(db, evaluationId, site.id),
    ]);
    const usedIds = used.map((m) => m.id);
    return reply.code(errors ? 400 : 200).view('casework/case-studies/views/site.njk', {
      title: site.name,
      site,
      criteria,
      met: criteria.filter((c) => c.judgement === 'met').length,
      judgementLabels,
      stakeholders,
      categories: stakeholderCategories.map((c) => ({ label: stakeholderCategoryLabels[c], people: stakeholders.filter((s) => s.category === c) })),
      interviews: stakeholders.filter((s) => s.interview),
      used,
      methodItems: methods.map((m) => ({ value: m.id, text: m.name, checked: usedIds.includes(m.id) })),
      files: { registered: files.length, sampled: files.filter((f) => f.sampleId).length, extracted: files.filter((f) => f.extractedForms.length).length },
      agencies,
      statusLabels: sites.siteStatusLabels,
      errors,
    });
  };

  app.get<{ Params: SiteParams }>('/evaluations/:evaluation/case-studies/sites/:site', coder, (request, reply) => renderSite(reply, request, request.params.site));

  app.get<{ Params: SiteParams }>('/evaluations/:evaluation/case-studies/sites/:site/edit', researcher, async (request, reply) => {
    const site = await sites.getSite(db, request.evaluation!.id, request.params.site);
    return renderForm(reply, request, { siteId: site.id, values: siteValues(site) });
  });

  app.post<{ Params: SiteParams }>('/evaluations/:evaluation/case-studies/sites/:site/edit', researcher, async (request, reply) => {
    const site = await sites.getSite(db, request.evaluation!.id, request.params.site);
    const result = await submitForm(sites.siteInput, siteBody(request.body), (data) => sites.updateSite(db, request.user!.id, request.evaluation!.id, site.id, data));
    if (!result.ok) return renderForm(reply, request, { siteId: site.id, values: formValues(request.body), errors: result.errors });
    return reply.redirect(siteBase(request, site.id), 303);
  });

  app.post<{ Params: SiteParams }>('/evaluations/:evaluation/case-studies/sites/:site/delete', researcher, async (request, reply) => {
    await sites.deleteSite(db, request.user!.id, request.evaluation!.id, request.params.site);
    return reply.redirect(caseStudiesBase(request), 303);
  });

  app.post<{ Params: SiteParams }>('/evaluations/:evaluation/case-studies/sites/:site/methods', researcher, async (request, reply) => {
    try {
      await setSiteMethods(db, request.user!.id, request.evaluation!.id, request.params.site, checkedList(formValues(request.body).methodIds));
    } catch (error) {
      if (error instanceof HttpError && error.status === 400) return renderSite(reply, request, request.params.site, formErrors(error.fields));
      throw error;
    }
    return reply.redirect(`${siteBase(request, request.params.site)}#methods`, 303);
  });

  // The criteria: one form with a judgement, evidence and an optional document for each criterion.
  const renderCriteria = async (reply: FastifyReply, request: FastifyRequest, siteId: string, values?: FormValues, errors?: FormErrors) => {
    const site = await sites.getSite(db, request.evaluation!.id, siteId);
    const criteria = await siteJudgements(db, request.evaluation!.id, site.id);
    const documents = await listDocuments(db, request.evaluation!.id);
    const value = (name: string, fallback: string) => (values ? String(values[name] ?? '') : fallback);
    return reply.code(errors ? 400 : 200).view('casework/case-studies/views/site-criteria.njk', {
      title: `Selection criteria for ${site.name}`,
      site,
      criteria: criteria.map((c) => ({
        ...c,
        judgementItems: judgements.map((j) => ({ value: j, text: judgementLabels[j], checked: value(`judgement-${c.criterionId}`, c.judgement) === j })),
        evidenceValue: value(`evidence-${c.criterionId}`, c.evidence),
        documentItems: [{ value: '', text: 'None' }, ...documents.map((d) => ({ value: d.id, text: d.title, selected: value(`document-${c.criterionId}`, c.documentId ?? '') === d.id }))],
      })),
      errors,
    });
  };

  app.get<{ Params: SiteParams }>('/evaluations/:evaluation/case-studies/sites/:site/criteria', researcher, (request, reply) => renderCriteria(reply, request, request.params.site));

  app.post<{ Params: SiteParams }>('/evaluations/:evaluation/case-studies/sites/:site/criteria', researcher, async (request, reply) => {
    const body = formValues(request.body);
    const inputs = checkedList(body.criterionIds).map((criterionId) => ({
      criterionId,
      judgement: String(body[`judgement-${criterionId}`] ?? ''),
      evidence: String(body[`evidence-${criterionId}`] ?? ''),
      documentId: String(body[`document-${criterionId}`] ?? '') || null,
    }));
    try {
      await saveJudgements(db, request.user!.id, request.evaluation!.id, request.params.site, inputs);
    } catch (error) {
      if (error instanceof HttpError && error.status === 400) return renderCriteria(reply, request, request.params.site, body, formErrors(error.fields.length ? error.fields : [{ field: 'form', message: error.message }]));
      throw error;
    }
    return reply.redirect(`${siteBase(request, request.params.site)}#criteria`, 303);
  });

  const renderStakeholder = async (reply: FastifyReply, request: FastifyRequest, siteId: string, values: FormValues, errors?: FormErrors) => {
    const site = await sites.getSite(db, request.evaluation!.id, siteId);
    const interviews = await interviewChoices(db, request.evaluation!.id);
    return reply.code(errors ? 400 : 200).view('casework/case-studies/views/stakeholder-form.njk', {
      title: `Add a stakeholder at ${site.name}`,
      site,
      values,
      categoryItems: stakeholderCategories.map((c) => ({ value: c, text: stakeholderCategoryLabels[c], checked: values.category === c })),
      interviewItems: [{ value: '', text: 'Not interviewed' }, ...interviews.map((i) => ({ value: i.id, text: i.text, selected: values.interviewId === i.id }))],
      errors,
    });
  };

  app.get<{ Params: SiteParams }>('/evaluations/:evaluation/case-studies/sites/:site/stakeholders/new', researcher, (request, reply) => renderStakeholder(reply, request, request.params.site, {}));

  app.post<{ Params: SiteParams }>('/evaluations/:evaluation/case-studies/sites/:site/stakeholders', researcher, async (request, reply) => {
    const result = await submitForm(stakeholderInput, request.body, (data) => addStakeholder(db, request.user!.id, request.evaluation!.id, request.params.site, data));
    if (!result.ok) return renderStakeholder(reply, request, request.params.site, formValues(request.body), result.errors);
    return reply.redirect(`${siteBase(request, request.params.site)}#stakeholders`, 303);
  });

  app.post<{ Params: StakeholderParams }>('/evaluations/:evaluation/case-studies/sites/:site/stakeholders/:stakeholder/delete', researcher, async (request, reply) => {
    await removeStakeholder(db, request.user!.id, request.evaluation!.id, request.params.site, request.params.stakeholder);
    return reply.redirect(`${siteBase(request, request.params.site)}#stakeholders`, 303);
  });
}
