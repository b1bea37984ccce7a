import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { expectAccessible } from '../axe.ts';
import { followNavigation } from '../navigation.ts';
import { saveScreenshot } from '../screenshots.ts';

export interface SummaryError {
  text: string;
  /** The fragment the summary links to, like `#title`. */
  href: string;
}

const squash = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

/**
 * What every Formative page has: one h1 that says where you are, the GOV.UK error summary when a
 * form needs fixing, and (when signed in) the sign-out button. Arriving on any page checks the
 * heading and runs axe, so no page in a journey goes unchecked.
 */
export abstract class FormativePage {
  /** The page's name in screenshots and failure messages, like `sign-in`. */
  abstract readonly name: string;
  /** The text of the page's h1. */
  abstract readonly heading: string;
  /** What every title ends with after " – ": Formative, or a survey's own title on respondents' pages. */
  protected readonly titleEnd: string = 'Formative';

  constructor(readonly page: Page) {}

  get errorSummary(): Locator {
    return this.page.locator('.govuk-error-summary');
  }

  /** Checks this is the page reached (its h1, its title), runs axe, and saves a screenshot when asked to. */
  async expectLoaded(): Promise<this> {
    await this.page.waitForLoadState('load');
    const headings = this.page.locator('h1');
    expect(await headings.count(), `one h1 on ${this.name} at ${this.page.url()}`).toBe(1);
    const withErrors = (await this.errorSummary.count()) > 0;
    // A form sent back with errors is the usual reason for arriving somewhere else: say what they were.
    const problems = withErrors ? ` (errors shown: ${(await this.summaryErrors()).map((e) => e.text).join('; ')})` : '';
    expect(squash(await headings.textContent()), `the h1 at ${this.page.url()}${problems}`).toBe(this.heading);
    const title = await this.page.title();
    expect(title, 'the title starts with "Error:" exactly when the page shows errors').toMatch(withErrors ? /^Error: / : /^(?!Error: )/);
    expect(title.slice(-(this.titleEnd.length + 3)), `the end of the title "${title}"`).toBe(` – ${this.titleEnd}`);
    await expectAccessible(this.page, `${this.name} (${this.page.url()})`);
    await saveScreenshot(this.page, this.name, withErrors);
    return this;
  }

  /** The errors listed in the GOV.UK error summary, in order. */
  async summaryErrors(): Promise<SummaryError[]> {
    return this.errorSummary.locator('.govuk-error-summary__list a').evaluateAll((links) =>
      links.map((link) => ({ text: (link.textContent ?? '').replace(/\s+/g, ' ').trim(), href: link.getAttribute('href') ?? '' })),
    );
  }

  /** The error message shown beside a field, found through the field's aria-describedby. */
  async fieldError(field: Locator): Promise<string> {
    const described = (await field.getAttribute('aria-describedby')) ?? '';
    for (const id of described.split(/\s+/).filter(Boolean)) {
      const element = this.page.locator(`[id="${id}"]`);
      if (await element.evaluate((el) => el.classList.contains('govuk-error-message'))) {
        return squash(await element.textContent()).replace(/^Error:\s*/, '');
      }
    }
    return '';
  }

  /** Follows a link or presses a button by its visible name, waiting for the next page to load. */
  protected async go(target: Locator): Promise<void> {
    await followNavigation(this.page, () => target.click());
  }

  async signOut(): Promise<void> {
    await this.go(this.page.getByRole('button', { name: 'Sign out' }));
  }
}
