import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createEvaluation } from '../src/modules/evaluations/service.ts';
import { requireInstrument, wordingFor } from '../src/modules/instruments/service.ts';
import { pagesForInstrument } from '../src/modules/surveys/builder/instrument-questions.ts';
import type { Page as SurveyPage } from '../src/modules/surveys/definition.ts';
import { createSurvey, setStatus } from '../src/modules/surveys/service.ts';
import { backends } from '../test/databases.ts';
import { useBrowser } from './support/browser.ts';
import { horizontalOverflow } from './support/reflow.ts';
import { useServer } from './support/server.ts';
import { DonePage, SurveyNoticePage, SurveyStartPage, type AnswerCard, type QuestionPage } from './support/pages/respondent-page.ts';

const browser = useBrowser();

// A whole journey, every page checked by axe (without JavaScript through a copy of the page).
const journey = 90_000;

const surveyTitle = 'Staff survey on single assessment';
const welcome = 'This survey asks how the move to single assessment is going. It takes about five minutes.';
const privacyNotice = 'Your answers are anonymous: nobody, not even the evaluation team, can tell who gave them.';
const thankYou = 'Thank you for taking part. The findings will be shared with every team in the spring.';

const agree5 = ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'];
const notRelevant = 'Not relevant to my work';

// The change-climate items on the pages used here, with the instrument's own wording.
const tc = ['Staff here see a clear need for this change.', 'The way we worked before this change was good enough.', 'People here feel that things cannot stay as they were.'];
const fit = ['This change fits the way my team already works.', 'This change fits with what this organisation is trying to achieve.', 'This change clashes with other things we are asked to do.'];
const imp = [
  'The effects of this change on our work were thought through before it started.',
  'I know what this change means for my day-to-day work.',
  'The knock-on effects of this change have taken us by surprise.',
];
const helps = 'What, if anything, is helping this change?';
const hinders = 'What, if anything, is holding this change back?';
const pageTitles = ['Tension for change', 'Innovation-system fit', 'Assessment of implications', 'Other questions'];

