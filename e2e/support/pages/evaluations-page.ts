import type { Page } from 'playwright-core';
import { readTable } from '../tables.ts';
import { FormativePage } from './formative-page.ts';
import { NewEvaluationPage } from './new-evaluation-page.ts';
import { EvaluationOverviewPage } from './evaluation-overview-page.ts';

/** The signed-in user's list of evaluations. */
export class EvaluationsPage extends FormativePage {
  readonly name = 'evaluations';
  readonly heading = 'Your evaluations';

  static async open(page: Page): Promise<EvaluationsPage> {
    await page.goto('/evaluations');
    return new EvaluationsPage(page).expectLoaded();
  }

  /** The current (not archived) evaluations as listed: title, organisation, dates, role. */
  async current(): Promise<Record<string, string>[]> {
    const table = this.page.getByRole('table', { name: 'Current' });
    return (await table.count()) ? readTable(table) : [];
  }

  async startNewEvaluation(): Promise<NewEvaluationPage> {
    await this.go(this.page.getByRole('button', { name: 'Create an evaluation' }));
    return new NewEvaluationPage(this.page).expectLoaded();
  }

  async openEvaluation(title: string): Promise<EvaluationOverviewPage> {
    await this.go(this.page.getByRole('link', { name: title, exact: true }));
    return new EvaluationOverviewPage(this.page, title).expectLoaded();
  }
}
