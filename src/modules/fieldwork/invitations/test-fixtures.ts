import type { TestBrowser } from '../../../../test/app.ts';
import type { Database } from '../../../db/database.ts';
import type { User } from '../../accounts/service.ts';
import { createEvaluation, setMember } from '../../evaluations/service.ts';
import { addPeople, searchPeople } from '../../organisation/service.ts';
import type { SurveyDefinitionInput } from '../../surveys/definition.ts';
import { createSurvey, setStatus, type SurveySettingsInput } from '../../surveys/service.ts';

/** A one-page questionnaire for the invitation tests: two questions, one required. */
export const shortQuestionnaire: SurveyDefinitionInput = {
  welcome: 'Thank you for opening your invitation.',
  privacyNotice: '',
  thankYou: 'Thank you for taking part.',
  pages: [
    {
      id: 'p1',
      title: 'The change',
      questions: [
        { id: 'clear', text: 'I understand why the change is happening', format: { type: 'likert', points: 5, labels: ['Strongly disagree', 'Disagree', 'Neither', 'Agree', 'Strongly agree'] }, required: true },
        { id: 'comment', text: 'Anything else?', format: { type: 'text', multiline: true, maxLength: 500 } },
      ],
    },
  ],
};

export interface FieldworkFixture {
  evaluation: { id: string; slug: string; title: string };
  survey: { id: string; publicCode: string; title: string };
  /** The directory entries, in name order: `people` with an e-mail address, then one without. */
  people: { id: string; name: string; email: string | null }[];
}

/**
 * An evaluation led by `lead` with a staff directory of `count` people with e-mail addresses and
 * one without, and an open survey (personal access, anonymous unless `settings` says otherwise).
 */
export async function fieldworkFixture(database: Database, lead: User, options: { count?: number; settings?: Partial<SurveySettingsInput>; status?: 'draft' | 'open' } = {}): Promise<FieldworkFixture> {
  const db = database.db;
  const evaluation = await createEvaluation(db, lead.id, { title: `Invitations test ${Math.random().toString(36).slice(2, 8)}` });
  const count = options.count ?? 4;
  const names = Array.from({ length: count }, (_, i) => `Person ${String(i + 1).padStart(3, '0')}`);
  await addPeople(db, lead.id, evaluation.id, [
    ...names.map((name, i) => ({ name, email: `person${i + 1}@example.org` })),
    { name: 'Zed Phoneonly', phone: '+44 161 000 0000' },
  ]);
  const people = (await searchPeople(db, evaluation.id, { page: 1 })).people.map((p) => ({ id: p.id, name: p.name, email: p.email }));
  const survey = await createSurvey(db, lead.id, evaluation.id, { title: 'Staff survey 2030', purpose: 'main', anonymity: 'anonymous', access: 'personal', ...options.settings }, shortQuestionnaire);
  if ((options.status ?? 'open') === 'open') await setStatus(db, lead.id, evaluation.id, survey.id, 'open');
  return { evaluation, survey, people };
}

export async function addMember(database: Database, evaluationId: string, user: User, role: 'viewer' | 'coder' | 'researcher' | 'lead'): Promise<void> {
  await setMember(database.db, null, evaluationId, { email: user.email, role });
}

/** The personal link in a received message. */
export function linkIn(text: string): string {
  const match = /https?:\/\/[^\s]+\/p\/([a-z2-7]{32})(?!\/)/.exec(text);
  if (!match) throw new Error(`No personal link in:\n${text}`);
  return `/p/${match[1]}`;
}

function hiddenFields(html: string): Record<string, string> {
  return Object.fromEntries([...html.matchAll(/<input type="hidden" name="(_csrf|_version)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!]));
}

/**
 * Follows a personal link as a participant: opens it, starts, answers the one page and sends the
 * answers. Returns the response key from the addresses it went through.
 */
export async function answerThroughLink(browser: TestBrowser, link: string, answer = '4'): Promise<string> {
  const start = await browser.get(link);
  if (start.statusCode !== 200) throw new Error(`The link ${link} answered ${start.statusCode}`);
  const started = await browser.post(link, hiddenFields(start.body));
  if (started.statusCode !== 303) throw new Error(`Starting answered ${started.statusCode}: ${started.body.slice(0, 300)}`);
  const firstPage = String(started.headers.location);
  const key = firstPage.split('/')[2]!;
  const page = await browser.get(firstPage);
  const saved = await browser.post(firstPage, { ...hiddenFields(page.body), clear: answer, comment: 'Less paperwork', action: 'continue' });
  if (saved.statusCode !== 303) throw new Error(`Saving the page answered ${saved.statusCode}`);
  const check = await browser.get(String(saved.headers.location));
  const sent = await browser.post(`/r/${key}/submit`, hiddenFields(check.body));
  if (sent.statusCode !== 303 || !String(sent.headers.location).endsWith('/done')) throw new Error(`Sending answered ${sent.statusCode} to ${String(sent.headers.location)}`);
  return key;
}
