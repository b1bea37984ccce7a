import type { Locator, Page } from 'playwright-core';
import { readTable } from '../tables.ts';
import { FormativePage } from './formative-page.ts';
import { ConditionPage, InstrumentItemsPage, QuestionFormPage, SurveyPageFormPage, SurveyTextsPage } from './survey-editing-pages.ts';
import { SurveyExportPage } from './survey-export-page.ts';
import { SurveySettingsPage } from './survey-settings-page.ts';

const squash = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

/**
 * A survey's page in the builder: its settings, status, texts and questionnaire (a card per page,
 * a table of questions in each). The h1 is the survey's title followed by its status tag.
 */
export class SurveyOverviewPage extends FormativePage {
  readonly name = 'survey-overview';

  constructor(
    page: Page,
    readonly surveyTitle: string,
    readonly status: string,
  ) {
    super(page);
  }

  get heading(): string {
    return `${this.surveyTitle} ${this.status}`;
  }

  /** The value beside a key in the page's summary lists, like "Opens" or "Welcome". */
  async detail(key: string): Promise<string> {
    const row = this.page.locator('.govuk-summary-list__row').filter({ has: this.page.locator('dt', { hasText: new RegExp(`^\\s*${key}\\s*$`) }) });
    return squash(await row.locator('dd').first().textContent());
  }

  /** The sentence under "Status". */
  async statusText(): Promise<string> {
    return squash(await this.page.locator('#status + p').textContent());
  }

  /** What keeps the survey from opening, as listed under its status. */
  async openingProblems(): Promise<string[]> {
    return this.page.locator('.govuk-inset-text li').evaluateAll((items) => items.map((i) => (i.textContent ?? '').replace(/\s+/g, ' ').trim()));
  }

  /** The questionnaire's pages, as "Page 1 of 2: Title". */
  async pages(): Promise<string[]> {
    return this.page.locator('.govuk-summary-card__title').evaluateAll((titles) =>
      titles.map((t) => {
        const caption = (t.querySelector('.govuk-caption-m')?.textContent ?? '').trim();
        const title = (t.textContent ?? '').replace(caption, '').replace(/\s+/g, ' ').trim();
        return `${caption}: ${title}`;
      }),
    );
  }

  private card(pageTitle: string): Locator {
    return this.page.locator('section.govuk-summary-card').filter({ has: this.page.getByRole('heading', { name: new RegExp(`${pageTitle}$`) }) });
  }

  /** The questions on a page: Id, Question, Answer and Shown, as the table gives them. */
  async questionsOn(pageTitle: string): Promise<Record<string, string>[]> {
    const rows = await readTable(this.card(pageTitle).getByRole('table'));
    // The last column holds only the action links and buttons.
    return rows.map(({ Id, Question, Answer, Shown }) => ({ Id: Id!, Question: Question!, Answer: Answer!, Shown: Shown! }));
  }

  /** The line under a page's title saying who sees it. */
  async pageShownTo(pageTitle: string): Promise<string> {
    return squash(await this.card(pageTitle).locator('.govuk-summary-card__content > p.govuk-body-s').first().textContent());
  }

  private editing(heading: string) {
    return { page: this.page, surveyTitle: this.surveyTitle, status: this.status, heading };
  }

  async changeSettings(): Promise<SurveySettingsPage> {
    await this.go(this.page.getByRole('link', { name: 'Change purpose', exact: true }));
    return new SurveySettingsPage(this.page, 'Survey settings').expectLoaded();
  }

  async changeTexts(): Promise<SurveyTextsPage> {
    await this.go(this.page.getByRole('link', { name: 'Change welcome', exact: true }));
    return new SurveyTextsPage(this.editing('Welcome, privacy notice and thank-you')).expectLoaded();
  }

  async changePage(pageTitle: string): Promise<SurveyPageFormPage> {
    await this.go(this.page.getByRole('link', { name: `Change page ${pageTitle}`, exact: true }));
    return new SurveyPageFormPage(this.editing(`Change page "${pageTitle}"`)).expectLoaded();
  }

  async addPage(): Promise<SurveyPageFormPage> {
    await this.go(this.page.getByRole('button', { name: 'Add a page' }));
    return new SurveyPageFormPage(this.editing('Add a page')).expectLoaded();
  }

  async addInstrumentItems(pageTitle: string): Promise<InstrumentItemsPage> {
    await this.go(this.page.getByRole('link', { name: `Add instrument items to page ${pageTitle}`, exact: true }));
    return new InstrumentItemsPage(this.editing(`Add instrument items to page "${pageTitle}"`)).expectLoaded();
  }

  async addQuestion(pageTitle: string): Promise<QuestionFormPage> {
    await this.go(this.page.getByRole('link', { name: `Add a question to page ${pageTitle}`, exact: true }));
    return new QuestionFormPage(this.editing(`Add a question to page "${pageTitle}"`)).expectLoaded();
  }

  async whenToShowQuestion(id: string): Promise<ConditionPage> {
    await this.go(this.page.getByRole('link', { name: `When to show question ${id}`, exact: true }));
    return new ConditionPage(this.editing(`When to show question ${id}`)).expectLoaded();
  }

  async openSurvey(): Promise<SurveyOverviewPage> {
    await this.go(this.page.getByRole('button', { name: 'Open the survey' }));
    return new SurveyOverviewPage(this.page, this.surveyTitle, 'Open').expectLoaded();
  }

  async exportResponses(): Promise<SurveyExportPage> {
    await this.go(this.page.getByRole('link', { name: 'Export responses' }));
    return new SurveyExportPage(this.page, this.surveyTitle).expectLoaded();
  }
}
