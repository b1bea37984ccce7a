import type { FastifyRequest } from 'fastify';
import type { Db } from '../../../db/database.ts';
import { HttpError } from '../../../http/errors.ts';
import type { FormErrors } from '../../../http/forms.ts';
import { DefinitionError, type SurveyDefinition } from '../definition.ts';
import { getSurvey, saveDefinition, type Survey, type SurveyVersion } from '../service.ts';

/** What every questionnaire-editing page shares: finding the survey, saving a change, showing refusals. */

export type LoadedSurvey = Survey & { version: SurveyVersion };
export type FormValues = Record<string, unknown>;

export function surveysPath(request: FastifyRequest): string {
  return `/evaluations/${request.evaluation!.slug}/surveys`;
}

export function surveyPath(request: FastifyRequest, surveyId: string): string {
  return `${surveysPath(request)}/${surveyId}`;
}

export function loadSurvey(db: Db, request: FastifyRequest<{ Params: { survey: string } }>): Promise<LoadedSurvey> {
  return getSurvey(db, request.evaluation!.id, request.params.survey);
}

/**
 * Every problem listed in the error summary, each linking to one field. (formErrors keeps one
 * message per field, which would hide all but the first problem with a questionnaire.)
 */
export function problemErrors(problems: { field: string; message: string }[]): FormErrors {
  const byField: FormErrors['byField'] = {};
  for (const { field, message } of problems) byField[field] ??= { text: message };
  return { list: problems.map(({ field, message }) => ({ text: message, href: `#${field}` })), byField };
}

/** A refusal's fields, or its message against `field` when it names none. */
export function httpProblems(error: HttpError, field: string): { field: string; message: string }[] {
  return error.fields.length ? error.fields : [{ field, message: error.message }];
}

export const sameField = (problems: string[], field: string) => problems.map((message) => ({ field, message }));

/**
 * Applies a change to the current questionnaire and saves it (in place, or as a new version once
 * the current one has answers). A refused change comes back as errors for `field`, nothing saved.
 */
export async function saveChange(
  db: Db,
  request: FastifyRequest,
  survey: LoadedSurvey,
  change: (definition: SurveyDefinition) => SurveyDefinition,
  field: string,
): Promise<{ ok: true; version: SurveyVersion } | { ok: false; errors: FormErrors }> {
  try {
    const next = change(survey.version.definition);
    return { ok: true, version: await saveDefinition(db, request.user!.id, request.evaluation!.id, survey.id, next) };
  } catch (error) {
    if (error instanceof DefinitionError) return { ok: false, errors: problemErrors(sameField(error.problems, field)) };
    if (error instanceof HttpError && error.status === 400) return { ok: false, errors: problemErrors(httpProblems(error, field)) };
    throw error;
  }
}

/** Values the edit pages show about the survey being edited: its name, and what saving will do. */
export function editingContext(request: FastifyRequest, survey: LoadedSurvey) {
  return {
    survey: { id: survey.id, title: survey.title, versionNumber: survey.version.number, frozen: survey.version.frozen },
    overviewPath: surveyPath(request, survey.id),
  };
}

/** Whether a change would be refused, and why, to show before anyone presses the button. */
export function refusalOf(change: () => unknown, field: string): FormErrors | undefined {
  try {
    change();
    return undefined;
  } catch (error) {
    if (error instanceof DefinitionError) return problemErrors(sameField(error.problems, field));
    throw error;
  }
}

export function formValues(body: unknown): FormValues {
  return { ...(body as FormValues | undefined) };
}
