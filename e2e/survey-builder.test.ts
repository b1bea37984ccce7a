import { describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { createEvaluation } from '../src/modules/evaluations/service.ts';
import { readPageAnswers } from '../src/modules/surveys/respondent/answers.ts';
import { completeResponse, savePageAnswers, startFromPublicLink } from '../src/modules/surveys/respondent/service.ts';
import type { Answers } from '../src/modules/surveys/conditions.ts';
import { findSurveyByCode, getSurvey } from '../src/modules/surveys/service.ts';
import { backends } from '../test/databases.ts';
import { testPassword } from '../test/app.ts';
import { expectAccessible } from './support/axe.ts';
import { useBrowser } from './support/browser.ts';
import { useServer } from './support/server.ts';
import type { DateParts } from './support/pages/dates.ts';
import { EvaluationOverviewPage } from './support/pages/evaluation-overview-page.ts';
import { SignInPage } from './support/pages/sign-in-page.ts';
import type { DownloadedFile } from './support/pages/survey-export-page.ts';
import { SurveysPage } from './support/pages/surveys-page.ts';

const browser = useBrowser();

// A journey through a dozen builder pages, each checked by axe.
const journey = 240_000;

const fixtures = '/work/shared/fixtures/limesurvey';
const surveyTitle = 'Change climate staff survey';
const page1 = 'Need for change and fit';
const page2 = 'Support and resources';
const roleQuestion = 'Which best describes your role?';
const managerQuestion = 'What could managers do to help this change?';
const texts = {
  welcome: 'This survey asks how the move to single assessment is going. It takes about ten minutes.',
  privacyNotice: 'Your answers are anonymous: nobody, not even the evaluation team, can tell who gave them.',
  thankYou: 'Thank you. The findings will be shared with every team in the spring.',
};
const agree5 = ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'];

const day = 24 * 60 * 60 * 1000;
const partsOf = (date: Date): DateParts => ({ day: String(date.getUTCDate()), month: String(date.getUTCMonth() + 1), year: String(date.getUTCFullYear()) });
const shownAs = (date: Date) =>
  `${date.toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' })} UTC`;
const slugOf = (title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, '-');

async function unzip(file: DownloadedFile): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(file.content);
  const entries = await Promise.all(Object.values(zip.files).map(async (entry) => [entry.name, await entry.async('string')] as const));
  return Object.fromEntries(entries);
}

