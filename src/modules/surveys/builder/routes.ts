import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { HttpError } from '../../../http/errors.ts';
import { parseForm, type FormErrors } from '../../../http/forms.ts';
import { listInstruments, requireInstrument, wordingFor } from '../../instruments/service.ts';
import { DefinitionError } from '../definition.ts';
import * as surveys from '../service.ts';
import { registerSurveyBuilderApi } from './api.ts';
import { checkWave, waveItems } from './survey-waves.ts';
import { formValues, httpProblems, loadSurvey, problemErrors, sameField, surveyPath, surveysPath, type FormValues, type LoadedSurvey } from './editing.ts';
import { pagesForInstrument, type PageLayout } from './instrument-questions.ts';
import { fillWording, wordingNeeded } from './operations.ts';
import { renderOverview, statusTags } from './overview.ts';
import { registerPageEditing } from './page-routes.ts';
import { registerQuestionEditing } from './question-routes.ts';
import { accessChoices, anonymityChoices, anonymityWords, joinMoments, purposeChoices, purposeWords, radioItems, settingsFormValues } from './settings-form.ts';

type Params = { evaluation: string };
type SurveyParams = Params & { survey: string };
type Problem = { field: string; message: string };

/** The survey builder: pages and API. One entry in the module list registers all of it. */
export async function registerSurveyBuilder(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  await registerSurveyPages(app, deps);
  await registerPageEditing(app, deps);
  await registerQuestionEditing(app, deps);
  await registerSurveyBuilderApi(app, deps);
}

const instrumentLayout = (values: FormValues): PageLayout | { problem: string } => {
  if (values.layout !== 'count') return { by: 'scale' };
  const perPage = Number(values.perPage);
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) return { problem: 'Enter how many items go on each page, a whole number from 1 to 100' };
  return { by: 'count', perPage };
};

