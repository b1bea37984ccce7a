import type { Page } from 'playwright-core';
import { followNavigation } from '../navigation.ts';
import { FormativePage } from './formative-page.ts';

/** A code in the codebook tree as listed: its name, its colour in words, and the names under it. */
export interface ListedCode {
  name: string;
  colour: string;
  children: string[];
}

/** An evaluation's codebook: its codes as nested lists. */
export class CodebookPage extends FormativePage {
  readonly name = 'codebook';
  readonly heading = 'Codebook';

  static async open(page: Page, slug: string): Promise<CodebookPage> {
    await page.goto(`/evaluations/${slug}/codebook`);
    return new CodebookPage(page).expectLoaded();
  }

  /** Follows the evaluation navigation's "Codebook" link from any page inside the evaluation. */
  static async fromNavigation(page: Page): Promise<CodebookPage> {
    await followNavigation(page, () => page.getByRole('navigation', { name: 'Evaluation' }).getByRole('link', { name: 'Codebook', exact: true }).click());
    return new CodebookPage(page).expectLoaded();
  }

  /** The success banner's text, if one is shown. */
  async banner(): Promise<string> {
    const banner = this.page.locator('.govuk-notification-banner__content');
    return (await banner.count()) ? ((await banner.textContent()) ?? '').replace(/\s+/g, ' ').trim() : '';
  }

  /** The top-level codes with the names of the codes directly under each. */
  async topLevel(): Promise<ListedCode[]> {
    return this.page.getByRole('list', { name: 'Codes', exact: true }).evaluate((list) => {
      const squash = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();
      return [...list.children].map((item) => ({
        name: squash(item.querySelector(':scope > a')?.textContent),
        colour: squash(item.querySelector(':scope > .codebook-swatch')?.textContent),
        children: [...item.querySelectorAll(':scope > ul > li > a')].map((a) => squash(a.textContent)),
      }));
    });
  }

  async openFrameworks(): Promise<FrameworksPage> {
    await this.go(this.page.getByRole('button', { name: 'Load a framework' }));
    return new FrameworksPage(this.page).expectLoaded();
  }
}

/** The frameworks shipped with Formative. */
export class FrameworksPage extends FormativePage {
  readonly name = 'frameworks';
  readonly heading = 'Frameworks';

  async openFramework(shortName: string, title: string): Promise<FrameworkPage> {
    await this.go(this.page.getByRole('link', { name: new RegExp(`^See the constructs of ${shortName}`) }));
    return new FrameworkPage(this.page, title).expectLoaded();
  }
}

/** One framework: its components or domains, their constructs and definitions, and the button to load it. */
export class FrameworkPage extends FormativePage {
  readonly name = 'framework';

  constructor(
    page: Page,
    readonly heading: string,
  ) {
    super(page);
  }

  /** The constructs listed under a component or domain heading. */
  async constructsOf(component: string): Promise<string[]> {
    const list = this.page.getByRole('heading', { name: component, exact: true }).locator('xpath=following-sibling::dl[1]');
    return list.locator('dt').evaluateAll((terms) => terms.map((t) => (t.firstChild?.textContent ?? '').trim()));
  }

  async load(): Promise<CodebookPage> {
    await this.go(this.page.getByRole('button', { name: /^Load .* into the codebook$/ }));
    return new CodebookPage(this.page).expectLoaded();
  }
}

/**
 * Any other page of the codebook, coding and memo screens, known by its h1: a code's page, its
 * change, merge, split and delete forms, a coding's page, memo forms and lists.
 */
export class CodebookScreen extends FormativePage {
  constructor(
    page: Page,
    readonly heading: string,
    readonly name: string,
  ) {
    super(page);
  }

  /** Follows a link or presses a button by its accessible name and checks the page reached. */
  async follow(target: { link?: string; button?: string }, heading: string, name: string): Promise<CodebookScreen> {
    const locator = target.link
      ? this.page.getByRole('link', { name: target.link, exact: true }).first()
      : this.page.getByRole('button', { name: target.button!, exact: true }).first();
    await this.go(locator);
    return new CodebookScreen(this.page, heading, name).expectLoaded();
  }

  async fill(label: string, value: string): Promise<void> {
    await this.page.getByLabel(label, { exact: true }).fill(value);
  }

  async select(label: string, option: string): Promise<void> {
    await this.page.getByLabel(label, { exact: true }).selectOption({ label: option });
  }

  async check(label: string): Promise<void> {
    await this.page.getByLabel(label, { exact: true }).check();
  }
}
