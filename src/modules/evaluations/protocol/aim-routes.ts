import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { submitForm, type FormErrors } from '../../../http/forms.ts';
import * as aims from './aims.ts';
import { overrideChoices } from './aims.ts';
import { listMatrix, listMethods } from './methods.ts';
import { checkItems, formValues, nothing, protocolPath, type FormValues, type Params } from './page-helpers.ts';
import { coverageSummary } from './summaries.ts';

type AimParams = Params & { aim: string };
type QuestionParams = Params & { question: string };

const overrideOptions: Record<(typeof overrideChoices)[number], string> = {
  derived: 'Decide from its methods: addressed when a method that answers it has data',
  addressed: 'Addressed, whatever its methods show',
  'not-addressed': 'Not addressed, whatever its methods show',
};

/** Pages for aims and research questions, including the question page with its coverage override. */
export async function registerAimPages(app: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const db = database.db;
  const researcher = { config: { access: member('researcher') } };

  const renderAimForm = (reply: FastifyReply, request: FastifyRequest, form: { aim?: aims.Aim; values: FormValues; errors?: FormErrors; status?: number }) =>
    reply.code(form.status ?? (form.errors ? 400 : 200)).view('evaluations/protocol/views/aim-form.njk', {
      title: form.aim ? `Change aim A${form.aim.number}` : 'Add an aim',
      aim: form.aim,
      values: form.values,
      errors: form.errors,
      action: form.aim ? protocolPath(request, `/aims/${form.aim.id}/edit`) : protocolPath(request, '/aims'),
    });

  app.get<{ Params: Params }>('/evaluations/:evaluation/protocol/aims/new', researcher, (request, reply) => renderAimForm(reply, request, { values: {} }));

  app.post<{ Params: Params }>('/evaluations/:evaluation/protocol/aims', researcher, async (request, reply) => {
    const result = await submitForm(aims.aimInput, request.body, (data) => aims.addAim(db, request.user!.id, request.evaluation!.id, data));
    if (!result.ok) return renderAimForm(reply, request, { values: formValues(request.body), errors: result.errors });
    return reply.redirect(protocolPath(request), 303);
  });

  app.get<{ Params: AimParams }>('/evaluations/:evaluation/protocol/aims/:aim/edit', researcher, async (request, reply) => {
    const aim = await aims.getAim(db, request.evaluation!.id, request.params.aim);
    return renderAimForm(reply, request, { aim, values: { text: aim.text } });
  });

  app.post<{ Params: AimParams }>('/evaluations/:evaluation/protocol/aims/:aim/edit', researcher, async (request, reply) => {
    const aim = await aims.getAim(db, request.evaluation!.id, request.params.aim);
    const result = await submitForm(aims.aimInput, request.body, (data) => aims.updateAim(db, request.user!.id, request.evaluation!.id, aim.id, data));
    if (!result.ok) return renderAimForm(reply, request, { aim, values: formValues(request.body), errors: result.errors });
    return reply.redirect(protocolPath(request), 303);
  });

  app.post<{ Params: AimParams }>('/evaluations/:evaluation/protocol/aims/:aim/delete', researcher, async (request, reply) => {
    const aim = await aims.getAim(db, request.evaluation!.id, request.params.aim);
    const result = await submitForm(nothing, {}, () => aims.deleteAim(db, request.user!.id, request.evaluation!.id, aim.id));
    // An aim that questions still depend on stays; its form says why.
    if (!result.ok) return renderAimForm(reply, request, { aim, values: { text: aim.text }, errors: result.errors, status: 409 });
    return reply.redirect(protocolPath(request), 303);
  });

  app.post<{ Params: AimParams }>('/evaluations/:evaluation/protocol/aims/:aim/move', researcher, async (request, reply) => {
    const parsed = aims.directionInput.safeParse(request.body);
    if (parsed.success) await aims.moveAim(db, request.evaluation!.id, request.params.aim, parsed.data.direction);
    return reply.redirect(protocolPath(request, '#aims'), 303);
  });

  const renderQuestionForm = async (reply: FastifyReply, request: FastifyRequest, form: { question?: aims.Question; values: FormValues; errors?: FormErrors }) => {
    const allAims = await aims.listAims(db, request.evaluation!.id);
    return reply.code(form.errors ? 400 : 200).view('evaluations/protocol/views/question-form.njk', {
      title: form.question ? `Change question Q${form.question.number}` : 'Add a research question',
      question: form.question,
      values: form.values,
      errors: form.errors,
      aimItems: checkItems(allAims.map((a) => ({ value: a.id, text: `A${a.number}: ${a.text}` })), form.values.aimIds),
      action: form.question ? protocolPath(request, `/questions/${form.question.id}/edit`) : protocolPath(request, '/questions'),
    });
  };

  app.get<{ Params: Params }>('/evaluations/:evaluation/protocol/questions/new', researcher, (request, reply) => renderQuestionForm(reply, request, { values: {} }));

  app.post<{ Params: Params }>('/evaluations/:evaluation/protocol/questions', researcher, async (request, reply) => {
    const result = await submitForm(aims.questionInput, request.body, (data) => aims.addQuestion(db, request.user!.id, request.evaluation!.id, data));
    if (!result.ok) return renderQuestionForm(reply, request, { values: formValues(request.body), errors: result.errors });
    return reply.redirect(protocolPath(request, `/questions/${result.value.id}`), 303);
  });

  const renderQuestion = async (reply: FastifyReply, request: FastifyRequest, form: { values?: FormValues; errors?: FormErrors } = {}) => {
    const evaluationId = request.evaluation!.id;
    const question = await aims.getQuestion(db, evaluationId, (request.params as QuestionParams).question);
    const coverage = (await coverageSummary(db, evaluationId)).questions.find((q) => q.id === question.id)!;
    const answering = new Set((await listMatrix(db, evaluationId)).filter((c) => c.questionId === question.id).map((c) => c.methodId));
    const overrideValue = question.override ? (question.override.addressed ? 'addressed' : 'not-addressed') : 'derived';
    const values = form.values ?? { override: overrideValue, reason: question.override?.reason ?? '' };
    return reply.code(form.errors ? 400 : 200).view('evaluations/protocol/views/question.njk', {
      title: `Research question Q${question.number}`,
      question,
      coverage,
      aims: (await aims.listAims(db, evaluationId)).filter((a) => question.aimIds.includes(a.id)),
      methods: (await listMethods(db, evaluationId)).filter((m) => answering.has(m.id)),
      overrideItems: checkItems(overrideChoices.map((value) => ({ value, text: overrideOptions[value] })), values.override),
      values,
      errors: form.errors,
    });
  };

  app.get<{ Params: QuestionParams }>('/evaluations/:evaluation/protocol/questions/:question', { config: { access: member('coder') } }, (request, reply) => renderQuestion(reply, request));

  app.post<{ Params: QuestionParams }>('/evaluations/:evaluation/protocol/questions/:question/override', researcher, async (request, reply) => {
    const question = await aims.getQuestion(db, request.evaluation!.id, request.params.question);
    const result = await submitForm(aims.overrideInput, request.body, (data) => aims.setOverride(db, request.user!.id, request.evaluation!.id, question.id, data));
    if (!result.ok) return renderQuestion(reply, request, { values: formValues(request.body), errors: result.errors });
    return reply.redirect(protocolPath(request, `/questions/${question.id}`), 303);
  });

  app.get<{ Params: QuestionParams }>('/evaluations/:evaluation/protocol/questions/:question/edit', researcher, async (request, reply) => {
    const question = await aims.getQuestion(db, request.evaluation!.id, request.params.question);
    return renderQuestionForm(reply, request, { question, values: { text: question.text, aimIds: question.aimIds } });
  });

  app.post<{ Params: QuestionParams }>('/evaluations/:evaluation/protocol/questions/:question/edit', researcher, async (request, reply) => {
    const question = await aims.getQuestion(db, request.evaluation!.id, request.params.question);
    const result = await submitForm(aims.questionInput, request.body, (data) => aims.updateQuestion(db, request.user!.id, request.evaluation!.id, question.id, data));
    if (!result.ok) return renderQuestionForm(reply, request, { question, values: formValues(request.body), errors: result.errors });
    return reply.redirect(protocolPath(request, `/questions/${question.id}`), 303);
  });

  app.post<{ Params: QuestionParams }>('/evaluations/:evaluation/protocol/questions/:question/delete', researcher, async (request, reply) => {
    await aims.deleteQuestion(db, request.user!.id, request.evaluation!.id, request.params.question);
    return reply.redirect(protocolPath(request, '#questions'), 303);
  });

  app.post<{ Params: QuestionParams }>('/evaluations/:evaluation/protocol/questions/:question/move', researcher, async (request, reply) => {
    const parsed = aims.directionInput.safeParse(request.body);
    if (parsed.success) await aims.moveQuestion(db, request.evaluation!.id, request.params.question, parsed.data.direction);
    return reply.redirect(protocolPath(request, '#questions'), 303);
  });
}
