import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleDeps } from '../../../http/app.ts';
import { submitForm, type FormErrors } from '../../../http/forms.ts';
import * as criteria from './criteria.ts';
import * as forms from './extraction-forms.ts';
import { caseStudiesBase, coder, formValues, researcher, type FormValues, type Params } from './page-helpers.ts';

type CriterionParams = Params & { criterion: string };
type FormParams = Params & { form: string };
type FieldParams = FormParams & { field: string };

/** What the team sets up once for all sites: the selection criteria, and the extraction forms. */
export function registerSetupPages(app: FastifyInstance, { database }: ModuleDeps): void {
  const db = database.db;

  const renderCriteria = async (reply: FastifyReply, request: FastifyRequest, extra: { values?: FormValues; errors?: FormErrors; added?: string } = {}) =>
    reply.code(extra.errors ? 400 : 200).view('casework/case-studies/views/criteria.njk', {
      title: 'Selection criteria',
      criteria: await criteria.listCriteria(db, request.evaluation!.id),
      values: extra.values ?? {},
      ...extra,
    });

  app.get<{ Params: Params; Querystring: Record<string, string> }>('/evaluations/:evaluation/case-studies/criteria', coder, (request, reply) => renderCriteria(reply, request, { added: request.query.added }));

  app.post<{ Params: Params }>('/evaluations/:evaluation/case-studies/criteria', researcher, async (request, reply) => {
    const result = await submitForm(criteria.criterionInput, request.body, (data) => criteria.addCriterion(db, request.user!.id, request.evaluation!.id, data));
    if (!result.ok) return renderCriteria(reply, request, { values: formValues(request.body), errors: result.errors });
    return reply.redirect(`${caseStudiesBase(request)}/criteria`, 303);
  });

  app.post<{ Params: Params }>('/evaluations/:evaluation/case-studies/criteria/common', researcher, async (request, reply) => {
    const added = await criteria.addCommonCriteria(db, request.user!.id, request.evaluation!.id);
    return reply.redirect(`${caseStudiesBase(request)}/criteria?added=${added}`, 303);
  });

  app.post<{ Params: CriterionParams }>('/evaluations/:evaluation/case-studies/criteria/:criterion/delete', researcher, async (request, reply) => {
    await criteria.deleteCriterion(db, request.user!.id, request.evaluation!.id, request.params.criterion);
    return reply.redirect(`${caseStudiesBase(request)}/criteria`, 303);
  });

  app.get<{ Params: Params }>('/evaluations/:evaluation/case-studies/matrix', coder, async (request, reply) =>
    reply.view('casework/case-studies/views/matrix.njk', { title: 'Criteria by site', matrix: await criteria.criteriaMatrix(db, request.evaluation!.id), judgementLabels: criteria.judgementLabels }),
  );

  const renderForms = async (reply: FastifyReply, request: FastifyRequest, values: FormValues = {}, errors?: FormErrors) =>
    reply.code(errors ? 400 : 200).view('casework/case-studies/views/forms.njk', { title: 'Extraction forms', forms: await forms.listForms(db, request.evaluation!.id), values, errors });

  app.get<{ Params: Params }>('/evaluations/:evaluation/case-studies/forms', coder, (request, reply) => renderForms(reply, request));

  app.post<{ Params: Params }>('/evaluations/:evaluation/case-studies/forms', researcher, async (request, reply) => {
    const result = await submitForm(forms.formInput, request.body, (data) => forms.createForm(db, request.user!.id, request.evaluation!.id, data));
    if (!result.ok) return renderForms(reply, request, formValues(request.body), result.errors);
    return reply.redirect(`${caseStudiesBase(request)}/forms/${result.value.id}`, 303);
  });

  const renderForm = async (reply: FastifyReply, request: FastifyRequest, formId: string, values: FormValues = {}, errors?: FormErrors) => {
    const form = await forms.getForm(db, request.evaluation!.id, formId);
    return reply.code(errors ? 400 : 200).view('casework/case-studies/views/form.njk', {
      title: form.name,
      form,
      values,
      typeItems: forms.fieldTypes.map((t) => ({ value: t, text: forms.fieldTypeLabels[t], checked: (values.fieldType ?? 'text') === t })),
      errors,
    });
  };

  app.get<{ Params: FormParams }>('/evaluations/:evaluation/case-studies/forms/:form', coder, (request, reply) => renderForm(reply, request, request.params.form));

  app.post<{ Params: FormParams }>('/evaluations/:evaluation/case-studies/forms/:form/fields', researcher, async (request, reply) => {
    const form = await forms.getForm(db, request.evaluation!.id, request.params.form);
    const result = await submitForm(forms.fieldInput, request.body, (data) => forms.addField(db, request.user!.id, request.evaluation!.id, form.id, data));
    if (!result.ok) return renderForm(reply, request, form.id, formValues(request.body), result.errors);
    return reply.redirect(`${caseStudiesBase(request)}/forms/${form.id}`, 303);
  });

  app.post<{ Params: FieldParams }>('/evaluations/:evaluation/case-studies/forms/:form/fields/:field/move', researcher, async (request, reply) => {
    const direction = formValues(request.body).direction === 'up' ? 'up' : 'down';
    await forms.moveField(db, request.user!.id, request.evaluation!.id, request.params.form, request.params.field, direction);
    return reply.redirect(`${caseStudiesBase(request)}/forms/${request.params.form}`, 303);
  });

  app.post<{ Params: FieldParams }>('/evaluations/:evaluation/case-studies/forms/:form/fields/:field/delete', researcher, async (request, reply) => {
    await forms.removeField(db, request.user!.id, request.evaluation!.id, request.params.form, request.params.field);
    return reply.redirect(`${caseStudiesBase(request)}/forms/${request.params.form}`, 303);
  });
}
