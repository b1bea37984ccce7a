import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { HttpError, notFound } from '../../../http/errors.ts';
import { DefinitionError, type SurveyDefinitionInput } from '../definition.ts';
import * as surveys from '../service.ts';
import { checkWave } from './survey-waves.ts';

const tags = ['Surveys'];
const evaluationParams = z.object({ evaluation: z.string().describe('The evaluation id or short name (slug)') });
const surveyParams = evaluationParams.extend({ survey: z.string().describe('The survey id') });
const moment = z.string().nullable().optional().describe('ISO 8601 date and time, e.g. 2026-03-01T09:00:00Z; null for none');

const settingsBody = z.object({
  title: z.string(),
  purpose: z.enum(surveys.purposes).describe('pretest answers are kept out of analysis'),
  waveId: z.string().nullable().optional().describe('A survey wave of this evaluation'),
  anonymity: z.enum(surveys.anonymityModes),
  access: z.enum(surveys.accessModes).optional().describe('open: anyone with the link; personal: invitations only'),
  opensAt: moment,
  closesAt: moment,
});
const definitionDoc = 'The whole questionnaire: { welcome, privacyNotice, thankYou, pages: [{ id, title, intro, condition?, questions: [{ id, text, hint, format, required, condition?, source? }] }] }';
const createBody = settingsBody.extend({ definition: z.unknown().optional().describe(`${definitionDoc}; one empty page when absent`) });

const surveyOut = z.object({
  id: z.string(),
  title: z.string(),
  purpose: z.enum(surveys.purposes),
  waveId: z.string().nullable(),
  anonymity: z.enum(surveys.anonymityModes),
  access: z.enum(surveys.accessModes),
  status: z.enum(['draft', 'open', 'closed']),
  publicCode: z.string(),
  publicLink: z.string(),
  opensAt: z.string().nullable(),
  closesAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const listedOut = surveyOut.extend({ waveName: z.string().nullable(), complete: z.number(), partial: z.number() });
const versionOut = z.object({ number: z.number(), frozen: z.boolean().describe('Answered: a change makes a new version'), definition: z.unknown() });
const oneOut = surveyOut.extend({ version: versionOut, versions: z.array(z.object({ number: z.number(), createdAt: z.string() })) });

/** The definition's problems, one per entry of the problem document's errors. */
function invalidDefinition(error: DefinitionError): HttpError {
  return new HttpError(400, 'invalid_definition', `The definition has ${error.problems.length === 1 ? 'a problem' : `${error.problems.length} problems`}: ${error.problems.join('; ')}`,
    error.problems.map((message) => ({ field: 'definition', message })));
}

async function orInvalid<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DefinitionError) throw invalidDefinition(error);
    throw error;
  }
}

/** The survey's settings as the service reads them, for merging a partial change into. */
function currentSettings(survey: surveys.Survey): surveys.SurveySettingsInput {
  return { title: survey.title, purpose: survey.purpose, waveId: survey.waveId, anonymity: survey.anonymity, access: survey.access, opensAt: survey.opensAt, closesAt: survey.closesAt };
}

