import type { Page } from 'playwright-core';
import { fillDate, type DateParts } from './dates.ts';
import { FormativePage } from './formative-page.ts';

/** Pages of the privacy work: consent, withdrawal with its confirmation, retention. Known by their h1. */
export class PrivacyScreen extends FormativePage {
  constructor(
    page: Page,
    readonly heading: string,
    readonly name: string,
  ) {
    super(page);
  }

  static async open(page: Page, path: string, heading: string, name: string): Promise<PrivacyScreen> {
    await page.goto(path);
    return new PrivacyScreen(page, heading, name).expectLoaded();
  }

  /** Follows a link or presses a button by its visible name and checks the page reached. */
  async follow(target: { link?: string; button?: string }, heading: string, name: string): Promise<PrivacyScreen> {
    const locator = target.link ? this.page.getByRole('link', { name: target.link }).first() : this.page.getByRole('button', { name: target.button!, exact: true }).first();
    await this.go(locator);
    return new PrivacyScreen(this.page, heading, name).expectLoaded();
  }

  async warning(): Promise<string> {
    return ((await this.page.locator('.govuk-warning-text').first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
  }

  async tick(label: string): Promise<void> {
    await this.page.getByLabel(label, { exact: true }).check();
  }

  async fill(label: string, value: string): Promise<void> {
    await this.page.getByLabel(label, { exact: true }).fill(value);
  }

  async date(legend: string, date: DateParts): Promise<void> {
    await fillDate(this.page.getByRole('group', { name: legend }), date);
  }

  /** The rows of a two-column table of counts, as "label: number". */
  async counts(tableId: string): Promise<string[]> {
    return this.page.locator(`#${tableId} tbody tr`).evaluateAll((rows) => rows.map((r) => `${r.querySelector('th')?.textContent?.trim()}: ${r.querySelector('td')?.textContent?.trim()}`));
  }
}
