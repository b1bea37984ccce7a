import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { notFound } from '../../../http/errors.ts';
import { parseForm, type FormErrors } from '../../../http/forms.ts';
import type { Page } from '../definition.ts';
import { conditionEditor, conditionFormValues, conditionFromForm } from './condition-form.ts';
import { editingContext, formValues, loadSurvey, problemErrors, refusalOf, saveChange, surveyPath, type FormValues, type LoadedSurvey } from './editing.ts';
import { formatInWords } from './format-words.ts';
import * as ops from './operations.ts';
import { renderOverview } from './overview.ts';
import { moveForm, pageOf } from './page-routes.ts';
import { checked, formatChoices, formValuesFor, questionFromForm } from './question-form.ts';

type SurveyParams = { evaluation: string; survey: string };
type PageParams = SurveyParams & { page: string };
type QuestionParams = SurveyParams & { question: string };
type QuestionRequest = FastifyRequest<{ Params: QuestionParams }>;

const view = (name: string) => `surveys/builder/views/${name}.njk`;
const pageChoice = z.object({ page: z.string({ error: 'Choose a page' }).min(1, 'Choose a page') });

function placeOf(survey: LoadedSurvey, questionId: string): ops.QuestionPlace {
  const place = ops.findQuestion(survey.version.definition, questionId);
  if (!place) throw notFound('Survey question');
  return place;
}

/** Check boxes come back as lists whatever the body parser made of them, so a re-shown form keeps them ticked. */
function questionValues(body: unknown): FormValues {
  const values = formValues(body);
  return { ...values, missing: checked(values.missing), required: checked(values.required), wholeNumbers: checked(values.wholeNumbers) };
}

