import type { Locator, Page } from 'playwright-core';
import { followNavigation } from '../navigation.ts';
import { FormativePage } from './formative-page.ts';

/**
 * Any page known only by its name and h1, for journeys through pages that need no helpers of their
 * own: arriving checks the heading and title and runs axe, as on every page.
 */
export class HeadedPage extends FormativePage {
  constructor(
    page: Page,
    readonly name: string,
    readonly heading: string,
  ) {
    super(page);
  }

  /** Follows a link or presses a button, and checks the page it arrives on. */
  async to(target: Locator, name: string, heading: string): Promise<HeadedPage> {
    await followNavigation(this.page, () => target.click());
    return new HeadedPage(this.page, name, heading).expectLoaded();
  }

  /** A link, or a link drawn as a GOV.UK button (which has the role of a button). */
  link(name: string): Locator {
    return this.page.getByRole('link', { name, exact: true }).or(this.page.getByRole('button', { name, exact: true }));
  }

  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  /** The main content's text with its white space squashed, for checking what a page says. */
  async text(): Promise<string> {
    return (await this.page.locator('main').innerText()).replace(/\s+/g, ' ');
  }
}