export async function registerSurveyBuilderApi(root: FastifyInstance, { database, config }: ModuleDeps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = database.db;

  const toApi = (s: surveys.Survey): z.infer<typeof surveyOut> => ({
    id: s.id,
    title: s.title,
    purpose: s.purpose,
    waveId: s.waveId,
    anonymity: s.anonymity,
    access: s.access,
    status: s.status,
    publicCode: s.publicCode,
    publicLink: `${config.publicUrl}/s/${s.publicCode}`,
    opensAt: s.opensAt?.toISOString() ?? null,
    closesAt: s.closesAt?.toISOString() ?? null,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  });

  const oneSurvey = async (evaluationId: string, surveyId: string): Promise<z.infer<typeof oneOut>> => {
    const survey = await surveys.getSurvey(db, evaluationId, surveyId);
    const versions = await surveys.listVersions(db, survey.id);
    return {
      ...toApi(survey),
      version: { number: survey.version.number, frozen: survey.version.frozen, definition: survey.version.definition },
      versions: versions.map((v) => ({ number: v.number, createdAt: v.createdAt.toISOString() })),
    };
  };

  app.get('/api/v1/evaluations/:evaluation/surveys', {
    config: { access: member('coder') },
    schema: { tags, summary: 'List the surveys with their response counts', params: evaluationParams, response: { 200: z.object({ surveys: z.array(listedOut) }) } },
  }, async (request) => ({
    surveys: (await surveys.listSurveys(db, request.evaluation!.id)).map((s) => ({ ...toApi(s), waveName: s.waveName ?? null, complete: s.complete, partial: s.partial })),
  }));

  app.post('/api/v1/evaluations/:evaluation/surveys', {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Create a survey, optionally with its questionnaire', params: evaluationParams, body: createBody, response: { 201: oneOut } },
  }, async (request, reply) => {
    const { definition, ...settings } = request.body;
    const evaluationId = request.evaluation!.id;
    await checkWave(db, evaluationId, settings);
    const created = await orInvalid(() => surveys.createSurvey(db, request.user!.id, evaluationId, settings, definition === undefined ? surveys.emptyDefinition : (definition as SurveyDefinitionInput)));
    return reply.code(201).send(await oneSurvey(evaluationId, created.id));
  });

  app.get('/api/v1/evaluations/:evaluation/surveys/:survey', {
    config: { access: member('coder') },
    schema: { tags, summary: 'One survey: settings, current questionnaire and its versions', params: surveyParams, response: { 200: oneOut } },
  }, async (request) => oneSurvey(request.evaluation!.id, request.params.survey));

  app.patch('/api/v1/evaluations/:evaluation/surveys/:survey', {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Change settings (fields left out keep their values)', params: surveyParams, body: settingsBody.partial(), response: { 200: oneOut } },
  }, async (request) => {
    const evaluationId = request.evaluation!.id;
    const current = await surveys.getSurvey(db, evaluationId, request.params.survey);
    const merged = { ...currentSettings(current), ...request.body };
    await checkWave(db, evaluationId, merged);
    await surveys.updateSettings(db, request.user!.id, evaluationId, current.id, merged);
    return oneSurvey(evaluationId, current.id);
  });

  app.put('/api/v1/evaluations/:evaluation/surveys/:survey/definition', {
    config: { access: member('researcher') },
    schema: {
      tags,
      summary: 'Replace the questionnaire; once the current version has answers this makes a new version',
      description: `${definitionDoc}. A definition with problems is refused with status 400 and each problem in errors.`,
      params: surveyParams,
      body: z.record(z.string(), z.unknown()).describe(definitionDoc),
      response: { 200: versionOut },
    },
  }, async (request) => {
    const version = await orInvalid(() => surveys.saveDefinition(db, request.user!.id, request.evaluation!.id, request.params.survey, request.body as SurveyDefinitionInput));
    return { number: version.number, frozen: version.frozen, definition: version.definition };
  });

  app.post('/api/v1/evaluations/:evaluation/surveys/:survey/open', {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Open the survey to respondents; 409 with the reasons when it cannot open', params: surveyParams, response: { 200: oneOut } },
  }, async (request) => {
    const evaluationId = request.evaluation!.id;
    const survey = await surveys.getSurvey(db, evaluationId, request.params.survey);
    const problems = surveys.openingProblems(survey.version.definition);
    if (problems.length) {
      throw new HttpError(409, 'cannot_open', `The survey cannot open: ${problems.join('; ')}`, problems.map((message) => ({ field: 'definition', message })));
    }
    await surveys.setStatus(db, request.user!.id, evaluationId, survey.id, 'open');
    return oneSurvey(evaluationId, survey.id);
  });

  app.post('/api/v1/evaluations/:evaluation/surveys/:survey/close', {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Close the survey: respondents can no longer answer', params: surveyParams, response: { 200: oneOut } },
  }, async (request) => {
    const evaluationId = request.evaluation!.id;
    const survey = await surveys.getSurvey(db, evaluationId, request.params.survey);
    await surveys.setStatus(db, request.user!.id, evaluationId, survey.id, 'closed');
    return oneSurvey(evaluationId, survey.id);
  });

  app.get('/api/v1/evaluations/:evaluation/surveys/:survey/versions/:number', {
    config: { access: member('coder') },
    schema: { tags, summary: 'One version of the questionnaire, as answered', params: surveyParams.extend({ number: z.coerce.number().int().min(1) }), response: { 200: versionOut } },
  }, async (request) => {
    const survey = await surveys.getSurvey(db, request.evaluation!.id, request.params.survey);
    const listed = (await surveys.listVersions(db, survey.id)).find((v) => v.number === request.params.number);
    if (!listed) throw notFound('Survey version');
    // Only the current version can still be unanswered: earlier ones were replaced because they had answers.
    if (listed.number === survey.version.number) return { number: listed.number, frozen: survey.version.frozen, definition: survey.version.definition };
    const version = await surveys.getVersion(db, listed.id);
    return { number: version.number, frozen: true, definition: version.definition };
  });
}