/** Pages for adding, changing, moving and deleting questions, and for when a question is shown. */
export async function registerQuestionEditing(app: FastifyInstance, { database, config }: ModuleDeps): Promise<void> {
  const db = database.db;
  const researcher = { config: { access: member('researcher') } };
  const questionPath = (request: FastifyRequest, survey: LoadedSurvey, id: string) => `${surveyPath(request, survey.id)}/questions/${encodeURIComponent(id)}`;
  const backTo = (request: FastifyRequest, survey: LoadedSurvey, anchor: string) => `${surveyPath(request, survey.id)}#${anchor}`;

  const renderQuestionForm = (
    reply: FastifyReply,
    request: FastifyRequest,
    survey: LoadedSurvey,
    form: { page: Page; place?: ops.QuestionPlace; values: FormValues; errors?: FormErrors },
  ) =>
    reply.code(form.errors ? 400 : 200).view(view('question-form'), {
      title: form.place ? `Change question ${form.place.question.id}` : `Add a question to page "${form.page.title}"`,
      ...editingContext(request, survey),
      page: form.page,
      question: form.place?.question,
      currentFormatWords: form.place ? formatInWords(form.place.question.format) : '',
      formatChoices,
      values: form.values,
      errors: form.errors,
      action: form.place ? questionPath(request, survey, form.place.question.id) : `${surveyPath(request, survey.id)}/pages/${encodeURIComponent(form.page.id)}/questions`,
    });

  app.get<{ Params: PageParams }>('/evaluations/:evaluation/surveys/:survey/pages/:page/questions/new', researcher, async (request, reply) => {
    const survey = await loadSurvey(db, request);
    const page = pageOf(survey, request.params.page);
    const values = { id: ops.nextQuestionId(survey.version.definition), format: 'likert5', required: [], missing: [], wholeNumbers: [], maxLength: '2000' };
    return renderQuestionForm(reply, request, survey, { page, values });
  });

  app.post<{ Params: PageParams }>('/evaluations/:evaluation/surveys/:survey/pages/:page/questions', researcher, async (request, reply) => {
    const survey = await loadSurvey(db, request);
    const page = pageOf(survey, request.params.page);
    const values = questionValues(request.body);
    const read = questionFromForm(values);
    if ('problems' in read) return renderQuestionForm(reply, request, survey, { page, values, errors: problemErrors(read.problems) });
    const saved = await saveChange(db, request, survey, (d) => ops.addQuestions(d, page.id, [read.question]), 'id');
    if (!saved.ok) return renderQuestionForm(reply, request, survey, { page, values, errors: saved.errors });
    return reply.redirect(backTo(request, survey, `question-${read.question.id}`), 303);
  });

  app.get<{ Params: QuestionParams }>('/evaluations/:evaluation/surveys/:survey/questions/:question', researcher, async (request, reply) => {
    const survey = await loadSurvey(db, request);
    const place = placeOf(survey, request.params.question);
    return renderQuestionForm(reply, request, survey, { page: place.page, place, values: formValuesFor(place.question) });
  });

  app.post<{ Params: QuestionParams }>('/evaluations/:evaluation/surveys/:survey/questions/:question', researcher, async (request, reply) => {
    const survey = await loadSurvey(db, request);
    const place = placeOf(survey, request.params.question);
    const values = questionValues(request.body);
    const read = questionFromForm(values, place.question);
    if ('problems' in read) return renderQuestionForm(reply, request, survey, { page: place.page, place, values, errors: problemErrors(read.problems) });
    const saved = await saveChange(db, request, survey, (d) => ops.replaceQuestion(d, place.question.id, read.question), 'id');
    if (!saved.ok) return renderQuestionForm(reply, request, survey, { page: place.page, place, values, errors: saved.errors });
    return reply.redirect(backTo(request, survey, `question-${read.question.id}`), 303);
  });

  const renderDelete = (reply: FastifyReply, request: QuestionRequest, survey: LoadedSurvey, place: ops.QuestionPlace, errors?: FormErrors) => {
    const refusal = refusalOf(() => ops.deleteQuestion(survey.version.definition, place.question.id), 'delete');
    return reply.code(errors ? 409 : 200).view(view('confirm-delete'), {
      title: `Delete question ${place.question.id}`,
      ...editingContext(request, survey),
      what: `question ${place.question.id}`,
      consequence: place.question.text ? `"${place.question.text}"` : '',
      errors: errors ?? refusal,
      refused: Boolean(refusal),
      action: `${questionPath(request, survey, place.question.id)}/delete`,
    });
  };

  app.get<{ Params: QuestionParams }>('/evaluations/:evaluation/surveys/:survey/questions/:question/delete', researcher, async (request, reply) => {
    const survey = await loadSurvey(db, request);
    return renderDelete(reply, request, survey, placeOf(survey, request.params.question));
  });

  app.post<{ Params: QuestionParams }>('/evaluations/:evaluation/surveys/:survey/questions/:question/delete', researcher, async (request, reply) => {
    const survey = await loadSurvey(db, request);
    const place = placeOf(survey, request.params.question);
    const saved = await saveChange(db, request, survey, (d) => ops.deleteQuestion(d, place.question.id), 'delete');
    if (!saved.ok) return renderDelete(reply, request, survey, place, saved.errors);
    return reply.redirect(backTo(request, survey, `page-${place.page.id}`), 303);
  });

  app.post<{ Params: QuestionParams }>('/evaluations/:evaluation/surveys/:survey/questions/:question/move', researcher, async (request, reply) => {
    const survey = await loadSurvey(db, request);
    const place = placeOf(survey, request.params.question);
    const form = parseForm(moveForm, request.body);
    if (!form.ok) return renderOverview(db, reply, request, survey, config.publicUrl, { errors: form.errors, status: 400 });
    const saved = await saveChange(db, request, survey, (d) => ops.moveQuestion(d, place.question.id, form.data.direction), 'structure');
    if (!saved.ok) return renderOverview(db, reply, request, survey, config.publicUrl, { errors: saved.errors, status: 409 });
    return reply.redirect(backTo(request, survey, `question-${place.question.id}`), 303);
  });

  const renderMoveToPage = (reply: FastifyReply, request: QuestionRequest, survey: LoadedSurvey, place: ops.QuestionPlace, chosen?: unknown, errors?: FormErrors) =>
    reply.code(errors ? 400 : 200).view(view('move-question'), {
      title: `Move question ${place.question.id} to another page`,
      ...editingContext(request, survey),
      question: place.question,
      currentPage: place.page,
      pageItems: survey.version.definition.pages.filter((p) => p.id !== place.page.id).map((p, i) => ({ value: p.id, text: p.title, checked: chosen === undefined ? i === 0 : p.id === chosen })),
      errors,
      action: `${questionPath(request, survey, place.question.id)}/page`,
    });

  app.get<{ Params: QuestionParams }>('/evaluations/:evaluation/surveys/:survey/questions/:question/page', researcher, async (request, reply) => {
    const survey = await loadSurvey(db, request);
    return renderMoveToPage(reply, request, survey, placeOf(survey, request.params.question));
  });

  app.post<{ Params: QuestionParams }>('/evaluations/:evaluation/surveys/:survey/questions/:question/page', researcher, async (request, reply) => {
    const survey = await loadSurvey(db, request);
    const place = placeOf(survey, request.params.question);
    const form = parseForm(pageChoice, request.body);
    if (!form.ok) return renderMoveToPage(reply, request, survey, place, '', form.errors);
    const saved = await saveChange(db, request, survey, (d) => ops.moveQuestionToPage(d, place.question.id, form.data.page), 'page');
    if (!saved.ok) return renderMoveToPage(reply, request, survey, place, form.data.page, saved.errors);
    return reply.redirect(backTo(request, survey, `question-${place.question.id}`), 303);
  });

  const renderCondition = (reply: FastifyReply, request: QuestionRequest, survey: LoadedSurvey, place: ops.QuestionPlace, values: FormValues, errors?: FormErrors) =>
    reply.code(errors ? 400 : 200).view(view('condition-form'), {
      title: `When to show question ${place.question.id}`,
      ...editingContext(request, survey),
      subject: `question ${place.question.id}`,
      editor: conditionEditor(ops.earlierQuestions(survey.version.definition, place.page.id), values),
      hasCondition: Boolean(place.question.condition),
      values,
      errors,
      action: `${questionPath(request, survey, place.question.id)}/condition`,
    });

  app.get<{ Params: QuestionParams }>('/evaluations/:evaluation/surveys/:survey/questions/:question/condition', researcher, async (request, reply) => {
    const survey = await loadSurvey(db, request);
    const place = placeOf(survey, request.params.question);
    return renderCondition(reply, request, survey, place, conditionFormValues(place.question.condition));
  });

  app.post<{ Params: QuestionParams }>('/evaluations/:evaluation/surveys/:survey/questions/:question/condition', researcher, async (request, reply) => {
    const survey = await loadSurvey(db, request);
    const place = placeOf(survey, request.params.question);
    const values = formValues(request.body);
    if (values.action === 'add') return renderCondition(reply, request, survey, place, { ...values, rows: String(Number(values.rows ?? 1) + 1) });
    const read = values.action === 'remove' ? { condition: undefined } : conditionFromForm(values, ops.earlierQuestions(survey.version.definition, place.page.id));
    if ('problems' in read) return renderCondition(reply, request, survey, place, values, problemErrors(read.problems));
    const saved = await saveChange(db, request, survey, (d) => ops.setQuestionCondition(d, place.question.id, read.condition), 'question-0');
    if (!saved.ok) return renderCondition(reply, request, survey, place, values, saved.errors);
    return reply.redirect(backTo(request, survey, `question-${place.question.id}`), 303);
  });
}
