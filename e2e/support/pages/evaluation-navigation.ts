import type { Locator, Page } from 'playwright-core';
import { followNavigation } from '../navigation.ts';
import { EvaluationOverviewPage } from './evaluation-overview-page.ts';
import { PeoplePage } from './people-page.ts';
import { UnitsPage } from './units-page.ts';

/** The navigation beside every page inside an evaluation, headed with the evaluation's title. */
export class EvaluationNavigation {
  constructor(private readonly page: Page) {}

  get region(): Locator {
    return this.page.getByRole('navigation', { name: 'Evaluation' });
  }

  /** The evaluation's title, as the navigation's heading shows it. */
  async evaluationTitle(): Promise<string> {
    return ((await this.region.getByRole('heading').textContent()) ?? '').replace(/\s+/g, ' ').trim();
  }

  /** The link marked as the current page, if any. */
  async current(): Promise<string | undefined> {
    const link = this.region.locator('a[aria-current="page"]');
    return (await link.count()) ? ((await link.textContent()) ?? '').trim() : undefined;
  }

  private async follow(name: string): Promise<void> {
    await followNavigation(this.page, () => this.region.getByRole('link', { name, exact: true }).click());
  }

  async overview(): Promise<EvaluationOverviewPage> {
    const title = await this.evaluationTitle();
    await this.follow('Overview');
    return new EvaluationOverviewPage(this.page, title).expectLoaded();
  }

  async organisation(): Promise<UnitsPage> {
    await this.follow('Organisation');
    return new UnitsPage(this.page).expectLoaded();
  }

  async staffDirectory(): Promise<PeoplePage> {
    await this.follow('Staff directory');
    return new PeoplePage(this.page).expectLoaded();
  }
}
