import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { dateParts, submitForm, type FormErrors } from '../../../http/forms.ts';
import * as context from './context-events.ts';
import { contextTimeline } from './context-timeline.ts';
import { canChange, checkItems, chosen, formValues, kindOptions, type FormValues, type Params } from './page-helpers.ts';

type EventParams = Params & { event: string };

/**
 * The GOV.UK date boxes for an event: all three make a date; a month and year with no day make
 * a month ('yyyy-mm'), for events known only to the month.
 */
export function joinEventDate(body: FormValues): FormValues {
  const [day, month, year] = ['day', 'month', 'year'].map((part) => String(body[`date-${part}`] ?? '').trim()) as [string, string, string];
  if (!day && !month && !year) return { ...body, date: body.date ?? '' };
  const pad = (value: string) => (/^\d$/.test(value) ? `0${value}` : value);
  return { ...body, date: day ? `${year}-${pad(month)}-${pad(day)}` : `${year}-${pad(month)}` };
}

function eventValues(event: context.ContextEvent): FormValues {
  const { day, month, year } = dateParts(event.occurredOn);
  return { ...event, 'date-day': event.precision === 'day' ? day : '', 'date-month': month, 'date-year': year };
}

/** The context timeline and the pages to record events in the organisation's outer context. */
export async function registerContextPages(app: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const db = database.db;
  const researcher = { config: { access: member('researcher') } };
  const contextPath = (request: FastifyRequest, rest = '') => `/evaluations/${request.evaluation!.slug}/context${rest}`;

  app.get<{ Params: Params; Querystring: { kind?: string | string[]; milestones?: string } }>(
    '/evaluations/:evaluation/context',
    { config: { access: member('coder') } },
    async (request, reply) => {
      const kinds = chosen(request.query.kind).filter((k): k is context.ContextKind => (context.contextKinds as readonly string[]).includes(k));
      // The filter form is sent with GET; a first visit has no query and shows everything.
      const milestones = request.query.milestones !== 'hide';
      return reply.view('evaluations/protocol/views/context.njk', {
        title: 'Context timeline',
        years: await contextTimeline(db, request.evaluation!.id, { kinds, milestones }),
        kindItems: checkItems(kindOptions(context.contextKindLabels), kinds),
        milestones,
        filtered: kinds.length > 0,
        canChange: canChange(request),
      });
    },
  );

  const renderForm = (reply: FastifyReply, request: FastifyRequest, form: { event?: context.ContextEvent; values: FormValues; errors?: FormErrors }) =>
    reply.code(form.errors ? 400 : 200).view('evaluations/protocol/views/context-form.njk', {
      title: form.event ? `Change ${form.event.title}` : 'Record an event in the context',
      event: form.event,
      values: form.values,
      errors: form.errors,
      kindItems: checkItems(kindOptions(context.contextKindLabels), form.values.kind),
      action: form.event ? contextPath(request, `/${form.event.id}/edit`) : contextPath(request),
    });

  app.get<{ Params: Params }>('/evaluations/:evaluation/context/new', researcher, (request, reply) => renderForm(reply, request, { values: {} }));

  app.post<{ Params: Params }>('/evaluations/:evaluation/context', researcher, async (request, reply) => {
    const result = await submitForm(context.contextEventInput, joinEventDate(formValues(request.body)), (data) => context.addContextEvent(db, request.user!.id, request.evaluation!.id, data));
    if (!result.ok) return renderForm(reply, request, { values: formValues(request.body), errors: result.errors });
    return reply.redirect(contextPath(request, `#event-${result.value.id}`), 303);
  });

  app.get<{ Params: EventParams }>('/evaluations/:evaluation/context/:event/edit', researcher, async (request, reply) => {
    const event = await context.getContextEvent(db, request.evaluation!.id, request.params.event);
    return renderForm(reply, request, { event, values: eventValues(event) });
  });

  app.post<{ Params: EventParams }>('/evaluations/:evaluation/context/:event/edit', researcher, async (request, reply) => {
    const event = await context.getContextEvent(db, request.evaluation!.id, request.params.event);
    const body = joinEventDate(formValues(request.body));
    const result = await submitForm(context.contextEventInput, body, (data) => context.updateContextEvent(db, request.user!.id, request.evaluation!.id, event.id, data));
    if (!result.ok) return renderForm(reply, request, { event, values: formValues(request.body), errors: result.errors });
    return reply.redirect(contextPath(request, `#event-${event.id}`), 303);
  });

  app.post<{ Params: EventParams }>('/evaluations/:evaluation/context/:event/delete', researcher, async (request, reply) => {
    await context.deleteContextEvent(db, request.user!.id, request.evaluation!.id, request.params.event);
    return reply.redirect(contextPath(request), 303);
  });
}
