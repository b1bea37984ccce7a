import type { Locator, Page } from 'playwright-core';
import { FormativePage } from './formative-page.ts';
import { SurveyOverviewPage } from './survey-overview-page.ts';

/** Where an editing page was opened from: the survey (its title and status) and the page's own h1. */
export interface EditingPlace {
  page: Page;
  surveyTitle: string;
  status: string;
  heading: string;
}

/**
 * The small forms that edit a survey's questionnaire, each captioned with the survey's title:
 * texts, a page, instrument items, a question, a condition. Saving one goes back to the overview.
 */
abstract class SurveyEditingPage extends FormativePage {
  readonly heading: string;
  protected readonly surveyTitle: string;
  protected readonly status: string;

  constructor(place: EditingPlace) {
    super(place.page);
    this.heading = place.heading;
    this.surveyTitle = place.surveyTitle;
    this.status = place.status;
  }

  protected place(heading = this.heading): EditingPlace {
    return { page: this.page, surveyTitle: this.surveyTitle, status: this.status, heading };
  }

  /** Presses the form's button and expects to be back on the overview. */
  protected async saveWith(button: string): Promise<SurveyOverviewPage> {
    await this.go(this.page.getByRole('button', { name: button, exact: true }).last());
    return new SurveyOverviewPage(this.page, this.surveyTitle, this.status).expectLoaded();
  }

  async field(label: string): Promise<string> {
    return this.page.getByLabel(label, { exact: true }).inputValue();
  }
}

export interface SurveyTexts {
  welcome?: string;
  privacyNotice?: string;
  thankYou?: string;
}

export class SurveyTextsPage extends SurveyEditingPage {
  readonly name = 'survey-texts';

  async fill(texts: SurveyTexts): Promise<void> {
    if (texts.welcome !== undefined) await this.page.getByLabel('Welcome', { exact: true }).fill(texts.welcome);
    if (texts.privacyNotice !== undefined) await this.page.getByLabel('Privacy notice', { exact: true }).fill(texts.privacyNotice);
    if (texts.thankYou !== undefined) await this.page.getByLabel('Thank-you', { exact: true }).fill(texts.thankYou);
  }

  async save(): Promise<SurveyOverviewPage> {
    return this.saveWith('Save');
  }
}

/** "Add a page" or "Change page …": the page's title and introduction. */
export class SurveyPageFormPage extends SurveyEditingPage {
  readonly name = 'survey-page-form';

  async fill(details: { title: string; intro?: string }): Promise<void> {
    await this.page.getByLabel('Page title', { exact: true }).fill(details.title);
    if (details.intro !== undefined) await this.page.getByLabel('Introduction (optional)', { exact: true }).fill(details.intro);
  }

  async save(): Promise<SurveyOverviewPage> {
    return this.saveWith(this.heading === 'Add a page' ? 'Add page' : 'Save page');
  }
}

/** Adds an instrument's items, all or some scales, to the end of one page. */
export class InstrumentItemsPage extends SurveyEditingPage {
  readonly name = 'survey-instrument-items';

  /** Picks the instrument from the list; the page comes back with its scales to choose from. */
  async chooseInstrument(name: string): Promise<InstrumentItemsPage> {
    await this.page.getByLabel('Instrument', { exact: true }).selectOption({ label: name });
    await this.go(this.page.getByRole('button', { name: /^Choose (another )?instrument$/ }));
    return new InstrumentItemsPage(this.place()).expectLoaded();
  }

  /** The scales offered, each with its hint ("3 items"). */
  async scales(): Promise<string[]> {
    return this.page.getByRole('group', { name: 'Which scales' }).getByRole('checkbox').evaluateAll((boxes) =>
      boxes.map((box) => (document.querySelector(`label[for="${box.id}"]`)?.textContent ?? '').trim()),
    );
  }

  async add(scales: string[]): Promise<SurveyOverviewPage> {
    for (const scale of scales) await this.page.getByRole('group', { name: 'Which scales' }).getByRole('checkbox', { name: scale, exact: true }).check();
    return this.saveWith('Add items');
  }
}

export interface QuestionDetails {
  id?: string;
  text?: string;
  hint?: string;
  /** The words on the format's radio, like "Choose one option". */
  format?: string;
  /** One option per line, for "Choose one option". */
  options?: string;
  required?: boolean;
}

/** "Add a question to page …" or "Change question …". */
export class QuestionFormPage extends SurveyEditingPage {
  readonly name = 'survey-question-form';

  get formatGroup(): Locator {
    return this.page.getByRole('group', { name: 'How people answer' });
  }

  /** The options box that "Choose one option" reveals. */
  get options(): Locator {
    return this.page.locator('#options');
  }

  async fill(details: QuestionDetails): Promise<void> {
    if (details.id !== undefined) await this.page.getByLabel('Question id', { exact: true }).fill(details.id);
    if (details.text !== undefined) await this.page.getByLabel('Question', { exact: true }).fill(details.text);
    if (details.hint !== undefined) await this.page.getByLabel('Hint (optional)', { exact: true }).fill(details.hint);
    if (details.format !== undefined) await this.formatGroup.getByRole('radio', { name: details.format, exact: true }).check();
    if (details.options !== undefined) await this.options.fill(details.options);
    if (details.required !== undefined) await this.page.getByRole('checkbox', { name: 'Respondents must answer this question before going on' }).setChecked(details.required);
  }

  async addExpectingErrors(): Promise<QuestionFormPage> {
    await this.go(this.page.getByRole('button', { name: 'Add question', exact: true }));
    return new QuestionFormPage(this.place()).expectLoaded();
  }

  async add(): Promise<SurveyOverviewPage> {
    return this.saveWith('Add question');
  }
}

export interface ConditionRule {
  /** The question as the list shows it, like "role: Which best describes your role?". */
  question: string;
  comparison: string;
  answer?: string;
}

/** When to show a question or page: rules on answers from earlier pages. */
export class ConditionPage extends SurveyEditingPage {
  readonly name = 'survey-condition';

  /** The question ids the rules can use and their answer codes, from the table under the form. */
  async answerCodes(): Promise<Record<string, string>> {
    const rows = await this.page.getByRole('table', { name: 'Questions a rule can use, with their answer codes' }).locator('tbody tr').evaluateAll((trs) =>
      // innerText, not textContent: the codes are separated by line breaks.
      trs.map((tr) => [...tr.children].map((cell) => (cell as HTMLElement).innerText.replace(/\s+/g, ' ').trim())),
    );
    return Object.fromEntries(rows.map((cells) => [cells[0], cells[2]]));
  }

  async setRule(index: number, rule: ConditionRule): Promise<void> {
    const group = this.page.getByRole('group', { name: `Rule ${index + 1}`, exact: true });
    await group.getByLabel('When the answer to', { exact: true }).selectOption({ label: rule.question });
    await group.getByLabel('Comparison', { exact: true }).selectOption({ label: rule.comparison });
    if (rule.answer !== undefined) await group.getByLabel('Answer', { exact: true }).fill(rule.answer);
  }

  async saveExpectingErrors(): Promise<ConditionPage> {
    await this.go(this.page.locator('.govuk-button-group').getByRole('button', { name: 'Save condition', exact: true }));
    return new ConditionPage(this.place()).expectLoaded();
  }

  async save(): Promise<SurveyOverviewPage> {
    return this.saveWith('Save condition');
  }
}
