import type { Page } from 'playwright-core';
import { readTable } from '../tables.ts';
import { DrawSamplePage } from './draw-sample-page.ts';
import { FormativePage } from './formative-page.ts';

/** One frozen frame: its size, what was left out and why, and how its people spread. */
export class FramePage extends FormativePage {
  readonly name = 'sampling-frame';

  constructor(
    page: Page,
    readonly heading: string,
  ) {
    super(page);
  }

  /** The summary list at the top, as key → value. */
  async summary(): Promise<Record<string, string>> {
    return this.page.locator('.govuk-summary-list').first().evaluate((list) =>
      Object.fromEntries([...list.querySelectorAll('.govuk-summary-list__row')].map((row) => [
        (row.querySelector('dt')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
        (row.querySelector('dd')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
      ])),
    );
  }

  /** The table captioned `caption`, like "Left out of the frame" or "People by programme". */
  async table(caption: string): Promise<Record<string, string>[]> {
    return readTable(this.page.getByRole('table', { name: caption, exact: true }));
  }

  async startDrawing(): Promise<DrawSamplePage> {
    await this.go(this.page.getByRole('button', { name: 'Draw a sample' }));
    return new DrawSamplePage(this.page).expectLoaded();
  }
}
