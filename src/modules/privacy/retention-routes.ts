import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleDeps } from '../../http/app.ts';
import { hasRole, member } from '../../http/access.ts';
import { dateParts, joinDateFields, submitForm, type FormErrors } from '../../http/forms.ts';
import { getEvaluation } from '../evaluations/service.ts';
import { formValues, isoDay, privacyBase, type FormValues, type Params } from './page-helpers.ts';
import { dueDate, getRetentionPolicy, retentionInput, retentionLabels, runRetention, setRetentionPolicy } from './retention.ts';

/** The retention period and what the deletion job would remove, and when. */

export function registerRetentionPages(app: FastifyInstance, { database, clock }: ModuleDeps): void {
  const db = database.db;

  const render = async (reply: FastifyReply, request: FastifyRequest, values?: FormValues, errors?: FormErrors) => {
    const evaluationId = request.evaluation!.id;
    const policy = await getRetentionPolicy(db, evaluationId);
    const evaluation = await getEvaluation(db, evaluationId);
    const plan = await runRetention(db, request.user!.id, evaluationId, { dryRun: true, today: isoDay(clock()) });
    const shown = values ?? {
      basis: policy?.deleteOn ? 'date' : 'months',
      monthsAfterEnd: policy?.monthsAfterEnd ?? '',
      ...Object.fromEntries(Object.entries(dateParts(policy?.deleteOn)).map(([k, v]) => [`deleteOn-${k}`, v])),
    };
    return reply.code(errors ? 400 : 200).view('privacy/views/retention.njk', {
      title: 'Retention of personal data',
      policy,
      endsOn: evaluation.endsOn,
      due: dueDate(policy, evaluation.endsOn),
      plan,
      rows: Object.entries(plan.counts).map(([key, n]) => ({ label: retentionLabels[key] ?? key, n })),
      values: shown,
      errors,
      isLead: hasRole(request.role!, 'lead'),
      base: privacyBase(request),
    });
  };

  app.get<{ Params: Params }>('/evaluations/:evaluation/privacy/retention', { config: { access: member('researcher') } }, (request, reply) => render(reply, request));

  app.post<{ Params: Params }>('/evaluations/:evaluation/privacy/retention', { config: { access: member('lead') } }, async (request, reply) => {
    const body = formValues(request.body);
    const result = await submitForm(retentionInput, joinDateFields(body, ['deleteOn']), (data) => setRetentionPolicy(db, request.user!.id, request.evaluation!.id, data));
    if (!result.ok) return render(reply, request, body, result.errors);
    return reply.redirect(`${privacyBase(request)}/retention`, 303);
  });
}
