import type { Page } from 'playwright-core';
import { FormativePage } from './formative-page.ts';

/** The REFI-QDA exchange page: downloads for other QDA software, and the .qdpx upload form. */
export class ExchangePage extends FormativePage {
  readonly name = 'qdpx-exchange';
  readonly heading = 'Exchange with other QDA software';

  static async open(page: Page, slug: string): Promise<ExchangePage> {
    await page.goto(`/evaluations/${slug}/qualitative/exchange`);
    return new ExchangePage(page).expectLoaded();
  }

  /** Chooses a file and sends the form; the caller says which page it expects next. */
  async upload(file: { name: string; buffer: Buffer }): Promise<void> {
    await this.page.getByLabel('Project file').setInputFiles({ name: file.name, mimeType: 'application/octet-stream', buffer: file.buffer });
    await this.go(this.page.getByRole('button', { name: 'Import project' }));
  }

  async uploadExpectingErrors(file: { name: string; buffer: Buffer }): Promise<ExchangePage> {
    await this.upload(file);
    return new ExchangePage(this.page).expectLoaded();
  }

  async uploadExpectingReport(file: { name: string; buffer: Buffer }): Promise<ImportReportPage> {
    await this.upload(file);
    return new ImportReportPage(this.page).expectLoaded();
  }

  /** Clicks a download button and returns the name the browser is offered. */
  async download(button: string): Promise<string> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByRole('button', { name: button }).click()]);
    return download.suggestedFilename();
  }
}

/** What an import brought in and what it left out. */
export class ImportReportPage extends FormativePage {
  readonly name = 'qdpx-import-report';
  readonly heading = 'Project imported';

  /** The not-imported table as "what: name" lines. */
  async notImported(): Promise<string[]> {
    return this.page.getByRole('table', { name: 'Parts of the project that were not imported' }).locator('tbody tr').evaluateAll((rows) =>
      rows.map((row) => [...row.children].slice(0, 2).map((cell) => (cell.textContent ?? '').trim()).join(': ')),
    );
  }
}
