import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { expectAccessible } from '../axe.ts';
import { followNavigation } from '../navigation.ts';
import { readTable } from '../tables.ts';
import { FormativePage } from './formative-page.ts';

/** The list of an evaluation's sources. */
export class SourcesPage extends FormativePage {
  readonly name = 'sources';
  readonly heading = 'Sources';

  static async fromNavigation(page: Page): Promise<SourcesPage> {
    await followNavigation(page, () => page.getByRole('navigation', { name: 'Evaluation' }).getByRole('link', { name: 'Sources', exact: true }).click());
    return new SourcesPage(page).expectLoaded();
  }

  async sources(): Promise<Record<string, string>[]> {
    return readTable(this.page.getByRole('table', { name: 'Sources' }));
  }

  async openSource(name: string): Promise<CodingPage> {
    await this.go(this.page.getByRole('link', { name, exact: true }));
    return new CodingPage(this.page, name).expectLoaded();
  }
}

export interface CodingChoice {
  codes: string[];
  valence: 'Facilitating' | 'Inhibiting' | 'Mixed' | 'Neutral';
  memo?: string;
}

/** A source's text to code, with its codings listed under each paragraph and in a table. */
export class CodingPage extends FormativePage {
  get name(): string {
    return new URL(this.page.url()).searchParams.has('coded') ? 'coding-saved' : 'coding';
  }

  constructor(
    page: Page,
    readonly heading: string,
  ) {
    super(page);
  }

  get text(): Locator {
    return this.page.locator('#coding-source');
  }

  async banner(): Promise<string> {
    const banner = this.page.locator('.govuk-notification-banner__content');
    return (await banner.count()) ? ((await banner.textContent()) ?? '').replace(/\s+/g, ' ').trim() : '';
  }

  /** The codings table: number, code, valence, coded text, memo, coder. */
  async codings(): Promise<Record<string, string>[]> {
    const table = this.page.getByRole('table', { name: 'Codings on this source' });
    return (await table.count()) ? readTable(table) : [];
  }

  /** The codings listed under one paragraph, as "[1] Tension for change Facilitating". */
  async codingsUnderParagraph(index: number): Promise<string[]> {
    return this.page.locator(`#paragraph-${index} .coding-paragraph__codings li`).evaluateAll((items) => items.map((i) => (i.textContent ?? '').replace(/\s+/g, ' ').trim()));
  }

  /**
   * Puts the caret just before `text` (the one programmatic step: a browser has no keyboard command
   * to jump to a phrase), then selects the phrase with Shift and the right arrow, one key press per
   * character, as a keyboard user would.
   */
  async selectWithKeyboard(text: string): Promise<void> {
    await this.text.focus();
    await this.placeCaretBefore(text);
    for (let i = 0; i < [...text].length; i++) await this.page.keyboard.press('Shift+ArrowRight');
    expect(await this.page.evaluate(() => document.getSelection()?.toString())).toBe(text);
  }

  /** Selects `text` with a precise programmatic range, as a mouse drag would. */
  async selectWithRange(text: string): Promise<void> {
    await this.page.evaluate((wanted) => {
      const walker = document.createTreeWalker(document.getElementById('coding-source')!, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent!.indexOf(wanted);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + wanted.length);
        document.getSelection()!.removeAllRanges();
        document.getSelection()!.addRange(range);
        return;
      }
      throw new Error(`"${wanted}" is not in one piece of the text`);
    }, text);
  }

  private async placeCaretBefore(text: string): Promise<void> {
    await this.page.evaluate((wanted) => {
      const walker = document.createTreeWalker(document.getElementById('coding-source')!, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent!.indexOf(wanted);
        if (at >= 0) return document.getSelection()!.collapse(node, at);
      }
      throw new Error(`"${wanted}" is not in one piece of the text`);
    }, text);
  }

  /** Presses the keyboard shortcut (C) in the text and waits for the code panel. */
  async openPanelWithShortcut(): Promise<CodingPanel> {
    await this.page.keyboard.press('c');
    return this.panel();
  }

  async openPanelWithButton(): Promise<CodingPanel> {
    await this.page.getByRole('button', { name: 'Code selected text' }).click();
    return this.panel();
  }

  private async panel(): Promise<CodingPanel> {
    const dialog = this.page.getByRole('dialog', { name: 'Code the selected text' });
    await dialog.waitFor({ state: 'visible' });
    await expectAccessible(this.page, 'the code panel');
    return new CodingPanel(this, dialog);
  }

  async codeParagraph(index: number): Promise<ParagraphPage> {
    await this.go(this.page.locator(`#paragraph-${index}`).getByRole('link', { name: /^Code this paragraph/ }));
    return new ParagraphPage(this.page).expectLoaded();
  }

  /** The coding page has no evaluation navigation (the text gets the full width): back through the breadcrumbs. */
  async backToSources(): Promise<SourcesPage> {
    await this.go(this.page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Sources', exact: true }));
    return new SourcesPage(this.page).expectLoaded();
  }

  async reloaded(): Promise<CodingPage> {
    return new CodingPage(this.page, this.heading).expectLoaded();
  }
}

/** The dialog in which codes are chosen for a selection. */
export class CodingPanel {
  constructor(
    private readonly coding: CodingPage,
    readonly dialog: Locator,
  ) {}

  async selectionShown(): Promise<string> {
    return ((await this.dialog.locator('#coding-panel-selection').textContent()) ?? '').trim();
  }

  async choose({ codes, valence, memo }: CodingChoice): Promise<void> {
    for (const code of codes) {
      await this.dialog.getByLabel('Find a code').fill(code);
      await this.dialog.getByRole('checkbox', { name: code, exact: true }).check();
    }
    await this.dialog.getByLabel('Find a code').fill('');
    await this.dialog.getByRole('group', { name: 'Valence' }).getByLabel(valence, { exact: true }).check();
    if (memo !== undefined) await this.dialog.getByLabel('Memo (optional)').fill(memo);
  }

  async save(): Promise<CodingPage> {
    await followNavigation(this.coding.page, () => this.dialog.getByRole('button', { name: 'Save coding' }).click());
    return this.coding.reloaded();
  }

  /** Closes the panel with Escape. */
  async escape(): Promise<void> {
    await this.coding.page.keyboard.press('Escape');
    await this.dialog.waitFor({ state: 'hidden' });
  }
}

/** The form that codes a whole paragraph, which works without JavaScript. */
export class ParagraphPage extends FormativePage {
  readonly name = 'code-paragraph';
  readonly heading = 'Code this paragraph';

  async paragraphText(): Promise<string> {
    return (await this.page.locator('#paragraph-text').textContent()) ?? '';
  }

  async code({ codes, valence, memo }: CodingChoice, sourceName: string): Promise<CodingPage> {
    for (const code of codes) await this.page.getByRole('checkbox', { name: code, exact: true }).check();
    await this.page.getByRole('group', { name: 'Valence' }).getByLabel(valence, { exact: true }).check();
    if (memo !== undefined) await this.page.getByLabel('Memo (optional)').fill(memo);
    await this.go(this.page.getByRole('button', { name: 'Save coding' }));
    return new CodingPage(this.page, sourceName).expectLoaded();
  }
}
