import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { readTable } from '../tables.ts';
import { FormativePage } from './formative-page.ts';

/** A file the browser downloaded: the name the server gave it and its bytes. */
export interface DownloadedFile {
  fileName: string;
  content: Buffer;
}

/** The export form: a format, codes or labels, which responses, and the Download button. */
export class SurveyExportPage extends FormativePage {
  readonly name = 'survey-export';
  readonly heading = 'Export responses';

  constructor(
    page: Page,
    readonly surveyTitle: string,
  ) {
    super(page);
  }

  /** The sentence counting the responses, like "This survey has 2 complete and 0 partial responses." */
  async counts(): Promise<string> {
    return ((await this.page.locator('main h1 + p').textContent()) ?? '').replace(/\s+/g, ' ').trim();
  }

  /** Chooses a format by the words on its radio and downloads it, as a browser saves a file. */
  async download(format: string, options: { labels?: boolean; partial?: boolean } = {}): Promise<DownloadedFile> {
    await this.page.getByRole('group', { name: 'Format' }).getByRole('radio', { name: format, exact: true }).check();
    if (options.labels !== undefined) {
      await this.page.getByRole('group', { name: 'Answers as' }).getByRole('radio', { name: options.labels ? /^Labels/ : /^Codes/ }).check();
    }
    if (options.partial !== undefined) await this.page.getByRole('checkbox', { name: 'Include partial responses' }).setChecked(options.partial);
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByRole('button', { name: 'Download' }).click()]);
    const failure = await download.failure();
    if (failure) throw new Error(`The ${format} download failed: ${failure}`);
    return { fileName: download.suggestedFilename(), content: await readFile(await download.path()) };
  }

  async readCodebook(): Promise<SurveyCodebookPage> {
    await this.go(this.page.getByRole('link', { name: 'Read the codebook' }));
    return new SurveyCodebookPage(this.page, this.surveyTitle).expectLoaded();
  }
}

/** The codebook as a page: every variable, its question, values, missing codes and scales. */
export class SurveyCodebookPage extends FormativePage {
  readonly name = 'survey-codebook';
  readonly heading = 'Codebook';

  constructor(
    page: Page,
    readonly surveyTitle: string,
  ) {
    super(page);
  }

  async variables(): Promise<Record<string, string>[]> {
    return readTable(this.page.getByRole('table', { name: `Variables of ${this.surveyTitle}` }));
  }
}
