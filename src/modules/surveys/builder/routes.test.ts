import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../../test/databases.ts';
import { addUser, buildTestApp, TestBrowser } from '../../../../test/app.ts';
import type { Database } from '../../../db/database.ts';
import type { BuiltApp } from '../../../http/app.ts';
import { digest } from '../../accounts/service.ts';
import { addPeriod, createEvaluation, setMember } from '../../evaluations/service.ts';
import { loadWording } from '../../instruments/service.ts';
import { getSurvey } from '../service.ts';

/** The text of the element with this id, tags removed and spaces squeezed, for assertions on one part of a page. */
function section(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  if (start < 0) throw new Error(`No element with id ${id}`);
  const tag = html.lastIndexOf('<', start);
  const name = /^<(\w+)/.exec(html.slice(tag))?.[1] ?? 'div';
  const end = html.indexOf(`</${name}>`, start);
  return html.slice(tag, end).replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/\s+/g, ' ').trim();
}

describe.each(backends)('survey builder pages on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  let researcher: TestBrowser;
  let coder: TestBrowser;
  let evaluationId: string;
  let leadId: string;
  const base = '/evaluations/builder-pages/surveys';

  beforeAll(async () => {
    database = await backend.open();
    built = await buildTestApp(database);
    const lead = await addUser(database, 'Lead');
    const evaluation = await createEvaluation(database.db, lead.id, { title: 'Builder pages', slug: 'builder-pages' });
    evaluationId = evaluation.id;
    leadId = lead.id;
    await addPeriod(database.db, lead.id, 'waves', evaluation.id, { name: 'Year 1' });
    const researcherUser = await addUser(database, 'Rita Researcher');
    const coderUser = await addUser(database, 'Colin Coder');
    await setMember(database.db, lead.id, evaluation.id, { email: researcherUser.email, role: 'researcher' });
    await setMember(database.db, lead.id, evaluation.id, { email: coderUser.email, role: 'coder' });
    researcher = new TestBrowser(built.app);
    await researcher.signIn(researcherUser);
    coder = new TestBrowser(built.app);
    await coder.signIn(coderUser);
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  /** Posts a form with the CSRF token from the page the form is on. */
  const post = (browser: TestBrowser, url: string, fields: Record<string, string>, from = base) => browser.post(url, fields, from);

  async function createSurvey(fields: Record<string, string> = {}): Promise<string> {
    const created = await post(researcher, base, { title: 'Staff survey 2006', purpose: 'main', waveId: '', anonymity: 'anonymous', access: 'open', ...fields }, `${base}/new`);
    expect(created.statusCode).toBe(303);
    return String(created.headers.location);
  }

  it('builds a two-page survey through the pages, with a condition, reordering and a refused delete', async () => {
    const waves = await researcher.get(`${base}/new`);
    const waveId = /<option value="([0-9a-f-]{36})">Year 1<\/option>/.exec(waves.body)?.[1];
    expect(waveId).toBeDefined();
    const survey = await createSurvey({ waveId: waveId!, 'opensAt-day': '1', 'opensAt-month': '3', 'opensAt-year': '2006', 'opensAt-time': '09:00' });

    // Opening an empty survey is refused with the reason in an error summary.
    const refused = await post(researcher, `${survey}/open`, {}, survey);
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('govuk-error-summary');
    expect(refused.body).toContain('The survey has no questions yet');

    expect((await post(researcher, `${survey}/pages/p1`, { title: 'About you', intro: '' }, survey)).statusCode).toBe(303);
    expect((await post(researcher, `${survey}/pages`, { title: 'Your work', intro: 'About the change' }, survey)).statusCode).toBe(303);
    const newQuestion = await researcher.get(`${survey}/pages/p1/questions/new`);
    expect(newQuestion.body).toContain('value="q1"');
    const add = (page: string, fields: Record<string, string>) => post(researcher, `${survey}/pages/${page}/questions`, fields, survey);
    expect((await add('p1', { id: 'q1', text: 'What is your role?', format: 'single', options: 'mgr: Manager\nstaff: Front-line staff' })).statusCode).toBe(303);
    expect((await add('p1', { id: 'q2', text: 'Do you work with more than one programme?', format: 'yes-no', missing: 'DK' })).statusCode).toBe(303);
    expect((await add('p2', { id: 'q3', text: 'Staff here see a need for this change', format: 'likert5', required: 'yes' })).statusCode).toBe(303);
    expect((await add('p2', { id: 'q4', text: 'How far is it part of normal work?', format: 'scale', lowLabel: 'Not at all', highLabel: 'Completely' })).statusCode).toBe(303);
    expect((await add('p2', { id: 'q5', text: 'Anything else?', format: 'long-text', maxLength: '1000' })).statusCode).toBe(303);

    // A form error: the summary, the value kept, nothing saved.
    const bad = await add('p2', { id: '9lives', text: 'Kept question text', format: 'single', options: 'Only one' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('<title>Error: ');
    expect(bad.body).toContain('href="#id"');
    expect(bad.body).toContain('href="#options"');
    expect(bad.body).toContain('Kept question text');
    const duplicate = await add('p2', { id: 'q1', text: 'Again', format: 'date' });
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.body).toContain('The question id q1 is already used in this survey');

    const condition = await researcher.get(`${survey}/questions/q3/condition`);
    expect(condition.body).toContain('q2: Do you work with more than one programme?');
    expect(condition.body).not.toContain('<option value="q4"');
    const setCondition = await post(researcher, `${survey}/questions/q3/condition`, { rows: '1', join: 'all', 'question-0': 'q2', 'op-0': 'equals', 'value-0': '1', action: 'save' }, survey);
    expect(setCondition.statusCode).toBe(303);
    const wrongCondition = await post(researcher, `${survey}/pages/p2/condition`, { rows: '1', 'question-0': 'q1', 'op-0': 'equals', 'value-0': 'boss', action: 'save' }, survey);
    expect(wrongCondition.statusCode).toBe(400);
    expect(wrongCondition.body).toContain('boss is not an answer to q1: use one of mgr, staff');

    expect((await post(researcher, `${survey}/questions/q4/move`, { direction: 'up' }, survey)).statusCode).toBe(303);
    const refusedDelete = await post(researcher, `${survey}/questions/q2/delete`, {}, survey);
    expect(refusedDelete.statusCode).toBe(409);
    expect(refusedDelete.body).toContain('Question q2 cannot be deleted: the condition of question q3 refers to it');
    expect((await researcher.get(`${survey}/questions/q2/delete`)).body).not.toContain('Delete question q2</button>');
    expect((await post(researcher, `${survey}/questions/q5/delete`, {}, survey)).statusCode).toBe(303);

    const overview = await researcher.get(survey);
    expect(overview.statusCode).toBe(200);
    expect(overview.body).toContain('Year 1');
    expect(overview.body).toContain('1 Mar 2006, 09:00 UTC');
    expect(section(overview.body, 'page-p1')).toMatch(/Page 1 of 2 About you[\s\S]*q1 What is your role\? One of 2 options[\s\S]*q2 Do you work with more than one programme\? Yes or No, or "Don't know"/);
    const work = section(overview.body, 'page-p2');
    expect(work).toMatch(/q4 .*q3 Staff here see a need for this change 5-point scale, Strongly disagree to Strongly agree Required Shown when q2 is 1/);
    expect(work).not.toContain('q5');
    expect(overview.body).toContain(`${base.replace('/surveys', '')}/surveys/`);
    expect(overview.body).toMatch(/href="[^"]+\/export"/);
    expect(overview.body).toMatch(/href="[^"]+\/codebook"/);
    expect(overview.body).toMatch(/\/s\/[a-z2-9]{8}/);

    const opened = await post(researcher, `${survey}/open`, {}, survey);
    expect(opened.statusCode).toBe(303);
    expect((await researcher.get(survey)).body).toContain('Close the survey');
    const list = await researcher.get(base);
    expect(section(list.body, 'main-content')).toMatch(/Staff survey 2006 Main survey Year 1 Anonymous Open 0 0/);
  });

  it('makes version 2 once version 1 has an answer, and says so on the overview', async () => {
    const survey = await createSurvey({ title: 'Frozen survey' });
    const surveyId = survey.split('/').at(-1)!;
    await post(researcher, `${survey}/pages/p1/questions`, { id: 'q1', text: 'First question', format: 'yes-no' }, survey);
    const stored = await getSurvey(database.db, evaluationId, surveyId);
    await database.db.insertInto('responses').values({ survey_id: surveyId, version_id: stored.version.id, key_hash: digest(`k-${backend.name}`), purpose: 'main', status: 'complete' }).execute();
    const frozen = await researcher.get(survey);
    expect(frozen.body).toContain('Version 1 has answers, so it is frozen: changes will make version 2');
    expect(frozen.body).toContain('1 complete, 0 partial');
    const form = await researcher.get(`${survey}/pages/p1/questions/new`);
    expect(form.body).toContain('saving makes version 2');
    await post(researcher, `${survey}/pages/p1/questions`, { id: 'q2', text: 'Second question', format: 'date' }, survey);
    const after = await researcher.get(survey);
    expect(after.body).toContain('2 (no answers yet)');
    expect(after.body).toContain('Version 1, made');
    expect(after.body).toContain('Version 2, made');
    // The settings keep the promise respondents answered under.
    const settings = await post(researcher, `${survey}/settings`, { title: 'Frozen survey', purpose: 'main', anonymity: 'identified', access: 'open' }, `${survey}/settings`);
    expect(settings.statusCode).toBe(400);
    expect(settings.body).toContain('Anonymity cannot change once a survey has responses');
  });

  it('starts a survey from an instrument and marks items that need their licensed wording', async () => {
    const climate = await createSurvey({ title: 'Climate', instrument: 'change-climate', layout: 'count', perPage: '12' });
    const climatePage = await researcher.get(climate);
    expect(climatePage.body).toContain('change_climate_tc1');
    expect(section(climatePage.body, 'page-p1')).toContain('Page 1 of 3');

    const survey = await createSurvey({ title: 'Readiness' });
    const choose = await researcher.get(`${survey}/pages/p1/instrument?instrument=oric`);
    expect(choose.body).toContain('Change commitment');
    const added = await post(researcher, `${survey}/pages/p1/instrument`, { instrument: 'oric', scales: 'change_commitment' }, survey);
    expect(added.statusCode).toBe(303);
    const overview = await researcher.get(survey);
    expect(section(overview.body, 'question-oric_com1')).toContain('Needs wording');
    expect(overview.body).toContain('href="/evaluations/builder-pages/instruments/oric"');
    expect(overview.body).not.toContain('oric_eff1');
    const refused = await post(researcher, `${survey}/open`, {}, survey);
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('Question oric_com1 (oric item com1) has no wording');

    // Wording loaded afterwards is filled in on request, and then the survey can open.
    expect(overview.body).not.toContain('Fill in the loaded wording');
    const csv = ['com1', 'com2', 'com3', 'com4', 'com5'].map((id) => `${id},Our licensed wording of ${id}`).join('\n');
    await loadWording(database.db, leadId, evaluationId, 'oric', csv);
    expect((await researcher.get(survey)).body).toContain('Fill in the loaded wording');
    expect((await post(researcher, `${survey}/wording`, {}, survey)).statusCode).toBe(303);
    const filled = await researcher.get(survey);
    expect(section(filled.body, 'question-oric_com1')).toContain('Our licensed wording of com1');
    expect(filled.body).not.toContain('Needs wording');
    expect((await post(researcher, `${survey}/open`, {}, survey)).statusCode).toBe(303);
  });

  it('changes questions, pages and texts, and refuses a move that would break a condition', async () => {
    const survey = await createSurvey({ title: 'Edited survey' });
    await post(researcher, `${survey}/pages`, { title: 'Second page' }, survey);
    await post(researcher, `${survey}/pages/p1/questions`, { id: 'q1', text: 'Are you a manager?', format: 'yes-no' }, survey);
    await post(researcher, `${survey}/pages/p2/questions`, { id: 'q2', text: 'Team size', format: 'number', numberMin: '1', wholeNumbers: 'yes' }, survey);
    await post(researcher, `${survey}/questions/q2/condition`, { rows: '1', 'question-0': 'q1', 'op-0': 'equals', 'value-0': '1', action: 'save' }, survey);

    const edit = await researcher.get(`${survey}/questions/q1`);
    expect(edit.body).toContain('>Are you a manager?</textarea>');
    expect(edit.body).toMatch(/value="yes-no" checked/);
    expect((await post(researcher, `${survey}/questions/q1`, { id: 'manager', text: 'Do you manage staff?', format: 'yes-no', required: 'yes' }, survey)).statusCode).toBe(303);
    const moveRefused = await post(researcher, `${survey}/questions/q2/page`, { page: 'p1' }, survey);
    expect(moveRefused.statusCode).toBe(400);
    expect(moveRefused.body).toContain('Question q2 has a condition on manager, which is not a question on an earlier page');

    expect((await post(researcher, `${survey}/texts`, { welcome: 'Thank you for taking part', privacyNotice: 'Answers are anonymous', thankYou: 'Done' }, survey)).statusCode).toBe(303);
    expect((await post(researcher, `${survey}/pages/p1/delete`, {}, survey)).statusCode).toBe(409);
    const pageMoveRefused = await post(researcher, `${survey}/pages/p2/move`, { direction: 'up' }, survey);
    expect(pageMoveRefused.statusCode).toBe(409);
    expect(pageMoveRefused.body).toContain('Question q2 has a condition on manager, which is not a question on an earlier page');
    expect((await post(researcher, `${survey}/pages`, { title: 'Third page' }, survey)).statusCode).toBe(303);
    expect((await post(researcher, `${survey}/pages/p3/move`, { direction: 'up' }, survey)).statusCode).toBe(303);
    expect((await post(researcher, `${survey}/questions/q2/condition`, { action: 'remove' }, survey)).statusCode).toBe(303);

    const overview = await researcher.get(survey);
    expect(section(overview.body, 'texts')).toContain('Welcome');
    expect(overview.body).toContain('Thank you for taking part');
    expect(section(overview.body, 'page-p1')).toContain('manager Do you manage staff? Yes or No Required Always');
    expect(section(overview.body, 'page-p3')).toContain('Page 2 of 3 Third page');
    expect(section(overview.body, 'page-p2')).toMatch(/Page 3 of 3 Second page[\s\S]*q2 Team size Whole number of at least 1 Optional Always/);
    expect((await post(researcher, `${survey}/pages/p3/delete`, {}, survey)).statusCode).toBe(303);
    expect((await researcher.get(survey)).body).not.toContain('Third page');
  });

  it('lets a coder look but not change, and hides the evaluation from others', async () => {
    const survey = await createSurvey({ title: 'Looked at' });
    const list = await coder.get(base);
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain('Create a survey');
    const overview = await coder.get(survey);
    expect(overview.statusCode).toBe(200);
    expect(overview.body).not.toContain('Open the survey');
    expect(overview.body).not.toContain('/pages/new');
    expect((await coder.get(`${survey}/settings`)).statusCode).toBe(403);
    expect((await post(coder, `${survey}/pages`, { title: 'Sneaky' }, survey)).statusCode).toBe(403);
    const outsider = new TestBrowser(built.app);
    await outsider.signIn(await addUser(database, 'Outsider'));
    const hidden = await outsider.get(survey);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).toContain('Evaluation not found');
  });

  it('shows settings errors together, with what was typed kept', async () => {
    const response = await post(researcher, base, {
      title: '', purpose: 'main', anonymity: '', access: 'open',
      'opensAt-day': '31', 'opensAt-month': '2', 'opensAt-year': '2006', 'closesAt-day': '1', 'closesAt-month': '3', 'closesAt-year': '2006', 'closesAt-time': 'noon',
    }, `${base}/new`);
    expect(response.statusCode).toBe(400);
    for (const field of ['title', 'anonymity', 'opensAt', 'closesAt-time']) expect(response.body).toContain(`href="#${field}"`);
    expect(response.body).toContain('value="noon"');
  });
});
