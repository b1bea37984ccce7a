import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { joinDateFields, submitForm, type FormErrors } from '../../../http/forms.ts';
import { listMembers } from '../service.ts';
import { canChange, checkItems, dateValues, formValues, protocolPath, selectItems, type FormValues, type Params } from './page-helpers.ts';
import * as plan from './plan.ts';
import { listTasks } from './tasks.ts';
import * as variations from './variations.ts';

type VariationParams = Params & { variation: string };
type EntryParams = Params & { entry: string };

/** Pages for contract variations and the week-by-week plan. */
export async function registerPlanPages(app: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const db = database.db;
  const coder = { config: { access: member('coder') } };
  const researcher = { config: { access: member('researcher') } };

  const taskOptions = async (request: FastifyRequest) => (await listTasks(db, request.evaluation!.id)).map((t) => ({ value: t.id, text: `${t.title} (${t.stageName})` }));

  app.get<{ Params: Params }>('/evaluations/:evaluation/protocol/variations', coder, async (request, reply) =>
    reply.view('evaluations/protocol/views/variations.njk', { title: 'Contract variations', variations: await variations.listVariations(db, request.evaluation!.id), canChange: canChange(request) }),
  );

  const renderVariationForm = async (reply: FastifyReply, request: FastifyRequest, form: { variation?: variations.Variation; values: FormValues; errors?: FormErrors }) =>
    reply.code(form.errors ? 400 : 200).view('evaluations/protocol/views/variation-form.njk', {
      title: form.variation ? 'Change a contract variation' : 'Record a contract variation',
      variation: form.variation,
      values: form.values,
      errors: form.errors,
      taskItems: checkItems(await taskOptions(request), form.values.taskIds),
      action: form.variation ? protocolPath(request, `/variations/${form.variation.id}/edit`) : protocolPath(request, '/variations'),
    });

  app.get<{ Params: Params }>('/evaluations/:evaluation/protocol/variations/new', researcher, (request, reply) => renderVariationForm(reply, request, { values: {} }));

  app.post<{ Params: Params }>('/evaluations/:evaluation/protocol/variations', researcher, async (request, reply) => {
    const body = joinDateFields(formValues(request.body), ['agreedOn']);
    const result = await submitForm(variations.variationInput, body, (data) => variations.addVariation(db, request.user!.id, request.evaluation!.id, data));
    if (!result.ok) return renderVariationForm(reply, request, { values: formValues(request.body), errors: result.errors });
    return reply.redirect(protocolPath(request, '/variations'), 303);
  });

  app.get<{ Params: VariationParams }>('/evaluations/:evaluation/protocol/variations/:variation/edit', researcher, async (request, reply) => {
    const variation = await variations.getVariation(db, request.evaluation!.id, request.params.variation);
    return renderVariationForm(reply, request, { variation, values: { ...variation, ...dateValues('agreedOn', variation.agreedOn), taskIds: variation.tasks.map((t) => t.id) } });
  });

  app.post<{ Params: VariationParams }>('/evaluations/:evaluation/protocol/variations/:variation/edit', researcher, async (request, reply) => {
    const variation = await variations.getVariation(db, request.evaluation!.id, request.params.variation);
    const body = joinDateFields(formValues(request.body), ['agreedOn']);
    const result = await submitForm(variations.variationInput, body, (data) => variations.updateVariation(db, request.user!.id, request.evaluation!.id, variation.id, data));
    if (!result.ok) return renderVariationForm(reply, request, { variation, values: formValues(request.body), errors: result.errors });
    return reply.redirect(protocolPath(request, '/variations'), 303);
  });

  app.post<{ Params: VariationParams }>('/evaluations/:evaluation/protocol/variations/:variation/delete', researcher, async (request, reply) => {
    await variations.deleteVariation(db, request.user!.id, request.evaluation!.id, request.params.variation);
    return reply.redirect(protocolPath(request, '/variations'), 303);
  });

  app.get<{ Params: Params }>('/evaluations/:evaluation/protocol/plan', coder, async (request, reply) =>
    reply.view('evaluations/protocol/views/plan.njk', { title: 'Week-by-week plan', months: await plan.planTimeline(db, request.evaluation!.id), canChange: canChange(request) }),
  );

  const renderEntryForm = async (reply: FastifyReply, request: FastifyRequest, form: { entry?: plan.PlanEntry; values: FormValues; errors?: FormErrors }) => {
    const members = await listMembers(db, request.evaluation!.id);
    return reply.code(form.errors ? 400 : 200).view('evaluations/protocol/views/plan-form.njk', {
      title: form.entry ? 'Change a week of the plan' : 'Add to the plan',
      entry: form.entry,
      values: form.values,
      errors: form.errors,
      taskItems: selectItems(await taskOptions(request), form.values.taskId, 'None'),
      ownerItems: checkItems(members.map((m) => ({ value: m.userId, text: m.name })), form.values.ownerUserIds),
      action: form.entry ? protocolPath(request, `/plan/${form.entry.id}/edit`) : protocolPath(request, '/plan'),
    });
  };

  const entryValues = (entry: plan.PlanEntry): FormValues => ({
    ...entry,
    ...dateValues('weekStarting', entry.weekStarting),
    taskId: entry.taskId ?? '',
    ownerUserIds: entry.owners.flatMap((o) => (o.userId ? [o.userId] : [])),
    otherOwners: entry.owners.filter((o) => !o.userId).map((o) => o.name).join(', '),
  });

  app.get<{ Params: Params }>('/evaluations/:evaluation/protocol/plan/new', researcher, (request, reply) => renderEntryForm(reply, request, { values: {} }));

  app.post<{ Params: Params }>('/evaluations/:evaluation/protocol/plan', researcher, async (request, reply) => {
    const body = joinDateFields(formValues(request.body), ['weekStarting']);
    const result = await submitForm(plan.planEntryInput, body, (data) => plan.addPlanEntry(db, request.user!.id, request.evaluation!.id, data));
    if (!result.ok) return renderEntryForm(reply, request, { values: formValues(request.body), errors: result.errors });
    return reply.redirect(protocolPath(request, `/plan#month-${result.value.weekStarting.slice(0, 7)}`), 303);
  });

  app.get<{ Params: EntryParams }>('/evaluations/:evaluation/protocol/plan/:entry/edit', researcher, async (request, reply) => {
    const entry = await plan.getPlanEntry(db, request.evaluation!.id, request.params.entry);
    return renderEntryForm(reply, request, { entry, values: entryValues(entry) });
  });

  app.post<{ Params: EntryParams }>('/evaluations/:evaluation/protocol/plan/:entry/edit', researcher, async (request, reply) => {
    const entry = await plan.getPlanEntry(db, request.evaluation!.id, request.params.entry);
    const body = joinDateFields(formValues(request.body), ['weekStarting']);
    const result = await submitForm(plan.planEntryInput, body, (data) => plan.updatePlanEntry(db, request.user!.id, request.evaluation!.id, entry.id, data));
    if (!result.ok) return renderEntryForm(reply, request, { entry, values: formValues(request.body), errors: result.errors });
    return reply.redirect(protocolPath(request, '/plan'), 303);
  });

  app.post<{ Params: EntryParams }>('/evaluations/:evaluation/protocol/plan/:entry/delete', researcher, async (request, reply) => {
    await plan.deletePlanEntry(db, request.user!.id, request.evaluation!.id, request.params.entry);
    return reply.redirect(protocolPath(request, '/plan'), 303);
  });
}
