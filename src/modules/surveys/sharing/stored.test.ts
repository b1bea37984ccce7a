import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, buildTestApp, TestBrowser } from '../../../../test/app.ts';
import { backends } from '../../../../test/databases.ts';
import type { Database } from '../../../db/database.ts';
import type { BuiltApp } from '../../../http/app.ts';
import { runJobOnce } from '../../../jobs/periodic.ts';
import { createEvaluation } from '../../evaluations/service.ts';
import { loadScoringKey } from '../../instruments/service.ts';
import type { SurveyDefinitionInput } from '../definition.ts';
import { createTestSurvey, storeResponses } from '../exports/test-survey.ts';
import { eraseLinkedResponses } from '../privacy.ts';
import { saveDefinition } from '../service.ts';
import { sharedStatisticsJob } from './refresh-job.ts';
import { createShare } from './service.ts';

const agree = { type: 'likert' as const, points: 5, labels: ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'] };
const role = { type: 'single' as const, options: [{ code: 'NUR', label: 'Nursing' }, { code: 'SW', label: 'Social work' }] };
const definition = (need: string): SurveyDefinitionInput => ({
  pages: [{ id: 'p1', title: 'The change', questions: [{ id: 'tc1', text: need, format: agree }, { id: 'role', text: 'Your role', format: role }] }],
});

/** The text of one table on the page, tags removed, spaces collapsed. */
function tableText(html: string, id: string): string {
  const start = html.indexOf(`id="question-${id}"`);
  return html.slice(start, html.indexOf('</table>', start)).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

describe.each(backends)('stored shared statistics on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  let now = new Date('2036-11-26T14:02:00Z');
  let evaluationId: string;
  let leadId: string;
  let survey: Awaited<ReturnType<typeof createTestSurvey>>;
  let responseIds: string[];
  let funder: TestBrowser;
  let board: TestBrowser;
  let funderShare: string;
  let boardShare: string;
  const password = 'correct horse battery';
  const stored = () => database.db.selectFrom('shared_statistics').selectAll().where('survey_id', '=', survey.id).execute();

  const visitor = async (shareId: string) => {
    const browser = new TestBrowser(built.app);
    expect((await browser.post(`/shared/${shareId}`, { password }, `/shared/${shareId}`)).statusCode).toBe(303);
    return browser;
  };

  beforeAll(async () => {
    database = await backend.open();
    built = await buildTestApp(database, () => now);
    const db = database.db;
    leadId = (await addUser(database, 'Lena Lead')).id;
    evaluationId = (await createEvaluation(db, leadId, { title: 'Stored statistics', slug: 'stored-statistics' })).id;
    // Confidential, so responses can be withdrawn as a participant's withdrawal would remove them.
    survey = await createTestSurvey(db, leadId, evaluationId, 'confidential', definition('Staff here see a clear need for this change.'));
    // Six agree and four strongly agree; seven in nursing and three in social work.
    responseIds = await storeResponses(db, survey, Array.from({ length: 10 }, (_, i) => ({ answers: { tc1: i < 6 ? 4 : 5, role: i < 7 ? 'NUR' : 'SW' } })));
    funderShare = (await createShare(db, leadId, evaluationId, survey.id, { label: 'Funder', password, threshold: 5 }, now)).id;
    boardShare = (await createShare(db, leadId, evaluationId, survey.id, { label: 'Board', password, threshold: 3 }, now)).id;
    funder = await visitor(funderShare);
    board = await visitor(boardShare);
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  it('counts the figures when a share is created, and serves every share from them with its own smallest group', async () => {
    const rows = await stored();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ responses: 10, counted_at: now });
    const funderPage = (await funder.get(`/shared/${funderShare}`)).body;
    const boardPage = (await board.get(`/shared/${boardShare}`)).body;
    expect(tableText(funderPage, 'role')).toContain('Social work suppressed');
    expect(tableText(funderPage, 'role')).toContain('Nursing suppressed');
    expect(tableText(boardPage, 'role')).toContain('Social work 3 30.0%');
    expect(tableText(boardPage, 'role')).toContain('Nursing 7 70.0%');
    expect(funderPage).not.toContain('Counted at');
    expect(await stored()).toHaveLength(1);
  });

  it('serves the stored figures without counting again, and counts them when none are stored', async () => {
    // As if another process had stored them a second later: the page shows what is stored.
    await sql`UPDATE shared_statistics SET figures = jsonb_set(figures, '{questions,0,text}', '"Stored wording"'), counted_at = counted_at + interval '1 second'
      WHERE survey_id = ${survey.id}`.execute(database.db);
    expect((await funder.get(`/shared/${funderShare}`)).body).toContain('Stored wording');
    await database.db.deleteFrom('shared_statistics').where('survey_id', '=', survey.id).execute();
    const page = (await funder.get(`/shared/${funderShare}`)).body;
    expect(page).toContain('Staff here see a clear need for this change.');
    expect(page).not.toContain('Stored wording');
    expect(await stored()).toHaveLength(1);
  });

  it('shows stored figures, saying when they were counted, while new responses wait for the refresh job', async () => {
    await storeResponses(database.db, survey, [{ answers: { tc1: 4, role: 'SW' } }, { answers: { tc1: 4, role: 'SW' } }]);
    now = new Date('2036-11-26T14:02:40Z');
    const stale = (await funder.get(`/shared/${funderShare}`)).body;
    expect(stale).toContain('10 complete responses to the main survey');
    expect(stale).toMatch(/Counted at 26 Nov 2036,? 14:02 UTC from 10 responses; these figures are refreshed every minute/);
    expect(tableText(stale, 'role')).toContain('Social work suppressed');
    expect(await runJobOnce(database.db, sharedStatisticsJob, now)).toBe(true);
    const fresh = (await funder.get(`/shared/${funderShare}`)).body;
    expect(fresh).toContain('12 complete responses to the main survey');
    expect(fresh).not.toContain('Counted at');
    expect(tableText(fresh, 'role')).toContain('Social work 5 41.7%');
    expect((await stored())[0]).toMatchObject({ responses: 12, counted_at: now });
    // Nothing has changed since, so the next round leaves the figures as they are.
    await runJobOnce(database.db, sharedStatisticsJob, new Date('2036-11-26T14:03:10Z'));
    expect((await stored())[0]!.counted_at).toEqual(now);
  });

  it('notices a response withdrawn and another completed between two refreshes, though the number is the same', async () => {
    // The withdrawn response strongly agreed and was in social work; the new one strongly disagrees, in nursing.
    expect(await eraseLinkedResponses(database.db, { responseIds: [responseIds[9]!], participationIds: [] })).toBe(1);
    await storeResponses(database.db, survey, [{ answers: { tc1: 1, role: 'NUR' } }]);
    const stale = (await board.get(`/shared/${boardShare}`)).body;
    expect(stale).toContain('12 complete responses to the main survey');
    expect(stale).toContain('from 12 responses; these figures are refreshed every minute');
    expect(tableText(stale, 'role')).toContain('Social work 5 41.7%');
    now = new Date('2036-11-26T14:04:00Z');
    await runJobOnce(database.db, sharedStatisticsJob, now);
    const fresh = (await board.get(`/shared/${boardShare}`)).body;
    expect(fresh).not.toContain('Counted at');
    expect(tableText(fresh, 'role')).toContain('Social work 4 33.3%');
    expect(tableText(fresh, 'role')).toContain('Nursing 8 66.7%');
    expect(tableText((await funder.get(`/shared/${funderShare}`)).body, 'tc1')).toContain('Strongly disagree suppressed');
  });

  it('counts again at once when the questions change, whether as a new version or edited in place', async () => {
    await saveDefinition(database.db, leadId, evaluationId, survey.id, definition('Staff here see a clear need for the merger.'));
    const renamed = (await funder.get(`/shared/${funderShare}`)).body;
    expect(renamed).toContain('Staff here see a clear need for the merger.');
    expect(renamed).not.toContain('this change.');
    expect(renamed).not.toContain('Counted at');
    // The new version has no responses yet, so this edit changes it in place under the same id.
    await saveDefinition(database.db, leadId, evaluationId, survey.id, definition('Staff here see a clear need for the new service.'));
    const edited = (await funder.get(`/shared/${funderShare}`)).body;
    expect(edited).toContain('Staff here see a clear need for the new service.');
    expect(edited).not.toContain('the merger.');
  });

  it('counts again when the team loads a scoring key, so a scale no longer reads as not scored', async () => {
    const wes: SurveyDefinitionInput = {
      pages: [{ id: 'p1', title: 'Climate', questions: [{ id: 'w1', text: 'People put quite a lot of effort into what they do.', format: { type: 'boolean', style: 'true-false' }, source: { instrument: 'work-environment-scale', item: 'q1' } }] }],
    };
    const climate = await createTestSurvey(database.db, leadId, evaluationId, 'anonymous', wes);
    await storeResponses(database.db, climate, Array.from({ length: 6 }, () => ({ answers: { w1: 1 } })));
    const share = await createShare(database.db, leadId, evaluationId, climate.id, { label: 'Climate', password, threshold: 5 }, now);
    const reader = await visitor(share.id);
    expect((await reader.get(`/shared/${share.id}`)).body).toContain('Not scored yet, because the team has not loaded the scoring key: Work Environment Scale (Form R)');
    await loadScoringKey(database.db, leadId, evaluationId, 'work-environment-scale', Array.from({ length: 90 }, (_, i) => `q${i + 1},true`).join('\n'));
    expect((await reader.get(`/shared/${share.id}`)).body).toContain('Counted at');
    await runJobOnce(database.db, sharedStatisticsJob, new Date('2036-11-26T14:04:30Z'));
    const page = (await reader.get(`/shared/${share.id}`)).body;
    expect(page).not.toContain('Not scored yet');
    expect(page).not.toContain('Counted at');
  });

  it('stops counting the figures of a survey whose shares are all revoked', async () => {
    const other = await createTestSurvey(database.db, leadId, evaluationId, 'anonymous', definition('Other survey question'));
    await storeResponses(database.db, other, [{ answers: { tc1: 3 } }]);
    const share = await createShare(database.db, leadId, evaluationId, other.id, { label: 'Gone', password, threshold: 5 }, now);
    await database.db.updateTable('statistics_shares').set({ revoked_at: now }).where('id', '=', share.id).execute();
    await storeResponses(database.db, other, [{ answers: { tc1: 3 } }]);
    await runJobOnce(database.db, sharedStatisticsJob, new Date('2036-11-26T14:05:00Z'));
    const row = await database.db.selectFrom('shared_statistics').selectAll().where('survey_id', '=', other.id).executeTakeFirstOrThrow();
    expect(row.responses).toBe(1);
  });
});
