import { randomInt } from 'node:crypto';
import { inTransaction } from '../../db/transaction.ts';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import type { SurveysTable } from '../../db/tables.ts';
import { badRequest, conflict, notFound } from '../../http/errors.ts';
import { recordAudit } from '../accounts/audit.ts';
import { allQuestions, parseDefinition, type SurveyDefinition, type SurveyDefinitionInput } from './definition.ts';
import * as store from './store.ts';

export const purposes = ['pretest', 'pilot', 'main'] as const;
export const anonymityModes = ['anonymous', 'confidential', 'identified'] as const;
export const accessModes = ['open', 'personal'] as const;
export type SurveyStatus = 'draft' | 'open' | 'closed';

export interface Survey {
  id: string;
  evaluationId: string;
  title: string;
  purpose: (typeof purposes)[number];
  waveId: string | null;
  anonymity: (typeof anonymityModes)[number];
  access: (typeof accessModes)[number];
  publicCode: string;
  status: SurveyStatus;
  opensAt: Date | null;
  closesAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface SurveyVersion {
  id: string;
  number: number;
  definition: SurveyDefinition;
  /** A version with responses can no longer change; edits make a new version. */
  frozen: boolean;
}

const optionalTimestamp = z
  .union([z.literal('').transform(() => null), z.coerce.date({ error: 'Enter a real date and time' })])
  .nullish()
  .transform((v) => v ?? null);

export const surveySettings = z
  .object({
    title: z.string({ error: 'Enter a title' }).trim().min(1, 'Enter a title').max(300, 'Title must be 300 characters or fewer'),
    purpose: z.enum(purposes, { error: 'Choose whether this is a pre-test, a pilot or the main survey' }),
    waveId: z.union([z.literal('').transform(() => null), z.string().uuid()]).nullish().transform((v) => v ?? null),
    anonymity: z.enum(anonymityModes, { error: 'Choose how answers are linked to people' }),
    access: z.enum(accessModes, { error: 'Choose who may answer' }).default('open'),
    opensAt: optionalTimestamp,
    closesAt: optionalTimestamp,
  })
  .superRefine((v, ctx) => {
    if (v.opensAt && v.closesAt && v.closesAt <= v.opensAt) ctx.addIssue({ code: 'custom', path: ['closesAt'], message: 'The closing date must be after the opening date' });
  });
export type SurveySettingsInput = z.input<typeof surveySettings>;

export function toSurvey(row: Selectable<SurveysTable>): Survey {
  return {
    id: row.id,
    evaluationId: row.evaluation_id,
    title: row.title,
    purpose: row.purpose as Survey['purpose'],
    waveId: row.wave_id,
    anonymity: row.anonymity as Survey['anonymity'],
    access: row.access as Survey['access'],
    publicCode: row.public_code,
    status: row.status as SurveyStatus,
    opensAt: row.opens_at,
    closesAt: row.closes_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Whether respondents may answer now, and if not, why (in words a respondent understands). */
export function availability(survey: Pick<Survey, 'status' | 'opensAt' | 'closesAt'>, now: Date): { open: true } | { open: false; reason: 'draft' | 'not-yet-open' | 'closed' } {
  if (survey.status === 'draft') return { open: false, reason: 'draft' };
  if (survey.status === 'closed' || (survey.closesAt && now >= survey.closesAt)) return { open: false, reason: 'closed' };
  if (survey.opensAt && now < survey.opensAt) return { open: false, reason: 'not-yet-open' };
  return { open: true };
}

// No 0/o, 1/l/i: codes are read aloud and typed from paper.
const codeAlphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
export function randomCode(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += codeAlphabet[randomInt(codeAlphabet.length)];
  return out;
}

async function freeCode(db: Db): Promise<string> {
  for (;;) {
    const code = randomCode(8);
    if (!(await store.codeTaken(db, code))) return code;
  }
}

export const emptyDefinition: SurveyDefinitionInput = {
  welcome: '',
  privacyNotice: '',
  thankYou: 'Thank you. Your answers have been saved.',
  pages: [{ id: 'p1', title: 'Page 1', questions: [] }],
};

export async function createSurvey(
  db: Db,
  actorId: string | null,
  evaluationId: string,
  settings: SurveySettingsInput,
  definition: SurveyDefinitionInput = emptyDefinition,
): Promise<Survey & { version: SurveyVersion }> {
  const data = surveySettings.parse(settings);
  const parsed = parseDefinition(definition);
  return inTransaction(db, async (trx) => {
    const row = await store.insertSurvey(trx, {
      evaluation_id: evaluationId,
      title: data.title,
      purpose: data.purpose,
      wave_id: data.waveId,
      anonymity: data.anonymity,
      access: data.access,
      public_code: await freeCode(trx),
      opens_at: data.opensAt,
      closes_at: data.closesAt,
    });
    const version = await store.insertVersion(trx, { survey_id: row.id, number: 1, definition: JSON.stringify(parsed), created_by: actorId });
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'survey', entityId: row.id, detail: { title: row.title } });
    return { ...toSurvey(row), version: { id: version.id, number: 1, definition: parsed, frozen: false } };
  });
}

export async function listSurveys(db: Db, evaluationId: string) {
  const rows = await store.listSurveys(db, evaluationId);
  return rows.map((r) => ({ ...toSurvey(r), waveName: r.wave_name, complete: Number(r.complete ?? 0), partial: Number(r.partial ?? 0) }));
}

export async function getSurvey(db: Db, evaluationId: string, surveyId: string): Promise<Survey & { version: SurveyVersion }> {
  if (!z.string().uuid().safeParse(surveyId).success) throw notFound('Survey');
  const row = await store.findSurvey(db, evaluationId, surveyId);
  if (!row) throw notFound('Survey');
  const version = await store.currentVersion(db, surveyId);
  if (!version) throw notFound('Survey version');
  return {
    ...toSurvey(row),
    version: { id: version.id, number: version.number, definition: version.definition as SurveyDefinition, frozen: await store.versionHasResponses(db, version.id) },
  };
}

export async function updateSettings(db: Db, actorId: string, evaluationId: string, surveyId: string, settings: SurveySettingsInput): Promise<Survey> {
  const data = surveySettings.parse(settings);
  return inTransaction(db, async (trx) => {
    const before = await store.findSurvey(trx, evaluationId, surveyId);
    if (!before) throw notFound('Survey');
    const hasResponses = await store.surveyHasResponses(trx, surveyId);
    if (hasResponses && before.anonymity !== data.anonymity) {
      throw badRequest('Anonymity cannot change once a survey has responses', [{ field: 'anonymity', message: 'Anonymity cannot change once a survey has responses: respondents answered under the promise they were given' }]);
    }
    const row = await store.updateSurvey(trx, surveyId, {
      title: data.title,
      purpose: data.purpose,
      wave_id: data.waveId,
      anonymity: data.anonymity,
      access: data.access,
      opens_at: data.opensAt,
      closes_at: data.closesAt,
      updated_at: new Date(),
    });
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'survey', entityId: surveyId, detail: { title: row.title, purpose: row.purpose, anonymity: row.anonymity } });
    return toSurvey(row);
  });
}

