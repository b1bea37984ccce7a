import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleDeps } from '../../http/app.ts';
import { member } from '../../http/access.ts';
import { submitForm, type FormErrors } from '../../http/forms.ts';
import { listDocuments } from '../documents/service.ts';
import { listUnits } from '../organisation/service.ts';
import { unitItems } from '../organisation/select-items.ts';
import { listMethods } from './methods.ts';
import { deliverableStatuses, planKinds } from './plan-rows.ts';
import * as plans from './plans.ts';
import { checkedList, formValues, plansBase, unitCheckboxes, type FormValues, type Params } from './page-helpers.ts';

type PlanParams = Params & { plan: string };
type WorkstreamParams = Params & { workstream: string };
type DeliverableParams = Params & { deliverable: string };

/** Plans, workstreams and deliverables: the list, one plan, and the forms that change them. */
export function registerPlanPages(app: FastifyInstance, { database }: ModuleDeps): void {
  const db = database.db;
  const coder = { config: { access: member('coder') } };
  const researcher = { config: { access: member('researcher') } };

  app.get<{ Params: Params; Querystring: Record<string, string> }>('/evaluations/:evaluation/plans', coder, async (request, reply) => {
    const list = await plans.listPlans(db, request.evaluation!.id);
    const years = [...new Set(list.map((p) => p.planYear))].map((year) => ({ year, plans: list.filter((p) => p.planYear === year) }));
    const imported = Number(request.query.imported);
    return reply.view('plans/views/plans.njk', { title: 'Plans and deliverables', years, kindLabels: plans.planKindLabels, imported: Number.isInteger(imported) && imported >= 0 ? imported : null, total: list.reduce((n, p) => n + p.deliverables, 0) });
  });

  const renderPlanForm = async (reply: FastifyReply, request: FastifyRequest, form: { plan?: plans.PlanDetail; values: FormValues; errors?: FormErrors }) =>
    reply.code(form.errors ? 400 : 200).view('plans/views/plan-form.njk', {
      title: form.plan ? `Change ${form.plan.title}` : 'Add a plan',
      plan: form.plan,
      values: form.values,
      errors: form.errors,
      kindItems: planKinds.map((k) => ({ value: k, text: plans.planKindLabels[k], checked: form.values.kind === k })),
      directorateItems: unitItems(await listUnits(db, request.evaluation!.id), form.values.directorateId, 'None recorded'),
      documentItems: [
        { value: '', text: 'None: not in the register', selected: !form.values.documentId },
        ...(await listDocuments(db, request.evaluation!.id)).map((d) => ({ value: d.id, text: `${d.title} (${d.kindLabel.toLowerCase()})`, selected: d.id === form.values.documentId })),
      ],
      action: form.plan ? `${plansBase(request)}/${form.plan.id}/edit` : plansBase(request),
    });

  app.get<{ Params: Params }>('/evaluations/:evaluation/plans/new', researcher, (request, reply) => renderPlanForm(reply, request, { values: { kind: 'management-plan' } }));

  app.post<{ Params: Params }>('/evaluations/:evaluation/plans', researcher, async (request, reply) => {
    const result = await submitForm(plans.planInput, request.body, (data) => plans.createPlan(db, request.user!.id, request.evaluation!.id, data));
    if (!result.ok) return renderPlanForm(reply, request, { values: formValues(request.body), errors: result.errors });
    return reply.redirect(`${plansBase(request)}/${result.value.id}`, 303);
  });

  app.get<{ Params: PlanParams }>('/evaluations/:evaluation/plans/:plan', coder, async (request, reply) => {
    const plan = await plans.getPlan(db, request.evaluation!.id, request.params.plan);
    return reply.view('plans/views/plan.njk', { title: plan.title, plan, kindLabels: plans.planKindLabels, statusLabels: plans.statusLabels });
  });

  app.get<{ Params: PlanParams }>('/evaluations/:evaluation/plans/:plan/edit', researcher, async (request, reply) => {
    const plan = await plans.getPlan(db, request.evaluation!.id, request.params.plan);
    return renderPlanForm(reply, request, { plan, values: { title: plan.title, kind: plan.kind, planYear: plan.planYear, directorateId: plan.directorateId ?? '', documentId: plan.documentId ?? '' } });
  });

  app.post<{ Params: PlanParams }>('/evaluations/:evaluation/plans/:plan/edit', researcher, async (request, reply) => {
    const plan = await plans.getPlan(db, request.evaluation!.id, request.params.plan);
    const result = await submitForm(plans.planInput, request.body, (data) => plans.updatePlan(db, request.user!.id, request.evaluation!.id, plan.id, data));
    if (!result.ok) return renderPlanForm(reply, request, { plan, values: formValues(request.body), errors: result.errors });
    return reply.redirect(`${plansBase(request)}/${plan.id}`, 303);
  });

  app.post<{ Params: PlanParams }>('/evaluations/:evaluation/plans/:plan/delete', researcher, async (request, reply) => {
    await plans.deletePlan(db, request.user!.id, request.evaluation!.id, request.params.plan);
    return reply.redirect(plansBase(request), 303);
  });

  const renderWorkstreamForm = async (reply: FastifyReply, request: FastifyRequest, form: { planId: string; workstreamId?: string; values: FormValues; errors?: FormErrors }) =>
    reply.code(form.errors ? 400 : 200).view('plans/views/workstream-form.njk', {
      title: form.workstreamId ? 'Change a workstream' : 'Add a workstream',
      planId: form.planId,
      values: form.values,
      errors: form.errors,
      directorateItems: unitItems(await listUnits(db, request.evaluation!.id), form.values.directorateId, 'None recorded'),
      action: form.workstreamId ? `${plansBase(request)}/workstreams/${form.workstreamId}/edit` : `${plansBase(request)}/${form.planId}/workstreams`,
    });

  app.get<{ Params: PlanParams }>('/evaluations/:evaluation/plans/:plan/workstreams/new', researcher, async (request, reply) => {
    const plan = await plans.getPlan(db, request.evaluation!.id, request.params.plan);
    return renderWorkstreamForm(reply, request, { planId: plan.id, values: {} });
  });

  app.post<{ Params: PlanParams }>('/evaluations/:evaluation/plans/:plan/workstreams', researcher, async (request, reply) => {
    const plan = await plans.getPlan(db, request.evaluation!.id, request.params.plan);
    const result = await submitForm(plans.workstreamInput, request.body, (data) => plans.addWorkstream(db, request.user!.id, request.evaluation!.id, plan.id, data));
    if (!result.ok) return renderWorkstreamForm(reply, request, { planId: plan.id, values: formValues(request.body), errors: result.errors });
    return reply.redirect(`${plansBase(request)}/${plan.id}#workstream-${result.value.id}`, 303);
  });

  app.get<{ Params: WorkstreamParams }>('/evaluations/:evaluation/plans/workstreams/:workstream/edit', researcher, async (request, reply) => {
    const w = await plans.getWorkstream(db, request.evaluation!.id, request.params.workstream);
    return renderWorkstreamForm(reply, request, { planId: w.planId, workstreamId: w.id, values: { title: w.title, directorateId: w.directorateId ?? '' } });
  });

  app.post<{ Params: WorkstreamParams }>('/evaluations/:evaluation/plans/workstreams/:workstream/edit', researcher, async (request, reply) => {
    const w = await plans.getWorkstream(db, request.evaluation!.id, request.params.workstream);
    const result = await submitForm(plans.workstreamInput, request.body, (data) => plans.updateWorkstream(db, request.user!.id, request.evaluation!.id, w.id, data));
    if (!result.ok) return renderWorkstreamForm(reply, request, { planId: w.planId, workstreamId: w.id, values: formValues(request.body), errors: result.errors });
    return reply.redirect(`${plansBase(request)}/${w.planId}#workstream-${w.id}`, 303);
  });

  const renderDeliverableForm = async (reply: FastifyReply, request: FastifyRequest, form: { planId: string; workstreamTitle: string; deliverableId?: string; workstreamId: string; values: FormValues; errors?: FormErrors }) => {
    const evaluationId = request.evaluation!.id;
    const methods = await listMethods(db, evaluationId);
    const checkedMethods = checkedList(form.values.methodIds);
    return reply.code(form.errors ? 400 : 200).view('plans/views/deliverable-form.njk', {
      title: form.deliverableId ? 'Change a deliverable' : 'Add a deliverable',
      ...form,
      statusItems: deliverableStatuses.map((s) => ({ value: s, text: plans.statusLabels[s], checked: form.values.status === s })),
      programmeItems: unitCheckboxes(await listUnits(db, evaluationId), checkedList(form.values.programmeIds)),
      methodItems: methods.map((m) => ({ value: m.id, text: m.name, checked: checkedMethods.includes(m.id) })),
      action: form.deliverableId ? `${plansBase(request)}/deliverables/${form.deliverableId}/edit` : `${plansBase(request)}/workstreams/${form.workstreamId}/deliverables`,
    });
  };

  app.get<{ Params: WorkstreamParams }>('/evaluations/:evaluation/plans/workstreams/:workstream/deliverables/new', researcher, async (request, reply) => {
    const w = await plans.getWorkstream(db, request.evaluation!.id, request.params.workstream);
    return renderDeliverableForm(reply, request, { planId: w.planId, workstreamId: w.id, workstreamTitle: w.title, values: { status: 'planned' } });
  });

  app.post<{ Params: WorkstreamParams }>('/evaluations/:evaluation/plans/workstreams/:workstream/deliverables', researcher, async (request, reply) => {
    const w = await plans.getWorkstream(db, request.evaluation!.id, request.params.workstream);
    const result = await submitForm(plans.deliverableInput, request.body, (data) => plans.addDeliverable(db, request.user!.id, request.evaluation!.id, w.id, data));
    if (!result.ok) return renderDeliverableForm(reply, request, { planId: w.planId, workstreamId: w.id, workstreamTitle: w.title, values: formValues(request.body), errors: result.errors });
    return reply.redirect(`${plansBase(request)}/${w.planId}#deliverable-${result.value.id}`, 303);
  });

  app.get<{ Params: DeliverableParams }>('/evaluations/:evaluation/plans/deliverables/:deliverable/edit', researcher, async (request, reply) => {
    const d = await plans.getDeliverable(db, request.evaluation!.id, request.params.deliverable);
    return renderDeliverableForm(reply, request, {
      planId: d.planId,
      workstreamId: d.workstreamId,
      workstreamTitle: d.workstreamTitle,
      deliverableId: d.id,
      values: { text: d.text, status: d.status, themes: d.themes.join('; '), programmeIds: d.programmes.map((p) => p.id), methodIds: d.methods.map((m) => m.id) },
    });
  });

  app.post<{ Params: DeliverableParams }>('/evaluations/:evaluation/plans/deliverables/:deliverable/edit', researcher, async (request, reply) => {
    const d = await plans.getDeliverable(db, request.evaluation!.id, request.params.deliverable);
    const result = await submitForm(plans.deliverableInput, request.body, (data) => plans.updateDeliverable(db, request.user!.id, request.evaluation!.id, d.id, data));
    if (!result.ok) return renderDeliverableForm(reply, request, { planId: d.planId, workstreamId: d.workstreamId, workstreamTitle: d.workstreamTitle, deliverableId: d.id, values: formValues(request.body), errors: result.errors });
    return reply.redirect(`${plansBase(request)}/${d.planId}#deliverable-${d.id}`, 303);
  });

  app.post<{ Params: DeliverableParams }>('/evaluations/:evaluation/plans/deliverables/:deliverable/delete', researcher, async (request, reply) => {
    const planId = await plans.deleteDeliverable(db, request.user!.id, request.evaluation!.id, request.params.deliverable);
    return reply.redirect(`${plansBase(request)}/${planId}`, 303);
  });
}
