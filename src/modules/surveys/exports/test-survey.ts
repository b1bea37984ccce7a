import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../../db/database.ts';
import { digest } from '../../accounts/service.ts';
import type { Answers } from '../conditions.ts';
import type { SurveyDefinitionInput } from '../definition.ts';
import { createSurvey, saveDefinition, type anonymityModes, type purposes } from '../service.ts';

/**
 * A survey with one question of every response format, and a way to store responses to it
 * directly, for the export tests (the respondent pages are tested on their own).
 */
export const everyFormat: SurveyDefinitionInput = {
  pages: [
    {
      id: 'work',
      title: 'Your work',
      questions: [
        {
          id: 'tc1',
          text: 'Staff here see a clear need for this change.',
          format: {
            type: 'likert',
            points: 5,
            labels: ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'],
            missing: [{ code: 'NR', label: 'Not relevant to my work' }, { code: 'DK', label: "Don't know" }],
          },
          source: { instrument: 'change-climate', item: 'tc1' },
        },
        {
          id: 'role',
          text: 'Which best describes your role?',
          format: {
            type: 'single',
            options: [{ code: 'NUR', label: 'Nursing' }, { code: 'SW', label: 'Social work' }, { code: 'ADM', label: 'Management, admin "and" support' }],
            missing: [{ code: 'DK', label: "Don't know" }],
          },
        },
        {
          id: 'heard',
          text: 'How did you hear about the change?',
          format: { type: 'multiple', options: [{ code: 'email', label: 'E-mail' }, { code: 'meeting', label: 'Team meeting' }, { code: 'other', label: 'Other' }] },
        },
        { id: 'manager', text: 'Do you manage staff?', format: { type: 'boolean', style: 'yes-no', missing: [{ code: 'NR', label: 'Prefer not to say' }] } },
      ],
    },
    {
      id: 'views',
      title: 'Your views',
      condition: { all: [{ question: 'manager', op: 'answered' }] },
      questions: [
        { id: 'support', text: 'How well supported do you feel?', format: { type: 'scale', min: 0, max: 10, lowLabel: 'Not at all', highLabel: 'Completely', missing: [{ code: 'DK', label: "Don't know" }] } },
        { id: 'hours', text: 'Hours a week spent on the change', format: { type: 'number', min: 0, suffix: 'hours' } },
        { id: 'comments', text: 'Anything else?', format: { type: 'text', multiline: true }, condition: { all: [{ question: 'manager', op: 'equals', value: 1 }] } },
        { id: 'started', text: 'When did you start in this post?', format: { type: 'date' } },
      ],
    },
  ],
};

export interface StoredResponse {
  answers: Answers;
  status?: 'partial' | 'complete';
  purpose?: (typeof purposes)[number];
  versionId?: string;
  participantId?: string | null;
  startedAt?: Date | null;
  completedAt?: Date | null;
}

export async function createTestSurvey(
  db: Db,
  userId: string,
  evaluationId: string,
  anonymity: (typeof anonymityModes)[number] = 'anonymous',
  definition: SurveyDefinitionInput = everyFormat,
) {
  const survey = await createSurvey(db, userId, evaluationId, { title: `Staff survey ${randomBytes(3).toString('hex')}`, purpose: 'main', anonymity });
  const version = await saveDefinition(db, userId, evaluationId, survey.id, definition);
  return { ...survey, version };
}

/** Stores responses as the respondent pages would leave them; returns their ids in order. */
export async function storeResponses(db: Db, survey: { id: string; version: { id: string } }, responses: StoredResponse[]): Promise<string[]> {
  const ids: string[] = [];
  for (const r of responses) {
    const row = await db
      .insertInto('responses')
      .values({
        survey_id: survey.id,
        version_id: r.versionId ?? survey.version.id,
        key_hash: digest(randomBytes(16).toString('hex')),
        purpose: r.purpose ?? 'main',
        status: r.status ?? 'complete',
        answers: JSON.stringify(r.answers),
        participant_id: r.participantId ?? null,
        started_at: r.startedAt ?? null,
        completed_at: r.completedAt ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(row.id);
  }
  return ids;
}

/** One response of each kind the tests look for, keyed by what it shows. */
export const sampleResponses = {
  full: { answers: { tc1: 4, role: 'ADM', heard: ['email', 'other'], manager: 1, support: 7, hours: 2.5, comments: 'Hello, "world"\nsecond line', started: '2019-04-01' } },
  missing: { answers: { tc1: 'NR', role: 'DK', heard: [], manager: 'NR', support: 'DK' } },
  sparse: { answers: { tc1: 'DK', role: 'SW', manager: 0, support: 0, comments: '=1+2' } },
  partial: { answers: { tc1: 2 }, status: 'partial' },
  pretest: { answers: { tc1: 5, role: 'NUR' }, purpose: 'pretest' },
} satisfies Record<string, StoredResponse>;

/** Everything a stream gives, as one buffer. */
export async function readAll(stream: AsyncIterable<Buffer | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/** An evaluation with the every-format survey and one stored response of each sample kind. */
export async function sampleSurvey(db: Db, userId: string, evaluationId: string, anonymity: (typeof anonymityModes)[number] = 'anonymous') {
  const survey = await createTestSurvey(db, userId, evaluationId, anonymity);
  const keys = Object.keys(sampleResponses) as (keyof typeof sampleResponses)[];
  const stored = await storeResponses(db, survey, keys.map((k) => sampleResponses[k]));
  const ids = Object.fromEntries(keys.map((k, i) => [k, stored[i]!])) as Record<keyof typeof sampleResponses, string>;
  return { survey, ids };
}

/** Writes every file of a ZIP into a folder. */
export async function unzipInto(zipBytes: Buffer, folder: string): Promise<string[]> {
  const { default: JSZip } = await import('jszip');
  const zip = await JSZip.loadAsync(zipBytes);
  const names = Object.keys(zip.files);
  for (const name of names) writeFileSync(join(folder, name), await zip.file(name)!.async('nodebuffer'));
  return names;
}
