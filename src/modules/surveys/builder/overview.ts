import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FormErrors } from '../../../http/forms.ts';
import type { Db } from '../../../db/database.ts';
import { hasRole } from '../../../http/access.ts';
import { getInstrument, wordingFor } from '../../instruments/service.ts';
import { describeCondition } from '../conditions.ts';
import type { Page, Question } from '../definition.ts';
import { listSurveys, listVersions, openingProblems, type SurveyStatus } from '../service.ts';
import { surveyPath, type LoadedSurvey } from './editing.ts';
import { formatInWords } from './format-words.ts';
import { fillWording, wordingNeeded } from './operations.ts';
import { accessWords, anonymityWords, purposeWords } from './settings-form.ts';

/** Everything the survey overview shows, gathered in one place so the route stays a few lines. */

export const statusTags: Record<SurveyStatus, { text: string; classes: string }> = {
  draft: { text: 'Draft', classes: 'govuk-tag--grey' },
  open: { text: 'Open', classes: 'govuk-tag--green' },
  closed: { text: 'Closed', classes: 'govuk-tag--red' },
};

function questionModel(question: Question, base: string, evaluationPath: string, index: number, count: number) {
  const needsWording = !question.text.trim();
  const instrument = question.source ? getInstrument(question.source.instrument) : undefined;
  return {
    id: question.id,
    text: question.text,
    hint: question.hint,
    formatWords: formatInWords(question.format),
    required: question.required,
    conditionWords: describeCondition(question.condition),
    needsWording,
    source: question.source ? { ...question.source, name: instrument?.shortName ?? instrument?.name ?? question.source.instrument } : undefined,
    instrumentPath: question.source ? `${evaluationPath}/instruments/${encodeURIComponent(question.source.instrument)}` : undefined,
    path: `${base}/questions/${encodeURIComponent(question.id)}`,
    first: index === 0,
    last: index === count - 1,
  };
}

function pageModel(page: Page, base: string, evaluationPath: string, index: number, count: number) {
  return {
    id: page.id,
    title: page.title,
    intro: page.intro,
    conditionWords: describeCondition(page.condition),
    path: `${base}/pages/${encodeURIComponent(page.id)}`,
    first: index === 0,
    last: index === count - 1,
    questions: page.questions.map((q, i) => questionModel(q, base, evaluationPath, i, page.questions.length)),
  };
}

/** Whether wording has been loaded for questions that were added without it. */
async function wordingWaiting(db: Db, survey: LoadedSurvey): Promise<boolean> {
  const needed = wordingNeeded(survey.version.definition);
  if (!needed.length) return false;
  const wording = new Map(await Promise.all(needed.map(async (id) => [id, await wordingFor(db, survey.evaluationId, id)] as const)));
  return fillWording(survey.version.definition, wording).count > 0;
}

export async function overviewModel(db: Db, request: FastifyRequest, survey: LoadedSurvey, publicUrl: string) {
  const base = surveyPath(request, survey.id);
  const evaluationPath = `/evaluations/${request.evaluation!.slug}`;
  const listed = (await listSurveys(db, survey.evaluationId)).find((s) => s.id === survey.id);
  const definition = survey.version.definition;
  const publicPath = `/s/${survey.publicCode}`;
  return {
    survey: {
      ...survey,
      purposeWords: purposeWords[survey.purpose],
      anonymityWords: anonymityWords[survey.anonymity],
      accessWords: accessWords[survey.access],
      waveName: listed?.waveName ?? null,
      tag: statusTags[survey.status],
    },
    canEdit: hasRole(request.role!, 'researcher'),
    counts: { complete: listed?.complete ?? 0, partial: listed?.partial ?? 0 },
    version: { number: survey.version.number, frozen: survey.version.frozen, next: survey.version.number + 1 },
    versions: await listVersions(db, survey.id),
    texts: { welcome: definition.welcome, privacyNotice: definition.privacyNotice, thankYou: definition.thankYou },
    pages: definition.pages.map((p, i) => pageModel(p, base, evaluationPath, i, definition.pages.length)),
    problems: openingProblems(definition),
    wordingWaiting: await wordingWaiting(db, survey),
    paths: {
      base,
      evaluation: evaluationPath,
      surveys: `${evaluationPath}/surveys`,
      publicLink: `${publicUrl}${publicPath}`,
      preview: publicPath,
      export: `${base}/export`,
      codebook: `${base}/codebook`,
    },
  };
}

/** Shows the overview, with the error summary when an action taken from it was refused. */
export async function renderOverview(db: Db, reply: FastifyReply, request: FastifyRequest, survey: LoadedSurvey, publicUrl: string, refused?: { errors: FormErrors; status: number }) {
  const model = await overviewModel(db, request, survey, publicUrl);
  return reply.code(refused?.status ?? 200).view('surveys/builder/views/overview.njk', { title: survey.title, ...model, errors: refused?.errors });
}
