import type { Locator, Page } from 'playwright-core';
import { FormativePage } from './formative-page.ts';

const squash = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

/**
 * What a respondent sees: pages framed by the survey's own name instead of the team's navigation,
 * so every title ends with the survey's title rather than "Formative".
 */
export abstract class RespondentPage extends FormativePage {
  protected override readonly titleEnd: string;

  constructor(
    page: Page,
    readonly surveyTitle: string,
  ) {
    super(page);
    this.titleEnd = surveyTitle;
  }

  /** The page's paragraphs of body text, in order. */
  async paragraphs(): Promise<string[]> {
    return this.page.locator('main .govuk-body').evaluateAll((ps) => ps.map((p) => (p.textContent ?? '').replace(/\s+/g, ' ').trim()));
  }
}

/** The survey's public link, /s/CODE: the welcome, the privacy notice and the consent box. */
export class SurveyStartPage extends RespondentPage {
  readonly name = 'survey-start';

  get heading(): string {
    return this.surveyTitle;
  }

  static async open(page: Page, code: string, surveyTitle: string): Promise<SurveyStartPage> {
    await page.goto(`/s/${code}`);
    return new SurveyStartPage(page, surveyTitle).expectLoaded();
  }

  get consent(): Locator {
    return this.page.getByRole('checkbox', { name: 'I have read the privacy notice and agree to take part' });
  }

  async startExpectingErrors(): Promise<SurveyStartPage> {
    await this.go(this.page.getByRole('button', { name: 'Start now' }));
    return new SurveyStartPage(this.page, this.surveyTitle).expectLoaded();
  }

  /** Agrees to the privacy notice and starts; the first page has the heading given. */
  async start(firstPage: string): Promise<QuestionPage> {
    await this.consent.check();
    await this.go(this.page.getByRole('button', { name: 'Start now' }));
    return new QuestionPage(this.page, this.surveyTitle, firstPage).expectLoaded();
  }

  async continueStarted(): Promise<ResumePage> {
    await this.go(this.page.getByRole('link', { name: 'Continue a survey you started' }));
    return new ResumePage(this.page, this.surveyTitle).expectLoaded();
  }
}

/** One fieldset of radios as a screen reader meets it: its legend and the label of each radio in it. */
export interface RadioGroup {
  legend: string;
  radios: string[];
}

/** A page of questions, /r/KEY/N, headed with the page's title. */
export class QuestionPage extends RespondentPage {
  get name(): string {
    return `survey-page-${new URL(this.page.url()).pathname.split('/').at(-1)}`;
  }

  constructor(
    page: Page,
    surveyTitle: string,
    readonly heading: string,
  ) {
    super(page, surveyTitle);
  }

  /** The response's key, from the page's address. */
  key(): string {
    return new URL(this.page.url()).pathname.split('/')[2]!;
  }

  /** "Page 2 of 4". */
  async position(): Promise<string> {
    return squash(await this.page.locator('main .govuk-caption-l').textContent());
  }

  /** The question asked in a fieldset (a Likert item, a choice), found by its legend. */
  question(text: string): Locator {
    return this.page.getByRole('group', { name: text, exact: true });
  }

  /** A free-text question, found by its label. */
  textQuestion(text: string): Locator {
    return this.page.getByRole('textbox', { name: text, exact: true });
  }

  async choose(question: string, answer: string): Promise<void> {
    await this.question(question).getByRole('radio', { name: answer, exact: true }).check();
  }

  /** The label of the radio chosen for a question, or '' when none is. */
  async chosen(question: string): Promise<string> {
    return this.question(question).locator('input[type=radio]:checked').evaluateAll((inputs) =>
      inputs.map((input) => (document.querySelector(`label[for="${input.id}"]`)?.textContent ?? '').replace(/\s+/g, ' ').trim()).join(', '),
    );
  }

