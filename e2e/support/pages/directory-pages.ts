import type { Locator, Page } from 'playwright-core';
import { readTable } from '../tables.ts';
import { EvaluationNavigation } from './evaluation-navigation.ts';
import { FormativePage } from './formative-page.ts';

/** The first import page: choose the directory file. */
export class DirectoryImportPage extends FormativePage {
  readonly name = 'directory-import';
  readonly heading = 'Import a staff directory';

  static async open(page: Page, slug: string): Promise<DirectoryImportPage> {
    await page.goto(`/evaluations/${slug}/directory/import`);
    return new DirectoryImportPage(page).expectLoaded();
  }

  async upload(file: { name: string; buffer: Buffer }): Promise<ColumnMappingPage> {
    await this.page.getByLabel('Directory file').setInputFiles({ name: file.name, mimeType: 'text/csv', buffer: file.buffer });
    await this.go(this.page.getByRole('button', { name: 'Upload and continue' }));
    return new ColumnMappingPage(this.page).expectLoaded();
  }
}

/** Which column of the file holds which detail. */
export class ColumnMappingPage extends FormativePage {
  readonly name = 'directory-import-mapping';
  readonly heading = 'Choose what each column holds';

  /** The sentence saying how the file was read. */
  async readAs(): Promise<string> {
    return ((await this.page.locator('main p.govuk-body').first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
  }

  select(label: string): Locator {
    return this.page.getByLabel(label, { exact: true });
  }

  /** The column chosen for a field, as the select shows it. */
  async chosen(label: string): Promise<string> {
    return this.select(label).evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent?.trim() ?? '');
  }

  async choose(choices: Record<string, string>): Promise<void> {
    for (const [label, column] of Object.entries(choices)) await this.select(label).selectOption({ label: column });
    await this.go(this.page.getByRole('button', { name: 'Continue to the preview' }));
  }

  async chooseExpectingErrors(choices: Record<string, string>): Promise<ColumnMappingPage> {
    await this.choose(choices);
    return new ColumnMappingPage(this.page).expectLoaded();
  }

  async chooseExpectingPreview(choices: Record<string, string>): Promise<ImportPreviewPage> {
    await this.choose(choices);
    return new ImportPreviewPage(this.page).expectLoaded();
  }
}

/** What the import would add and change. */
export class ImportPreviewPage extends FormativePage {
  readonly name = 'directory-import-preview';
  readonly heading = 'Check the import';

  /** The counts, keyed as the summary list shows them. */
  async counts(): Promise<Record<string, string>> {
    return this.page.locator('.govuk-summary-list').first().evaluate((list) => {
      const squash = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();
      return Object.fromEntries([...list.querySelectorAll('.govuk-summary-list__row')].map((row) => [squash(row.querySelector('dt')!.textContent), squash(row.querySelector('dd')!.textContent)]));
    });
  }

  async firstRows(): Promise<Record<string, string>[]> {
    return readTable(this.page.getByRole('table', { name: 'The first rows as they will be stored' }));
  }

  async importDirectory(): Promise<ImportResultPage> {
    await this.go(this.page.getByRole('button', { name: 'Import the directory' }));
    return new ImportResultPage(this.page).expectLoaded();
  }
}

export class ImportResultPage extends FormativePage {
  readonly name = 'directory-import-result';
  readonly heading = 'Directory imported';

  async reviewFindings(): Promise<CleaningPage> {
    await this.go(this.page.getByRole('button', { name: 'Review the findings' }));
    return new CleaningPage(this.page).expectLoaded();
  }
}

/** The review queue with its counts. */
export class CleaningPage extends FormativePage {
  readonly name = 'directory-cleaning';
  readonly heading = 'Directory cleaning';

  get navigation(): EvaluationNavigation {
    return new EvaluationNavigation(this.page);
  }

  /** The counts table: kind → status → number. */
  async counts(): Promise<Record<string, string>[]> {
    return readTable(this.page.getByRole('table', { name: 'Findings by kind and status' }));
  }

  async findings(): Promise<Record<string, string>[]> {
    const table = this.page.getByRole('table', { name: /^Findings(,|$)/ });
    return (await table.count()) ? readTable(table) : [];
  }

  async banner(): Promise<string> {
    const banner = this.page.locator('.govuk-notification-banner');
    return (await banner.count()) ? ((await banner.textContent()) ?? '').replace(/\s+/g, ' ').trim() : '';
  }

  async filter(kind: string): Promise<CleaningPage> {
    await this.page.getByLabel('Kind', { exact: true }).selectOption({ label: kind });
    await this.go(this.page.getByRole('button', { name: 'Show', exact: true }));
    return new CleaningPage(this.page).expectLoaded();
  }

  async open(entries: string): Promise<FindingPage> {
    await this.go(this.page.getByRole('link', { name: entries, exact: true }));
    return new FindingPage(this.page, entries).expectLoaded();
  }
}

/** One finding, its reasons and the decision form. */
export class FindingPage extends FormativePage {
  readonly name = 'directory-finding';

  constructor(
    page: Page,
    readonly heading: string,
  ) {
    super(page);
  }

  async reasons(): Promise<string[]> {
    return this.page.locator('#reasons li').allTextContents();
  }

  async decide(decision: { what: string; entry?: string; reason: string }): Promise<void> {
    await this.page.getByRole('radio', { name: decision.what }).check();
    if (decision.entry) await this.page.getByRole('group', { name: 'Which entry?' }).getByRole('radio', { name: decision.entry }).check();
    await this.page.getByLabel('Reason', { exact: true }).fill(decision.reason);
    await this.go(this.page.getByRole('button', { name: 'Record the decision' }));
  }

  async decideExpectingErrors(decision: { what: string; entry?: string; reason: string }): Promise<FindingPage> {
    await this.decide(decision);
    return new FindingPage(this.page, this.heading).expectLoaded();
  }

  async decideExpectingQueue(decision: { what: string; entry?: string; reason: string }): Promise<CleaningPage> {
    await this.decide(decision);
    return new CleaningPage(this.page).expectLoaded();
  }
}
