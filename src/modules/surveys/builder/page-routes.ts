import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { notFound } from '../../../http/errors.ts';
import { parseForm, type FormErrors } from '../../../http/forms.ts';
import { getInstrument, listInstruments, missingWording, wordingFor } from '../../instruments/service.ts';
import type { Page } from '../definition.ts';
import { conditionFromForm, conditionFormValues, conditionEditor } from './condition-form.ts';
import { editingContext, formValues, loadSurvey, problemErrors, refusalOf, saveChange, surveyPath, type FormValues, type LoadedSurvey } from './editing.ts';
import { checked } from './question-form.ts';
import { itemsForScales, questionsForItems, scaleItems } from './instrument-questions.ts';
import * as ops from './operations.ts';
import { renderOverview } from './overview.ts';

type SurveyParams = { evaluation: string; survey: string };
type PageParams = SurveyParams & { page: string };
type PageRequest = FastifyRequest<{ Params: PageParams }>;

const longText = (label: string) => z.string().trim().max(20_000, `${label} must be 20,000 characters or fewer`).default('');
const textsForm = z.object({ welcome: longText('The welcome'), privacyNotice: longText('The privacy notice'), thankYou: longText('The thank-you text') });
const pageForm = z.object({
  title: z.string({ error: 'Enter a page title' }).trim().min(1, 'Enter a page title').max(300, 'The title must be 300 characters or fewer'),
  intro: longText('The introduction'),
});
export const moveForm = z.object({ direction: z.enum(['up', 'down'], { error: 'Choose up or down' }) });

export function pageOf(survey: LoadedSurvey, pageId: string): Page {
  const page = ops.findPage(survey.version.definition, pageId);
  if (!page) throw notFound('Survey page');
  return page;
}

const view = (name: string) => `surveys/builder/views/${name}.njk`;