async function registerSurveyPages(app: FastifyInstance, { database, config }: ModuleDeps): Promise<void> {
  const db = database.db;

  app.get<{ Params: Params }>('/evaluations/:evaluation/surveys', { config: { access: member('coder') } }, async (request, reply) => {
    const list = await surveys.listSurveys(db, request.evaluation!.id);
    return reply.view('surveys/builder/views/list.njk', {
      title: 'Surveys',
      surveys: list.map((s) => ({ ...s, path: surveyPath(request, s.id), publicPath: `/s/${s.publicCode}`, tag: statusTags[s.status] })),
      base: surveysPath(request),
      purposeWords,
      anonymityWords,
    });
  });

  const renderSettings = async (reply: FastifyReply, request: FastifyRequest, form: { values: FormValues; errors?: FormErrors; survey?: LoadedSurvey }) =>
    reply.code(form.errors ? 400 : 200).view('surveys/builder/views/settings-form.njk', {
      title: form.survey ? `Settings of ${form.survey.title}` : 'Create a survey',
      values: form.values,
      errors: form.errors,
      editing: Boolean(form.survey),
      action: form.survey ? `${surveyPath(request, form.survey.id)}/settings` : surveysPath(request),
      backPath: form.survey ? surveyPath(request, form.survey.id) : surveysPath(request),
      purposeItems: radioItems(purposeChoices, form.values.purpose),
      anonymityItems: radioItems(anonymityChoices, form.values.anonymity),
      accessItems: radioItems(accessChoices, form.values.access),
      waveItems: await waveItems(db, request.evaluation!.id, form.values.waveId),
      instrumentItems: [{ value: '', text: 'None: start with an empty page' }, ...listInstruments().map((i) => ({ value: i.id, text: i.name, selected: i.id === form.values.instrument }))],
    });

  /** Validates the settings form; the dates and the rest are checked together so every error shows at once. */
  const readSettings = (body: FormValues): { settings: surveys.SurveySettingsInput; problems: Problem[] } => {
    const moments = joinMoments(body);
    const parsed = parseForm(surveys.surveySettings, moments.input);
    const problems = [...moments.problems, ...(parsed.ok ? [] : parsed.errors.list.map((e) => ({ field: e.href.slice(1), message: e.text })))];
    return { settings: moments.input as surveys.SurveySettingsInput, problems };
  };

  app.get<{ Params: Params }>('/evaluations/:evaluation/surveys/new', { config: { access: member('researcher') } }, (request, reply) =>
    renderSettings(reply, request, { values: { purpose: 'main', anonymity: 'anonymous', access: 'open', layout: 'scale', perPage: '10' } }),
  );

  app.post<{ Params: Params }>('/evaluations/:evaluation/surveys', { config: { access: member('researcher') } }, async (request, reply) => {
    const values = formValues(request.body);
    const evaluationId = request.evaluation!.id;
    const { settings, problems } = readSettings(values);
    const instrumentId = typeof values.instrument === 'string' ? values.instrument : '';
    // The layout matters only when the survey starts from an instrument.
    const layout = instrumentId ? instrumentLayout(values) : ({ by: 'scale' } as const);
    if ('problem' in layout) problems.push({ field: 'perPage', message: layout.problem });
    if (instrumentId && !listInstruments().some((i) => i.id === instrumentId)) problems.push({ field: 'instrument', message: 'Choose an instrument from the list' });
    if (problems.length || 'problem' in layout) return renderSettings(reply, request, { values, errors: problemErrors(problems) });
    try {
      await checkWave(db, evaluationId, settings);
      const definition = instrumentId
        ? { ...surveys.emptyDefinition, pages: pagesForInstrument(requireInstrument(instrumentId), await wordingFor(db, evaluationId, instrumentId), layout) }
        : surveys.emptyDefinition;
      const created = await surveys.createSurvey(db, request.user!.id, evaluationId, settings, definition);
      return reply.redirect(surveyPath(request, created.id), 303);
    } catch (error) {
      if (error instanceof DefinitionError) return renderSettings(reply, request, { values, errors: problemErrors(sameField(error.problems, 'instrument')) });
      if (error instanceof HttpError && error.status === 400) return renderSettings(reply, request, { values, errors: problemErrors(httpProblems(error, 'title')) });
      throw error;
    }
  });

  app.get<{ Params: SurveyParams }>('/evaluations/:evaluation/surveys/:survey', { config: { access: member('coder') } }, async (request, reply) =>
    renderOverview(db, reply, request, await loadSurvey(db, request), config.publicUrl),
  );

  app.get<{ Params: SurveyParams }>('/evaluations/:evaluation/surveys/:survey/settings', { config: { access: member('researcher') } }, async (request, reply) => {
    const survey = await loadSurvey(db, request);
    return renderSettings(reply, request, { survey, values: settingsFormValues(survey) });
  });

  app.post<{ Params: SurveyParams }>('/evaluations/:evaluation/surveys/:survey/settings', { config: { access: member('researcher') } }, async (request, reply) => {
    const survey = await loadSurvey(db, request);
    const values = formValues(request.body);
    const { settings, problems } = readSettings(values);
    if (problems.length) return renderSettings(reply, request, { survey, values, errors: problemErrors(problems) });
    try {
      await checkWave(db, survey.evaluationId, settings);
      await surveys.updateSettings(db, request.user!.id, survey.evaluationId, survey.id, settings);
    } catch (error) {
      if (error instanceof HttpError && error.status === 400) return renderSettings(reply, request, { survey, values, errors: problemErrors(httpProblems(error, 'title')) });
      throw error;
    }
    return reply.redirect(surveyPath(request, survey.id), 303);
  });

  app.post<{ Params: SurveyParams }>('/evaluations/:evaluation/surveys/:survey/open', { config: { access: member('researcher') } }, async (request, reply) => {
    const survey = await loadSurvey(db, request);
    const problems = surveys.openingProblems(survey.version.definition);
    // The problems are listed one by one here; setStatus would only give them as one sentence.
    if (problems.length) return renderOverview(db, reply, request, survey, config.publicUrl, { errors: problemErrors(sameField(problems, 'structure')), status: 409 });
    await surveys.setStatus(db, request.user!.id, survey.evaluationId, survey.id, 'open');
    return reply.redirect(surveyPath(request, survey.id), 303);
  });

  app.post<{ Params: SurveyParams }>('/evaluations/:evaluation/surveys/:survey/close', { config: { access: member('researcher') } }, async (request, reply) => {
    const survey = await loadSurvey(db, request);
    await surveys.setStatus(db, request.user!.id, survey.evaluationId, survey.id, 'closed');
    return reply.redirect(surveyPath(request, survey.id), 303);
  });

  app.post<{ Params: SurveyParams }>('/evaluations/:evaluation/surveys/:survey/wording', { config: { access: member('researcher') } }, async (request, reply) => {
    const survey = await loadSurvey(db, request);
    const definition = survey.version.definition;
    const wording = new Map(await Promise.all(wordingNeeded(definition).map(async (id) => [id, await wordingFor(db, survey.evaluationId, id)] as const)));
    const filled = fillWording(definition, wording);
    if (filled.count) await surveys.saveDefinition(db, request.user!.id, survey.evaluationId, survey.id, filled.definition);
    return reply.redirect(`${surveyPath(request, survey.id)}#structure`, 303);
  });
}
