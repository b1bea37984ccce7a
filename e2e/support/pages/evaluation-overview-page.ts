import type { Page } from 'playwright-core';
import { FormativePage } from './formative-page.ts';
import { EvaluationNavigation } from './evaluation-navigation.ts';

/** An evaluation's front page, headed with its title, with the evaluation's own navigation beside it. */
export class EvaluationOverviewPage extends FormativePage {
  readonly name = 'evaluation-overview';

  constructor(
    page: Page,
    readonly heading: string,
  ) {
    super(page);
  }

  static async open(page: Page, slug: string, title: string): Promise<EvaluationOverviewPage> {
    await page.goto(`/evaluations/${slug}`);
    return new EvaluationOverviewPage(page, title).expectLoaded();
  }

  /** The value beside a key in the summary list, like "Commissioner". */
  async detail(key: string): Promise<string> {
    const row = this.page.locator('.govuk-summary-list__row').filter({ has: this.page.locator('dt', { hasText: key }) });
    return ((await row.locator('dd').first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
  }

  /** The evaluation's short name, as used in its web addresses. */
  slug(): string {
    const match = /^\/evaluations\/([^/?#]+)/.exec(new URL(this.page.url()).pathname);
    if (!match?.[1]) throw new Error(`${this.page.url()} is not an evaluation's address`);
    return match[1];
  }

  get navigation(): EvaluationNavigation {
    return new EvaluationNavigation(this.page);
  }
}