/** Pages for the welcome, privacy and thank-you texts, and for adding, changing, moving and deleting pages. */
export async function registerPageEditing(app: FastifyInstance, { database, config }: ModuleDeps): Promise<void> {
  const db = database.db;
  const researcher = { config: { access: member('researcher') } };
  const backTo = (request: FastifyRequest, survey: LoadedSurvey, anchor: string) => `${surveyPath(request, survey.id)}#${anchor}`;

  const renderTexts = (reply: FastifyReply, request: FastifyRequest, survey: LoadedSurvey, values: FormValues, errors?: FormErrors) =>
    reply.code(errors ? 400 : 200).view(view('texts-form'), { title: 'Welcome, privacy notice and thank-you', ...editingContext(request, survey), values, errors });

  app.get<{ Params: SurveyParams }>('/evaluations/:evaluation/surveys/:survey/texts', researcher, async (request, reply) => {
    const survey = await loadSurvey(db, request);
    return renderTexts(reply, request, survey, { ...survey.version.definition });
  });

  app.post<{ Params: SurveyParams }>('/evaluations/:evaluation/surveys/:survey/texts', researcher, async (request, reply) => {
    const survey = await loadSurvey(db, request);
    const values = formValues(request.body);
    const form = parseForm(textsForm, values);
    if (!form.ok) return renderTexts(reply, request, survey, values, form.errors);
    const saved = await saveChange(db, request, survey, (d) => ops.setTexts(d, form.data), 'welcome');
    if (!saved.ok) return renderTexts(reply, request, survey, values, saved.errors);
    return reply.redirect(backTo(request, survey, 'texts'), 303);
  });

  const renderPageForm = (reply: FastifyReply, request: FastifyRequest, survey: LoadedSurvey, form: { page?: Page; values: FormValues; errors?: FormErrors }) =>
    reply.code(form.errors ? 400 : 200).view(view('page-form'), {
      title: form.page ? `Change page "${form.page.title}"` : 'Add a page',
      ...editingContext(request, survey),
      values: form.values,
      errors: form.errors,
      action: form.page ? `${surveyPath(request, survey.id)}/pages/${encodeURIComponent(form.page.id)}` : `${surveyPath(request, survey.id)}/pages`,
      editing: Boolean(form.page),
    });

  app.get<{ Params: SurveyParams }>('/evaluations/:evaluation/surveys/:survey/pages/new', researcher, async (request, reply) =>
    renderPageForm(reply, request, await loadSurvey(db, request), { values: {} }),
  );

  app.post<{ Params: SurveyParams }>('/evaluations/:evaluation/surveys/:survey/pages', researcher, async (request, reply) => {
    const survey = await loadSurvey(db, request);
    const values = formValues(request.body);
    const form = parseForm(pageForm, values);
    if (!form.ok) return renderPageForm(reply, request, survey, { values, errors: form.errors });
    const pageId = ops.nextPageId(survey.version.definition);
    const saved = await saveChange(db, request, survey, (d) => ops.addPage(d, form.data), 'title');
    if (!saved.ok) return renderPageForm(reply, request, survey, { values, errors: saved.errors });
    return reply.redirect(backTo(request, survey, `page-${pageId}`), 303);
  });

  app.get<{ Params: PageParams }>('/evaluations/:evaluation/surveys/:survey/pages/:page', researcher, async (request, reply) => {
    const survey = await loadSurvey(db, request);
    const page = pageOf(survey, request.params.page);
    return renderPageForm(reply, request, survey, { page, values: { title: page.title, intro: page.intro } });
  });

  app.post<{ Params: PageParams }>('/evaluations/:evaluation/surveys/:survey/pages/:page', researcher, async (request, reply) => {
    const survey = await loadSurvey(db, request);
    const page = pageOf(survey, request.params.page);
    const values = formValues(request.body);
    const form = parseForm(pageForm, values);
    if (!form.ok) return renderPageForm(reply, request, survey, { page, values, errors: form.errors });
    const saved = await saveChange(db, request, survey, (d) => ops.updatePage(d, page.id, form.data), 'title');
    if (!saved.ok) return renderPageForm(reply, request, survey, { page, values, errors: saved.errors });
    return reply.redirect(backTo(request, survey, `page-${page.id}`), 303);
  });

  const renderDelete = (reply: FastifyReply, request: PageRequest, survey: LoadedSurvey, page: Page, errors?: FormErrors, status = 200) => {
    const refusal = refusalOf(() => ops.deletePage(survey.version.definition, page.id), 'delete');
    return reply.code(errors ? status : 200).view(view('confirm-delete'), {
      title: `Delete page "${page.title}"`,
      ...editingContext(request, survey),
      what: `page "${page.title}"`,
      consequence: page.questions.length ? `Its ${page.questions.length === 1 ? 'question' : `${page.questions.length} questions`} (${page.questions.map((q) => q.id).join(', ')}) will be deleted with it.` : 'The page has no questions.',
      errors: errors ?? refusal,
      refused: Boolean(refusal),
      action: `${surveyPath(request, survey.id)}/pages/${encodeURIComponent(page.id)}/delete`,
    });
  };

  app.get<{ Params: PageParams }>('/evaluations/:evaluation/surveys/:survey/pages/:page/delete', researcher, async (request, reply) => {
    const survey = await loadSurvey(db, request);
    return renderDelete(reply, request, survey, pageOf(survey, request.params.page));
  });

  app.post<{ Params: PageParams }>('/evaluations/:evaluation/surveys/:survey/pages/:page/delete', researcher, async (request, reply) => {
    const survey = await loadSurvey(db, request);
    const page = pageOf(survey, request.params.page);
    const saved = await saveChange(db, request, survey, (d) => ops.deletePage(d, page.id), 'delete');
    if (!saved.ok) return renderDelete(reply, request, survey, page, saved.errors, 409);
    return reply.redirect(backTo(request, survey, 'structure'), 303);
  });

  app.post<{ Params: PageParams }>('/evaluations/:evaluation/surveys/:survey/pages/:page/move', researcher, async (request, reply) => {
    const survey = await loadSurvey(db, request);
    const page = pageOf(survey, request.params.page);
    const form = parseForm(moveForm, request.body);
    if (!form.ok) return renderOverview(db, reply, request, survey, config.publicUrl, { errors: form.errors, status: 400 });
    // A page moved above the page its condition relies on is refused, and the overview says why.
    const saved = await saveChange(db, request, survey, (d) => ops.movePage(d, page.id, form.data.direction), 'structure');
    if (!saved.ok) return renderOverview(db, reply, request, survey, config.publicUrl, { errors: saved.errors, status: 409 });
    return reply.redirect(backTo(request, survey, `page-${page.id}`), 303);
  });

  const renderPageCondition = (reply: FastifyReply, request: PageRequest, survey: LoadedSurvey, page: Page, values: FormValues, errors?: FormErrors) =>
    reply.code(errors ? 400 : 200).view(view('condition-form'), {
      title: `When to show page "${page.title}"`,
      ...editingContext(request, survey),
      subject: `page "${page.title}"`,
      editor: conditionEditor(ops.earlierQuestions(survey.version.definition, page.id), values),
      hasCondition: Boolean(page.condition),
      values,
      errors,
      action: `${surveyPath(request, survey.id)}/pages/${encodeURIComponent(page.id)}/condition`,
    });

  app.get<{ Params: PageParams }>('/evaluations/:evaluation/surveys/:survey/pages/:page/condition', researcher, async (request, reply) => {
    const survey = await loadSurvey(db, request);
    const page = pageOf(survey, request.params.page);
    return renderPageCondition(reply, request, survey, page, conditionFormValues(page.condition));
  });

  app.post<{ Params: PageParams }>('/evaluations/:evaluation/surveys/:survey/pages/:page/condition', researcher, async (request, reply) => {
    const survey = await loadSurvey(db, request);
    const page = pageOf(survey, request.params.page);
    const values = formValues(request.body);
    // Without JavaScript, "add another rule" is a round trip that shows one more empty row.
    if (values.action === 'add') return renderPageCondition(reply, request, survey, page, { ...values, rows: String(Number(values.rows ?? 1) + 1) });
    const read = values.action === 'remove' ? { condition: undefined } : conditionFromForm(values, ops.earlierQuestions(survey.version.definition, page.id));
    if ('problems' in read) return renderPageCondition(reply, request, survey, page, values, problemErrors(read.problems));
    const saved = await saveChange(db, request, survey, (d) => ops.setPageCondition(d, page.id, read.condition), 'question-0');
    if (!saved.ok) return renderPageCondition(reply, request, survey, page, values, saved.errors);
    return reply.redirect(backTo(request, survey, `page-${page.id}`), 303);
  });

  const renderInstrumentForm = async (reply: FastifyReply, request: PageRequest, survey: LoadedSurvey, page: Page, values: FormValues, errors?: FormErrors) => {
    const chosen = typeof values.instrument === 'string' ? getInstrument(values.instrument) : undefined;
    const scales = checked(values.scales);
    return reply.code(errors ? 400 : 200).view(view('instrument-form'), {
      title: `Add instrument items to page "${page.title}"`,
      ...editingContext(request, survey),
      page,
      errors,
      action: `${surveyPath(request, survey.id)}/pages/${encodeURIComponent(page.id)}/instrument`,
      instrumentItems: [{ value: '', text: 'Choose an instrument' }, ...listInstruments().map((i) => ({ value: i.id, text: i.name, selected: i.id === chosen?.id }))],
      instrument: chosen && {
        id: chosen.id,
        name: chosen.name,
        itemCount: chosen.items.length,
        needingWording: (await missingWording(db, survey.evaluationId, chosen.id)).length,
        instrumentPath: `/evaluations/${request.evaluation!.slug}/instruments/${encodeURIComponent(chosen.id)}`,
        scaleItems: chosen.scales.map((s) => ({ value: s.id, text: s.name, hint: { text: `${scaleItems(chosen, s.id).length} items` }, checked: scales.includes(s.id) })),
      },
    });
  };

  app.get<{ Params: PageParams; Querystring: { instrument?: string } }>('/evaluations/:evaluation/surveys/:survey/pages/:page/instrument', researcher, async (request, reply) => {
    const survey = await loadSurvey(db, request);
    return renderInstrumentForm(reply, request, survey, pageOf(survey, request.params.page), { instrument: request.query.instrument });
  });

  app.post<{ Params: PageParams }>('/evaluations/:evaluation/surveys/:survey/pages/:page/instrument', researcher, async (request, reply) => {
    const survey = await loadSurvey(db, request);
    const page = pageOf(survey, request.params.page);
    const values = formValues(request.body);
    const instrument = typeof values.instrument === 'string' ? getInstrument(values.instrument) : undefined;
    if (!instrument) return renderInstrumentForm(reply, request, survey, page, values, problemErrors([{ field: 'instrument', message: 'Choose an instrument' }]));
    const wording = await wordingFor(db, survey.evaluationId, instrument.id);
    const definition = survey.version.definition;
    // Items already in the survey are left out, so "all items" after one scale adds the rest.
    const questions = questionsForItems(instrument, itemsForScales(instrument, checked(values.scales)), wording).filter((q) => !ops.findQuestion(definition, q.id));
    if (!questions.length) return renderInstrumentForm(reply, request, survey, page, values, problemErrors([{ field: 'scales', message: 'Every chosen item is already in this survey' }]));
    const saved = await saveChange(db, request, survey, (d) => ops.addQuestions(d, page.id, questions), 'scales');
    if (!saved.ok) return renderInstrumentForm(reply, request, survey, page, values, saved.errors);
    return reply.redirect(backTo(request, survey, `page-${page.id}`), 303);
  });
}