describe.each(backends)('the respondent journey in a browser, on $name', (backend) => {
  const server = useServer(backend);
  let made = 0;

  /**
   * An open survey made from the change-climate instrument through the service, as the builder
   * would make it: its first three scales, one page each with every item required, and its two
   * open questions, optional, on a fourth page.
   */
  async function changeClimateSurvey(dates: { opensAt?: Date; closesAt?: Date } = {}): Promise<{ id: string; code: string }> {
    const db = server.database.db;
    const user = await server.addUser('Rita Researcher');
    const evaluation = await createEvaluation(db, user.id, { title: `Single assessment evaluation ${++made}` });
    const instrument = requireInstrument('change-climate');
    const scalePages = pagesForInstrument(instrument, await wordingFor(db, evaluation.id, instrument.id), { by: 'scale' });
    const chosen = [...scalePages.slice(0, 3), scalePages.at(-1)!];
    const pages: SurveyPage[] = chosen.map((page, i) => ({
      ...page,
      id: `p${i + 1}`,
      intro: i === 0 ? 'By “this change” we mean the move to single assessment.' : '',
      questions: page.questions.map((q) => ({ ...q, required: q.format.type === 'likert' })),
    }));
    expect(pages.map((p) => p.title)).toEqual(pageTitles);
    const survey = await createSurvey(db, user.id, evaluation.id, { title: surveyTitle, purpose: 'main', anonymity: 'anonymous', access: 'open', ...dates }, {
      welcome,
      privacyNotice,
      thankYou,
      pages,
    });
    await setStatus(db, user.id, evaluation.id, survey.id, 'open');
    return { id: survey.id, code: survey.publicCode };
  }

  const newPage = (javaScriptEnabled: boolean, viewport?: { width: number; height: number }) =>
    browser.newPage({ baseURL: server.baseUrl, ...(javaScriptEnabled ? {} : { javaScriptEnabled: false }), ...(viewport ? { viewport } : {}) });

  const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

  async function answerItems(page: QuestionPage, questions: string[], answers: string[]): Promise<void> {
    for (const [i, question] of questions.entries()) await page.choose(question, answers[i]!);
  }

  /**
   * The whole journey. With JavaScript it also takes the detours (no consent, a wrong resume code,
   * the link from before resuming); without, it takes the same main road, so each run stays short.
   */
  async function walkThrough(javaScriptEnabled: boolean): Promise<void> {
    const detours = javaScriptEnabled;
    const survey = await changeClimateSurvey();
    const page = await newPage(javaScriptEnabled);

    // The start page asks for consent to the privacy notice before anything else.
    let start = await SurveyStartPage.open(page, survey.code, surveyTitle);
    expect(await start.paragraphs()).toEqual(expect.arrayContaining([welcome, privacyNotice]));
    if (detours) {
      start = await start.startExpectingErrors();
      const consentError = 'Confirm you have read the privacy notice and agree to take part';
      expect(await start.summaryErrors()).toEqual([{ text: consentError, href: '#consent' }]);
      expect(await start.fieldError(page.getByRole('group', { name: 'Taking part' }))).toBe(consentError);
    }

    // Page 1: a fieldset with a legend for every Likert item, each radio labelled; no grid of bare radios.
    const first = await start.start(pageTitles[0]!);
    expect(await first.position()).toBe('Page 1 of 4');
    expect(await first.radioGroups()).toEqual(tc.map((legend) => ({ legend, radios: [...agree5, notRelevant] })));
    expect(await page.locator('main table').count()).toBe(0);
    await answerItems(first, tc, ['Agree', 'Disagree', 'Strongly agree']);

    // Page 2, sent with a required item missing: the error summary links to it, the answers given stay.
    const second = await first.continueTo(pageTitles[1]!);
    expect(await second.position()).toBe('Page 2 of 4');
    await second.choose(fit[0]!, 'Agree');
    await second.choose(fit[2]!, notRelevant);
    const withError = await second.continueExpectingErrors();
    const missing = `Select an answer for “${fit[1]}”`;
    expect(await withError.summaryErrors()).toEqual([{ text: missing, href: '#change_climate_fit2' }]);
    expect(await withError.fieldError(withError.question(fit[1]!))).toBe(missing);
    expect(await withError.fieldError(withError.question(fit[0]!)), 'only the missing item is marked').toBe('');
    expect(await withError.position()).toBe('Page 2 of 4');
    expect([await withError.chosen(fit[0]!), await withError.chosen(fit[1]!), await withError.chosen(fit[2]!)]).toEqual(['Agree', '', notRelevant]);
    if (javaScriptEnabled) {
      expect(await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary'))).toBe(true);
      await withError.errorSummary.getByRole('link', { name: missing }).click();
      expect(await focusedId(page)).toBe('change_climate_fit2');
    }
    await withError.choose(fit[1]!, 'Neither agree nor disagree');

    // Page 3: one answer, then "Save and come back later", which gives the resume code.
    const third = await withError.continueTo(pageTitles[2]!);
    expect(await third.position()).toBe('Page 3 of 4');
    const codeOnPage = await third.resumeCodeShown();
    const firstKey = third.key();
    await third.choose(imp[0]!, 'Strongly disagree');
    const saved = await third.saveAndComeBackLater();
    const resumeCode = await saved.resumeCode();
    expect(resumeCode).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2}$/);
    expect(resumeCode).toBe(codeOnPage);
    expect((await saved.paragraphs()).join(' ')).toContain(`/s/${survey.code}/resume`);

    // Another day, another browser: the code typed on the survey's page carries on at page 3.
    const later = await newPage(javaScriptEnabled);
    let resumePage = await (await SurveyStartPage.open(later, survey.code, surveyTitle)).continueStarted();
    if (detours) {
      resumePage = await resumePage.resumeExpectingErrors('ABCD-EFGH-JK');
      expect((await resumePage.summaryErrors()).map((e) => e.href)).toEqual(['#resumeCode']);
      expect((await resumePage.summaryErrors())[0]!.text).toMatch(/^That resume code is not right/);
      expect(await resumePage.resumeCode.inputValue()).toBe('ABCD-EFGH-JK');
    }
    const resumed = await resumePage.resume(resumeCode.toLowerCase(), pageTitles[2]!);
    expect(await resumed.position()).toBe('Page 3 of 4');
    expect(await resumed.chosen(imp[0]!), 'the answer saved for later is there').toBe('Strongly disagree');
    expect(resumed.key(), 'resuming gives the response a new link').not.toBe(firstKey);

    if (detours) {
      // The link from before the resume no longer opens the answers, and says what to do.
      const oldLink = await page.goto(`/r/${firstKey}/3`);
      expect(oldLink?.status()).toBe(404);
      await new SurveyNoticePage(page, 'Survey', 'This link does not work').expectLoaded();
    }

    await resumed.choose(imp[1]!, 'Agree');
    await resumed.choose(imp[2]!, 'Disagree');
    const fourth = await resumed.continueTo(pageTitles[3]!);
    expect(await fourth.position()).toBe('Page 4 of 4');
    await fourth.textQuestion(helps).fill('Protected time on Thursday mornings.');

    // Check your answers lists every answer; one change link there and back.
    const check = await fourth.continueToCheck();
    const expected: AnswerCard[] = [
      { title: pageTitles[0]!, rows: [[tc[0]!, 'Agree'], [tc[1]!, 'Disagree'], [tc[2]!, 'Strongly agree']] },
      { title: pageTitles[1]!, rows: [[fit[0]!, 'Agree'], [fit[1]!, 'Neither agree nor disagree'], [fit[2]!, notRelevant]] },
      { title: pageTitles[2]!, rows: [[imp[0]!, 'Strongly disagree'], [imp[1]!, 'Agree'], [imp[2]!, 'Disagree']] },
      { title: pageTitles[3]!, rows: [[helps, 'Protected time on Thursday mornings.'], [hinders, 'Not answered']] },
    ];
    expect(await check.cards()).toEqual(expected);
    const changing = await check.change(pageTitles[3]!);
    expect(await changing.textQuestion(helps).inputValue()).toBe('Protected time on Thursday mornings.');
    await changing.textQuestion(hinders).fill('Too many meetings about it.');
    const checkAgain = await changing.continueToCheck();
    expect((await checkAgain.cards()).at(-1)).toEqual({ title: pageTitles[3], rows: [[helps, 'Protected time on Thursday mornings.'], [hinders, 'Too many meetings about it.']] });

    const done = await checkAgain.send();
    expect(await done.paragraphs()).toContain(thankYou);
    const stored = await server.database.db.selectFrom('responses').select('status').where('survey_id', '=', survey.id).execute();
    expect(stored.map((r) => r.status)).toEqual(['complete']);

    // Coming back to the response's link shows that it was sent, not its questions.
    await later.goto(`/r/${resumed.key()}/1`);
    const again = await new DonePage(later, surveyTitle).expectLoaded();
    expect(await again.paragraphs()).toContain('Your answers cannot be changed now. You can close this page.');
    expect(await later.getByRole('radio').count()).toBe(0);
  }

  it('takes a respondent from the start page to the thank-you page, past an error and a save-and-resume', async () => {
    await walkThrough(true);
  }, journey);

  it('takes the same journey with JavaScript turned off', async () => {
    await walkThrough(false);
  }, journey);

  it('fits a question page on a 320-pixel-wide screen without scrolling sideways, errors included', async () => {
    const fits = { excess: 0, culprits: [] };
    const survey = await changeClimateSurvey();
    const page = await newPage(true, { width: 320, height: 640 });
    const start = await SurveyStartPage.open(page, survey.code, surveyTitle);
    expect(await horizontalOverflow(page)).toEqual(fits);
    const first = await start.start(pageTitles[0]!);
    expect(await horizontalOverflow(page)).toEqual(fits);
    const withErrors = await first.continueExpectingErrors();
    expect((await withErrors.summaryErrors()).map((e) => e.href)).toEqual(['#change_climate_tc1', '#change_climate_tc2', '#change_climate_tc3']);
    expect(await horizontalOverflow(page)).toEqual(fits);
  });

  it('tells a respondent when the survey has closed, and what to do when a link is mistyped', async () => {
    const day = 24 * 60 * 60 * 1000;
    const closesAt = new Date(Date.now() - 2 * day);
    const closed = await changeClimateSurvey({ opensAt: new Date(Date.now() - 30 * day), closesAt });
    const page = await newPage(true);

    const closedAnswer = await page.goto(`/s/${closed.code}`);
    expect(closedAnswer?.status()).toBe(410);
    const closedPage = await new SurveyNoticePage(page, surveyTitle, 'This survey has closed').expectLoaded();
    const closedOn = closesAt.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    expect(await closedPage.paragraphs()).toEqual([`This survey closed on ${closedOn}.`, 'It is no longer taking answers.']);
    expect(await page.getByRole('button', { name: 'Start now' }).count()).toBe(0);

    const wrongKey = await page.goto('/r/notarealkeyatall2345/1');
    expect(wrongKey?.status()).toBe(404);
    const notFound = await new SurveyNoticePage(page, 'Survey', 'This link does not work').expectLoaded();
    expect((await notFound.paragraphs()).join(' ')).toMatch(/Check you copied the whole link\..*“Continue a survey you started”/);

    const wrongSurvey = await page.goto('/s/nosuchsurvey');
    expect(wrongSurvey?.status()).toBe(404);
    const noSurvey = await new SurveyNoticePage(page, 'Survey', 'Survey not found').expectLoaded();
    expect(await noSurvey.paragraphs()).toEqual(['Check the link you were given: the web address may be incomplete or mistyped.']);
  });
});
