import type { Locator, Page } from 'playwright-core';
import { readTable } from '../tables.ts';
import { EvaluationNavigation } from './evaluation-navigation.ts';
import { FormativePage } from './formative-page.ts';
import { NewPersonPage } from './new-person-page.ts';

/** The staff directory, with its search. */
export class PeoplePage extends FormativePage {
  get name(): string {
    return new URL(this.page.url()).searchParams.get('q') ? 'staff-directory-search' : 'staff-directory';
  }
  readonly heading = 'Staff directory';

  get navigation(): EvaluationNavigation {
    return new EvaluationNavigation(this.page);
  }

  static async open(page: Page, slug: string): Promise<PeoplePage> {
    await page.goto(`/evaluations/${slug}/people`);
    return new PeoplePage(page).expectLoaded();
  }

  get searchBox(): Locator {
    return this.page.getByLabel('Search by name, e-mail or job title');
  }

  /** The people listed now: name, job title, unit, region, e-mail, last checked. */
  async people(): Promise<Record<string, string>[]> {
    const table = this.page.getByRole('table', { name: /^People/ });
    return (await table.count()) ? readTable(table) : [];
  }

  /** The sentence saying how many people are in the directory or match the search. */
  async count(): Promise<string> {
    return ((await this.page.locator('#people-count').textContent()) ?? '').replace(/\s+/g, ' ').trim();
  }

  async search(text: string): Promise<PeoplePage> {
    await this.searchBox.fill(text);
    await this.go(this.page.getByRole('button', { name: 'Search', exact: true }));
    return new PeoplePage(this.page).expectLoaded();
  }

  /** Clears the search, from the link shown under a search. */
  async showEveryone(): Promise<PeoplePage> {
    await this.go(this.page.getByRole('link', { name: 'Show everyone', exact: true }));
    return new PeoplePage(this.page).expectLoaded();
  }

  async startNewPerson(): Promise<NewPersonPage> {
    await this.go(this.page.getByRole('button', { name: 'Add a person' }));
    return new NewPersonPage(this.page).expectLoaded();
  }
}
