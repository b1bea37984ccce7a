import type { Page } from 'playwright-core';
import { followNavigation } from '../navigation.ts';
import { readTable } from '../tables.ts';
import { FormativePage } from './formative-page.ts';
import { SurveyImportPage } from './survey-import-page.ts';
import { SurveyOverviewPage } from './survey-overview-page.ts';
import { SurveySettingsPage } from './survey-settings-page.ts';

/** An evaluation's surveys: the list, and the buttons to create or import one. */
export class SurveysPage extends FormativePage {
  readonly name = 'surveys';
  readonly heading = 'Surveys';

  static async open(page: Page, slug: string): Promise<SurveysPage> {
    await page.goto(`/evaluations/${slug}/surveys`);
    return new SurveysPage(page).expectLoaded();
  }

  /** Follows the evaluation navigation's "Surveys" link from any page inside the evaluation. */
  static async fromNavigation(page: Page): Promise<SurveysPage> {
    await followNavigation(page, () => page.getByRole('navigation', { name: 'Evaluation' }).getByRole('link', { name: 'Surveys', exact: true }).click());
    return new SurveysPage(page).expectLoaded();
  }

  /** The surveys as listed: title, purpose, wave, anonymity, status, counts and public link. */
  async surveys(): Promise<Record<string, string>[]> {
    const table = this.page.getByRole('table', { name: 'Surveys in this evaluation' });
    return (await table.count()) ? readTable(table) : [];
  }

  async startNewSurvey(): Promise<SurveySettingsPage> {
    await this.go(this.page.getByRole('button', { name: 'Create a survey' }));
    return new SurveySettingsPage(this.page, 'Create a survey').expectLoaded();
  }

  async startImport(): Promise<SurveyImportPage> {
    await this.go(this.page.getByRole('button', { name: 'Import a survey' }));
    return new SurveyImportPage(this.page).expectLoaded();
  }

  async openSurvey(title: string, status: string): Promise<SurveyOverviewPage> {
    await this.go(this.page.getByRole('link', { name: title, exact: true }));
    return new SurveyOverviewPage(this.page, title, status).expectLoaded();
  }
}
