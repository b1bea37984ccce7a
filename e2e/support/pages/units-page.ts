import type { Page } from 'playwright-core';
import { readTable } from '../tables.ts';
import { EvaluationNavigation } from './evaluation-navigation.ts';
import { FormativePage } from './formative-page.ts';
import { NewUnitPage } from './new-unit-page.ts';

/** The organisation being evaluated: its units in one table per kind (Programmes, Regions ...). */
export class UnitsPage extends FormativePage {
  readonly name = 'units';
  readonly heading = 'Organisation';

  get navigation(): EvaluationNavigation {
    return new EvaluationNavigation(this.page);
  }

  static async open(page: Page, slug: string): Promise<UnitsPage> {
    await page.goto(`/evaluations/${slug}/units`);
    return new UnitsPage(page).expectLoaded();
  }

  /** The units in the table captioned `kind` (like "Programmes"): name, short name, what it is part of. */
  async units(kind: string): Promise<Record<string, string>[]> {
    const table = this.page.getByRole('table', { name: kind, exact: true });
    return (await table.count()) ? readTable(table) : [];
  }

  async startNewUnit(): Promise<NewUnitPage> {
    await this.go(this.page.getByRole('button', { name: 'Add a unit' }));
    return new NewUnitPage(this.page).expectLoaded();
  }
}
