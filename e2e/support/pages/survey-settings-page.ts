import type { Locator, Page } from 'playwright-core';
import { fillDate, type DateParts } from './dates.ts';
import { FormativePage } from './formative-page.ts';
import { SurveyOverviewPage } from './survey-overview-page.ts';

/** An opening or closing moment: a GOV.UK date input and an optional time (UTC). */
export interface Moment extends DateParts {
  time?: string;
}

/** The settings as the form asks for them, by the words on its radios and lists. */
export interface SurveySettings {
  title?: string;
  purpose?: 'Pre-test' | 'Pilot' | 'Main survey';
  anonymity?: 'Anonymous' | 'Confidential' | 'Identified';
  access?: 'Anyone with the survey link' | 'Personal invitations only';
  opensAt?: Moment;
  closesAt?: Moment;
  /** An instrument's name, or "None: start with an empty page" (only when creating). */
  instrument?: string;
  layout?: 'One page for each scale' | 'A fixed number of items on each page';
  perPage?: string;
}

/** The survey settings form: "Create a survey", or "Survey settings" when changing one. */
export class SurveySettingsPage extends FormativePage {
  readonly name = 'survey-settings';

  constructor(
    page: Page,
    readonly heading: 'Create a survey' | 'Survey settings',
  ) {
    super(page);
  }

  get title(): Locator {
    return this.page.getByLabel('Title', { exact: true });
  }

  private radio(group: string, label: string): Locator {
    return this.page.getByRole('group', { name: group, exact: true }).getByRole('radio', { name: label, exact: true });
  }

  get opensAt(): Locator {
    return this.page.getByRole('group', { name: 'Opening date (optional)' });
  }

  get closesAt(): Locator {
    return this.page.getByRole('group', { name: 'Closing date (optional)' });
  }

  /** The box for the number of items on each page, revealed by its radio when JavaScript runs. */
  get perPage(): Locator {
    return this.page.getByLabel('Items on each page', { exact: true });
  }

  async chooseLayout(layout: NonNullable<SurveySettings['layout']>): Promise<void> {
    await this.radio('How to split the items into pages', layout).check();
  }

  async fill(settings: SurveySettings): Promise<void> {
    if (settings.title !== undefined) await this.title.fill(settings.title);
    if (settings.purpose) await this.radio('Purpose', settings.purpose).check();
    if (settings.anonymity) await this.radio('What you promise respondents', settings.anonymity).check();
    if (settings.access) await this.radio('Who can answer', settings.access).check();
    for (const [group, moment] of [[this.opensAt, settings.opensAt], [this.closesAt, settings.closesAt]] as const) {
      if (!moment) continue;
      await fillDate(group, moment);
      if (moment.time !== undefined) await group.getByLabel('Time (optional)', { exact: true }).fill(moment.time);
    }
    if (settings.instrument) await this.page.getByLabel('Instrument', { exact: true }).selectOption({ label: settings.instrument });
    if (settings.layout) await this.chooseLayout(settings.layout);
    if (settings.perPage !== undefined) await this.perPage.fill(settings.perPage);
  }

  private async send(): Promise<void> {
    await this.go(this.page.getByRole('button', { name: this.heading === 'Create a survey' ? 'Create survey' : 'Save settings' }));
  }

  async sendExpectingErrors(): Promise<SurveySettingsPage> {
    await this.send();
    return new SurveySettingsPage(this.page, this.heading).expectLoaded();
  }

  /** Creates the survey: its overview follows, headed with its title and "Draft". */
  async create(title: string): Promise<SurveyOverviewPage> {
    await this.send();
    return new SurveyOverviewPage(this.page, title, 'Draft').expectLoaded();
  }

  /** Saves changed settings: back to the overview, headed with the title and the status. */
  async save(title: string, status: string): Promise<SurveyOverviewPage> {
    await this.send();
    return new SurveyOverviewPage(this.page, title, status).expectLoaded();
  }
}