describe.each(backends)('building, importing and exporting surveys in a browser, on $name', (backend) => {
  const server = useServer(backend);

  /** A lead of a new evaluation, made directly, signed in through the form and on the evaluation's overview. */
  async function signedInLead(title: string): Promise<Page> {
    const user = await server.addUser('Lena Lead');
    await createEvaluation(server.database.db, user.id, { title, slug: slugOf(title) });
    const page = await browser.newPage({ baseURL: server.baseUrl });
    await (await SignInPage.open(page)).signIn(user.email, testPassword);
    await EvaluationOverviewPage.open(page, slugOf(title), title);
    return page;
  }

  /**
   * A respondent's complete response, made through the same service calls and form reading the
   * respondent pages use: the respondent pages have their own browser tests.
   */
  async function respond(code: string, pages: Record<string, string>[]): Promise<void> {
    const database = server.database;
    const found = (await findSurveyByCode(database.db, code))!;
    const survey = await getSurvey(database.db, found.evaluationId, found.id);
    const now = new Date();
    const started = (await startFromPublicLink(database, code, true, now))!;
    const answers: Answers = {};
    for (const [index, page] of survey.version.definition.pages.entries()) {
      const reading = readPageAnswers(page.questions, pages[index] ?? {}, { requireAnswers: true });
      if (!reading.ok) throw new Error(`Page ${index + 1} of the response: ${reading.errors.map((e) => e.message).join('; ')}`);
      Object.assign(answers, reading.answers);
      await savePageAnswers(database, started.key, { versionId: survey.version.id, pageQuestionIds: page.questions.map((q) => q.id), answers: reading.answers, pagesSaved: index + 1, now });
    }
    const hidden = answers.role === '2' ? [] : ['manager_help'];
    expect(await completeResponse(database, started.key, answers, hidden, now)).toBeDefined();
  }

  it('builds a two-page survey from the change-climate instrument, opens it and exports labelled SPSS, R and codebook files', async () => {
    const page = await signedInLead('Single assessment evaluation');
    const surveys = await SurveysPage.fromNavigation(page);
    expect(await surveys.surveys()).toEqual([]);

    // Settings: a bad date and no title first, then the real ones; JavaScript reveals the page-size box.
    const form = await surveys.startNewSurvey();
    expect(await form.perPage.isVisible(), 'GOV.UK Frontend hides the page-size box until its radio is chosen').toBe(false);
    await form.chooseLayout('A fixed number of items on each page');
    expect(await form.perPage.isVisible()).toBe(true);
    expect(await form.page.getByRole('radio', { name: 'A fixed number of items on each page' }).getAttribute('aria-expanded')).toBeNull();
    await expectAccessible(page, 'the settings form with its page-size box revealed');
    await form.chooseLayout('One page for each scale');
    await form.fill({ title: '', opensAt: { day: '31', month: '2', year: '2026' } });
    const withErrors = await form.sendExpectingErrors();
    expect(await withErrors.summaryErrors()).toEqual([
      { text: 'The opening date must be a real date', href: '#opensAt' },
      { text: 'Enter a title', href: '#title' },
    ]);
    expect(await withErrors.fieldError(withErrors.title)).toBe('Enter a title');
    const opensAt = new Date(Date.now() - day);
    const closesAt = new Date(Date.now() + 365 * day);
    await withErrors.fill({
      title: surveyTitle,
      purpose: 'Main survey',
      anonymity: 'Anonymous',
      access: 'Anyone with the survey link',
      opensAt: partsOf(opensAt),
      closesAt: partsOf(closesAt),
      instrument: 'None: start with an empty page',
    });
    let overview = await withErrors.create(surveyTitle);
    expect(await overview.detail('Purpose')).toBe('Main survey');
    expect(await overview.detail('Anonymity')).toBe('Anonymous');
    expect(await overview.detail('Opens')).toBe(shownAs(new Date(Date.UTC(opensAt.getUTCFullYear(), opensAt.getUTCMonth(), opensAt.getUTCDate()))));
    expect(await overview.detail('Closes')).toBe(shownAs(new Date(Date.UTC(closesAt.getUTCFullYear(), closesAt.getUTCMonth(), closesAt.getUTCDate(), 23, 59))));
    expect(await overview.openingProblems()).toEqual(['The survey has no questions yet']);

    // Page 1: renamed, two of the instrument's scales, and a custom question.
    const pageForm = await overview.changePage('Page 1');
    await pageForm.fill({ title: page1, intro: 'By “this change” we mean the move to single assessment.' });
    overview = await pageForm.save();
    const items = await (await overview.addInstrumentItems(page1)).chooseInstrument('Change climate');
    expect(await items.scales()).toEqual(expect.arrayContaining(['Tension for change', 'Innovation-system fit', 'Support and advocacy', 'Dedicated time and resources']));
    overview = await items.add(['Tension for change', 'Innovation-system fit']);

    const question = await overview.addQuestion(page1);
    expect(await question.options.isVisible()).toBe(false);
    await question.fill({ id: 'role', text: roleQuestion, format: 'Choose one option', required: true });
    expect(await question.options.isVisible(), 'the options box is revealed by its radio').toBe(true);
    expect(await question.formatGroup.getByRole('radio', { name: 'Choose one option' }).getAttribute('aria-expanded')).toBeNull();
    await expectAccessible(page, 'the question form with its options box revealed');
    const questionErrors = await question.addExpectingErrors();
    expect(await questionErrors.summaryErrors()).toEqual([{ text: 'Enter at least two options, one per line', href: '#options' }]);
    expect(await questionErrors.field('Question')).toBe(roleQuestion);
    await questionErrors.fill({ options: 'Clinical\nManagement\nAdministrative and support' });
    overview = await questionErrors.add();

    // Page 2: two more scales and a free-text question shown only to managers.
    const newPage = await overview.addPage();
    await newPage.fill({ title: page2 });
    overview = await newPage.save();
    overview = await (await (await overview.addInstrumentItems(page2)).chooseInstrument('Change climate')).add(['Support and advocacy', 'Dedicated time and resources']);
    const custom = await overview.addQuestion(page2);
    await custom.fill({ id: 'manager_help', text: managerQuestion, format: 'Long text' });
    overview = await custom.add();
    const condition = await overview.whenToShowQuestion('manager_help');
    expect((await condition.answerCodes()).role).toBe('1 Clinical 2 Management 3 Administrative and support');
    await condition.setRule(0, { question: `role: ${roleQuestion}`, comparison: 'is', answer: '4' });
    const conditionErrors = await condition.saveExpectingErrors();
    expect(await conditionErrors.summaryErrors()).toEqual([{ text: 'Rule 1: 4 is not an answer to role: use one of 1, 2, 3', href: '#value-0' }]);
    await conditionErrors.setRule(0, { question: `role: ${roleQuestion}`, comparison: 'is', answer: '2' });
    overview = await conditionErrors.save();

    // Welcome, privacy notice and thank-you.
    const textsForm = await overview.changeTexts();
    await textsForm.fill(texts);
    overview = await textsForm.save();
    expect([await overview.detail('Welcome'), await overview.detail('Privacy notice'), await overview.detail('Thank-you')]).toEqual([texts.welcome, texts.privacyNotice, texts.thankYou]);

    expect(await overview.pages()).toEqual([`Page 1 of 2: ${page1}`, `Page 2 of 2: ${page2}`]);
    const first = await overview.questionsOn(page1);
    expect(first.map((q) => q.Id)).toEqual(['change_climate_tc1', 'change_climate_tc2', 'change_climate_tc3', 'change_climate_fit1', 'change_climate_fit2', 'change_climate_fit3', 'role']);
    expect(first[0]!.Question).toBe('Staff here see a clear need for this change. From Change climate, item tc1');
    expect(first.at(-1)).toEqual({ Id: 'role', Question: roleQuestion, Answer: expect.stringMatching(/^One of 3 options ?Required$/), Shown: 'Always' });
    const second = await overview.questionsOn(page2);
    expect(second.map((q) => q.Id)).toEqual(['change_climate_sup1', 'change_climate_sup2', 'change_climate_sup3', 'change_climate_res1', 'change_climate_res2', 'change_climate_res3', 'manager_help']);
    expect(second.at(-1)!.Shown).toBe('Shown when role is 2');

    overview = await overview.openSurvey();
    expect(await overview.statusText()).toBe(`Open: respondents can answer until ${shownAs(new Date(Date.UTC(closesAt.getUTCFullYear(), closesAt.getUTCMonth(), closesAt.getUTCDate(), 23, 59)))}.`);
    const code = /\/s\/([a-z0-9]+)$/.exec(await overview.detail('Public link'))?.[1];
    expect(code).toBeDefined();

    // Two complete responses, then the exports.
    const likertPage = (values: string[], ids: string[]) => Object.fromEntries(ids.map((id, i) => [`change_climate_${id}`, values[i]!]));
    await respond(code!, [
      { ...likertPage(['4', '2', '5', '4', '4', 'NR'], ['tc1', 'tc2', 'tc3', 'fit1', 'fit2', 'fit3']), role: '1' },
      likertPage(['3', '3', '3', '2', '1', '2'], ['sup1', 'sup2', 'sup3', 'res1', 'res2', 'res3']),
    ]);
    await respond(code!, [
      { ...likertPage(['5', '1', '4', '3', '5', '2'], ['tc1', 'tc2', 'tc3', 'fit1', 'fit2', 'fit3']), role: '2' },
      { ...likertPage(['4', '4', '2', '3', '3', '4'], ['sup1', 'sup2', 'sup3', 'res1', 'res2', 'res3']), manager_help: 'Protect time for it in every rota.' },
    ]);

    const exports = await overview.exportResponses();
    expect(await exports.counts()).toBe('This survey has 2 complete and 0 partial responses.');

    const spss = await exports.download('SPSS syntax and data (ZIP)');
    expect(spss.fileName).toMatch(/\.zip$/);
    const spssFiles = await unzip(spss);
    const syntax = Object.entries(spssFiles).find(([name]) => name.endsWith('.sps'))?.[1] ?? '';
    const spssData = Object.entries(spssFiles).find(([name]) => name.endsWith('.csv'))?.[1] ?? '';
    expect(syntax).toContain('VARIABLE LABELS');
    expect(syntax).toMatch(/\/change_climate_tc1 'Staff here see a clear need for this change\.'/);
    expect(syntax).toMatch(/\/role 'Which best describes your role\?'/);
    expect(syntax).toContain('VALUE LABELS');
    expect(syntax).toContain(`change_climate_tc1\n${agree5.map((label, i) => `    ${i + 1} '${label}'`).join('\n')}\n    -1 'Not relevant to my work'`);
    expect(syntax).toContain("/role\n    '1' 'Clinical'\n    '2' 'Management'\n    '3' 'Administrative and support'");
    expect(syntax).toMatch(/MISSING VALUES\n[\s\S]*change_climate_fit3 \(-1\)/);
    expect(syntax).toMatch(/VARIABLE LEVEL\n[\s\S]*\/change_climate_tc1 \(ORDINAL\)/);
    const spssRows = spssData.trim().split(/\r?\n/);
    expect(spssRows).toHaveLength(3);
    expect(spssRows[0]).toContain('change_climate_tc1');
    expect(spssRows[0]).toContain('manager_help');
    expect(spssData).toContain('Protect time for it in every rota.');

    const r = await exports.download('R script and data (ZIP)');
    const rFiles = await unzip(r);
    const script = Object.entries(rFiles).find(([name]) => name.endsWith('.R'))?.[1] ?? '';
    expect(Object.keys(rFiles).some((name) => name.endsWith('.csv'))).toBe(true);
    expect(script).toContain(
      `responses[["change_climate_tc1"]] <- factor(responses[["change_climate_tc1"]], levels = c(1, 2, 3, 4, 5), labels = c(${agree5.map((l) => `"${l}"`).join(', ')}), ordered = TRUE)`,
    );
    expect(script).toContain('responses[["role"]] <- factor(responses[["role"]], levels = c("1", "2", "3"), labels = c("Clinical", "Management", "Administrative and support"))');
    expect(script).toContain('responses[["change_climate_fit3"]][responses[["change_climate_fit3"]] %in% c(-1)] <- NA');
    expect(script).toContain(`attr(responses[["manager_help"]], "label") <- "${managerQuestion}"`);

    const codebookFile = await exports.download('Codebook (CSV)');
    const codebookCsv = codebookFile.content.toString('utf8');
    expect(codebookFile.fileName).toMatch(/\.csv$/);
    expect(codebookCsv).toContain('change_climate_tc1');
    expect(codebookCsv).toContain('Staff here see a clear need for this change.');
    expect(codebookCsv).toContain('Tension for change');
    expect(codebookCsv).toContain('Shown when role is 2');

    const codebook = await exports.readCodebook();
    const variables = await codebook.variables();
    expect(variables.map((v) => v.Variable)).toEqual(expect.arrayContaining(['change_climate_tc1', 'role', 'manager_help']));
    const tc1 = variables.find((v) => v.Variable === 'change_climate_tc1')!;
    expect(tc1.Question).toBe('Staff here see a clear need for this change.');
    expect(tc1['Missing codes']).toContain('Not relevant to my work');
  }, journey);

  it('imports the LimeSurvey sample survey and the Likert survey, naming every part left out', async () => {
    const page = await signedInLead('Imported surveys evaluation');
    const surveys = await SurveysPage.fromNavigation(page);
    const form = await surveys.startImport();
    const noFile = await form.importExpectingErrors();
    expect(await noFile.summaryErrors()).toEqual([{ text: 'Choose a LimeSurvey survey structure (.lss) or a REDCap data dictionary (.csv)', href: '#file' }]);
    expect(await noFile.fieldError(noFile.file)).toBe('Choose a LimeSurvey survey structure (.lss) or a REDCap data dictionary (.csv)');

    const sample = await noFile.import({ file: `${fixtures}/ls205_sample_survey_english.lss`, purpose: 'Pilot' });
    expect(await sample.detail('Purpose')).toBe('Pilot');
    expect(Number(await sample.detail('Questions'))).toBeGreaterThan(100);
    const left = await sample.notImported();
    expect(await sample.notImportedHeading()).toBe(`Not imported (${left.length})`);
    const leftOut = (what: string) => left.filter((row) => row.What === what).map((row) => row.Name);
    expect(leftOut('question')).toEqual(expect.arrayContaining(['qRanking', 'hidden2']));
    expect(leftOut('comment')).toContain('qMultChoiceComment');
    expect(leftOut('option')).toEqual(expect.arrayContaining(['qListRadio.other', 'qListDropdown.other']));
    expect(left.find((row) => row.Name === 'qRanking')!.Why).toContain('ranking (type R)');
    expect(left.find((row) => row.Name === 'married')!.Why).toContain('refers to age on the same page');
    const sampleTitle = await sample.importedTitle();

    const likert = await (await sample.importAnother()).import({ file: `${fixtures}/likert50.lss`, title: 'Likert pilot' });
    expect(await likert.importedTitle()).toBe('Likert pilot');
    expect(await likert.detail('Questions')).toBe('52');
    expect(await likert.detail('Pages')).toBe('4');
    expect(await likert.notImportedHeading()).toBe('Not imported (1)');
    expect((await likert.notImported()).map((row) => [row.What, row.Name])).toEqual([['text', 'description']]);

    const listed = await SurveysPage.open(page, slugOf('Imported surveys evaluation'));
    expect((await listed.surveys()).map((s) => [s.Survey, s.Status]).sort()).toEqual([['Likert pilot', 'Draft'], [sampleTitle, 'Draft']].sort());
  }, journey);
});