  /** Every fieldset of radios on the page, with the labels its radios are given by their own label elements. */
  async radioGroups(): Promise<RadioGroup[]> {
    return this.page.locator('main fieldset').evaluateAll((fieldsets) =>
      fieldsets
        .filter((f) => f.querySelector('input[type=radio]'))
        .map((f) => ({
          legend: (f.querySelector('legend')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
          radios: [...f.querySelectorAll('input[type=radio]')].map((input) =>
            (document.querySelector(`label[for="${input.id}"]`)?.textContent ?? '').replace(/\s+/g, ' ').trim(),
          ),
        })),
    );
  }

  /** The resume code the page shows beside its buttons. */
  async resumeCodeShown(): Promise<string> {
    return squash(await this.page.locator('main p.govuk-body-s strong').textContent());
  }

  /** Presses Continue; the next page has the heading given. */
  async continueTo(heading: string): Promise<QuestionPage> {
    await this.go(this.page.getByRole('button', { name: 'Continue', exact: true }));
    return new QuestionPage(this.page, this.surveyTitle, heading).expectLoaded();
  }

  async continueExpectingErrors(): Promise<QuestionPage> {
    return this.continueTo(this.heading);
  }

  async continueToCheck(): Promise<CheckAnswersPage> {
    await this.go(this.page.getByRole('button', { name: 'Continue', exact: true }));
    return new CheckAnswersPage(this.page, this.surveyTitle).expectLoaded();
  }

  async saveAndComeBackLater(): Promise<SavedPage> {
    await this.go(this.page.getByRole('button', { name: 'Save and come back later' }));
    return new SavedPage(this.page, this.surveyTitle).expectLoaded();
  }
}

/** After "Save and come back later": the resume code and the link back. */
export class SavedPage extends RespondentPage {
  readonly name = 'survey-saved';
  readonly heading = 'Your answers have been saved';

  /** The resume code, as the panel shows it, like ABCD-EFGH-JK. */
  async resumeCode(): Promise<string> {
    const panel = squash(await this.page.locator('.govuk-panel__body').textContent());
    const match = /^Your resume code is (\S+)$/.exec(panel);
    if (!match?.[1]) throw new Error(`The saved page shows no resume code: "${panel}"`);
    return match[1];
  }
}

/** /s/CODE/resume, where a resume code is typed. */
export class ResumePage extends RespondentPage {
  readonly name = 'survey-resume';
  readonly heading = 'Continue a survey you started';

  static async open(page: Page, code: string, surveyTitle: string): Promise<ResumePage> {
    await page.goto(`/s/${code}/resume`);
    return new ResumePage(page, surveyTitle).expectLoaded();
  }

  get resumeCode(): Locator {
    return this.page.getByLabel('Continue a survey you started', { exact: true });
  }

  async submit(code: string): Promise<void> {
    await this.resumeCode.fill(code);
    await this.go(this.page.getByRole('button', { name: 'Continue', exact: true }));
  }

  async resumeExpectingErrors(code: string): Promise<ResumePage> {
    await this.submit(code);
    return new ResumePage(this.page, this.surveyTitle).expectLoaded();
  }

  /** Types the code; the page it carries on at has the heading given. */
  async resume(code: string, heading: string): Promise<QuestionPage> {
    await this.submit(code);
    return new QuestionPage(this.page, this.surveyTitle, heading).expectLoaded();
  }
}

export interface AnswerCard {
  title: string;
  /** Question and answer, as the summary list shows them. */
  rows: [string, string][];
}

/** Check your answers: a summary card per page with a change link, and the button that sends them. */
export class CheckAnswersPage extends RespondentPage {
  readonly name = 'survey-check';
  readonly heading = 'Check your answers before sending them';

  async cards(): Promise<AnswerCard[]> {
    return this.page.locator('main .govuk-summary-card').evaluateAll((cards) =>
      cards.map((card) => {
        const squashed = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
        return {
          title: squashed(card.querySelector('.govuk-summary-card__title')),
          rows: [...card.querySelectorAll('.govuk-summary-list__row')].map((row) => [squashed(row.querySelector('dt')), squashed(row.querySelector('dd'))] as [string, string]),
        };
      }),
    );
  }

  /** Follows the change link of one page's card, by its accessible name. */
  async change(pageTitle: string): Promise<QuestionPage> {
    await this.go(this.page.getByRole('link', { name: `Change your answers on (${pageTitle})`, exact: true }));
    return new QuestionPage(this.page, this.surveyTitle, pageTitle).expectLoaded();
  }

  async send(): Promise<DonePage> {
    await this.go(this.page.getByRole('button', { name: 'Send answers' }));
    return new DonePage(this.page, this.surveyTitle).expectLoaded();
  }
}

/** The thank-you page, also shown by every link of a response once it is sent. */
export class DonePage extends RespondentPage {
  readonly name = 'survey-done';
  readonly heading = 'Your answers have been sent';
}

/** A plain page saying why a respondent cannot go on: closed, not found, a link that does not work. */
export class SurveyNoticePage extends RespondentPage {
  readonly name = 'survey-notice';

  constructor(
    page: Page,
    surveyTitle: string,
    readonly heading: string,
  ) {
    super(page, surveyTitle);
  }
}
