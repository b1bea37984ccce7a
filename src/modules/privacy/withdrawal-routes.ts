import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleDeps } from '../../http/app.ts';
import { member } from '../../http/access.ts';
import { joinDateFields, parseForm, submitForm, type FormErrors } from '../../http/forms.ts';
import type { Subject } from './consents.ts';
import { formValues, isoDay, privacyBase, subjectParam, subjectPath, type FormValues, type Params, type SubjectParams } from './page-helpers.ts';
import { erasedLabels, getWithdrawal, withdraw, withdrawalChoiceLabels, withdrawalChoices, withdrawalInput, withdrawalScope } from './withdrawal.ts';

/**
 * Recording a withdrawal: the form, a confirmation page that says what will be erased (nothing is
 * changed until the lead confirms), and the result. Leads only: erasure cannot be undone.
 */

export function registerWithdrawalPages(app: FastifyInstance, { database, clock }: ModuleDeps): void {
  const db = database.db;

  const renderForm = async (reply: FastifyReply, request: FastifyRequest, subject: Subject, values: FormValues, errors?: FormErrors) => {
    const scope = await withdrawalScope(db, request.evaluation!.id, subject);
    return reply.code(errors ? 400 : 200).view('privacy/views/withdrawal-form.njk', {
      title: `Record a withdrawal for ${scope.name}`,
      subject,
      values,
      errors,
      choiceItems: withdrawalChoices.map((c) => ({ value: c, text: withdrawalChoiceLabels[c], checked: values.choice === c })),
      action: `${subjectPath(request, subject)}/withdraw`,
      back: subjectPath(request, subject),
    });
  };

  app.get<{ Params: SubjectParams }>('/evaluations/:evaluation/privacy/subjects/:kind/:id/withdraw', { config: { access: member('lead') } }, async (request, reply) =>
    renderForm(reply, request, subjectParam(request.params), {}),
  );

  // Checks the form and shows what would be erased; the erasure itself waits for the confirmation.
  app.post<{ Params: SubjectParams }>('/evaluations/:evaluation/privacy/subjects/:kind/:id/withdraw', { config: { access: member('lead') } }, async (request, reply) => {
    const subject = subjectParam(request.params);
    const body = formValues(request.body);
    const form = parseForm(withdrawalInput, joinDateFields(body, ['withdrawnOn']));
    if (!form.ok) return renderForm(reply, request, subject, body, form.errors);
    if (form.data.withdrawnOn > isoDay(clock())) return renderForm(reply, request, subject, body, { list: [{ text: 'The date of withdrawal must be today or in the past', href: '#withdrawnOn' }], byField: { withdrawnOn: { text: 'The date of withdrawal must be today or in the past' } } });
    const scope = await withdrawalScope(db, request.evaluation!.id, subject);
    return reply.view('privacy/views/withdrawal-confirm.njk', {
      title: form.data.choice === 'erase' ? `Erase the data of ${scope.name}?` : `Record the withdrawal of ${scope.name}?`,
      subject,
      scope,
      data: form.data,
      choiceLabel: withdrawalChoiceLabels[form.data.choice],
      action: `${subjectPath(request, subject)}/withdraw/confirm`,
      back: subjectPath(request, subject),
    });
  });

  app.post<{ Params: SubjectParams }>('/evaluations/:evaluation/privacy/subjects/:kind/:id/withdraw/confirm', { config: { access: member('lead') } }, async (request, reply) => {
    const subject = subjectParam(request.params);
    const body = formValues(request.body);
    const result = await submitForm(withdrawalInput, body, (data) => withdraw(db, request.user!.id, request.evaluation!.id, subject, data, isoDay(clock())));
    if (!result.ok) return renderForm(reply, request, subject, body, result.errors);
    return reply.redirect(`${privacyBase(request)}/withdrawals/${result.value.id}`, 303);
  });

  app.get<{ Params: Params & { withdrawal: string } }>('/evaluations/:evaluation/privacy/withdrawals/:withdrawal', { config: { access: member('researcher') } }, async (request, reply) => {
    const withdrawal = await getWithdrawal(db, request.evaluation!.id, request.params.withdrawal);
    return reply.view('privacy/views/withdrawal.njk', {
      title: withdrawal.standIn,
      withdrawal,
      choiceLabel: withdrawalChoiceLabels[withdrawal.choice],
      erased: Object.entries(withdrawal.erased).map(([key, n]) => ({ label: erasedLabels[key] ?? key, n })),
    });
  });
}