/**
 * Saves a new questionnaire. The current version is changed in place while it has no responses;
 * once it has, the change becomes a new version and the old one stays as answered.
 */
export async function saveDefinition(db: Db, actorId: string | null, evaluationId: string, surveyId: string, definition: SurveyDefinitionInput): Promise<SurveyVersion> {
  const parsed = parseDefinition(definition);
  return inTransaction(db, async (trx) => {
    if (!(await store.findSurvey(trx, evaluationId, surveyId))) throw notFound('Survey');
    await store.lockSurvey(trx, surveyId);
    const current = await store.currentVersion(trx, surveyId);
    if (!current) throw notFound('Survey version');
    const text = JSON.stringify(parsed);
    let version = { id: current.id, number: current.number };
    if (await store.versionHasResponses(trx, current.id)) {
      const created = await store.insertVersion(trx, { survey_id: surveyId, number: current.number + 1, definition: text, created_by: actorId });
      version = { id: created.id, number: created.number };
    } else {
      await store.replaceVersionDefinition(trx, current.id, text);
    }
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'survey-definition', entityId: surveyId, detail: { version: version.number, questions: allQuestions(parsed).length } });
    return { ...version, definition: parsed, frozen: false };
  });
}

/** Problems that keep a survey from opening, in words; empty when it may open. */
export function openingProblems(definition: SurveyDefinition): string[] {
  const questions = allQuestions(definition);
  const problems: string[] = [];
  if (questions.length === 0) problems.push('The survey has no questions yet');
  for (const q of questions) {
    if (!q.text.trim()) {
      problems.push(q.source
        ? `Question ${q.id} (${q.source.instrument} item ${q.source.item}) has no wording: supply the licensed wording on the instrument's page`
        : `Question ${q.id} has no wording`);
    }
  }
  return problems;
}

export async function setStatus(db: Db, actorId: string, evaluationId: string, surveyId: string, status: SurveyStatus): Promise<Survey> {
  const survey = await getSurvey(db, evaluationId, surveyId);
  if (status === 'open') {
    const problems = openingProblems(survey.version.definition);
    if (problems.length) throw conflict(`The survey cannot open: ${problems.join('; ')}`);
  }
  return inTransaction(db, async (trx) => {
    const row = await store.updateSurvey(trx, surveyId, { status, updated_at: new Date() });
    await recordAudit(trx, { evaluationId, userId: actorId, action: status === 'open' ? 'open' : status === 'closed' ? 'close' : 'reopen-draft', entity: 'survey', entityId: surveyId });
    return toSurvey(row);
  });
}

export async function findSurveyByCode(db: Db, code: string): Promise<Survey | undefined> {
  const row = await store.findSurveyByCode(db, code);
  return row && toSurvey(row);
}

export async function getVersion(db: Db, versionId: string): Promise<SurveyVersion> {
  const row = await store.findVersion(db, versionId);
  if (!row) throw notFound('Survey version');
  return { id: row.id, number: row.number, definition: row.definition as SurveyDefinition, frozen: true };
}

export async function listVersions(db: Db, surveyId: string) {
  return (await store.listVersions(db, surveyId)).map((v) => ({ id: v.id, number: v.number, createdAt: v.created_at }));
}
