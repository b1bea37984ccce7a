import type { Locator } from 'playwright-core';
import { readTable } from '../tables.ts';
import { FormativePage } from './formative-page.ts';

export interface ImportChoices {
  /** The file to upload, a path on this machine. */
  file?: string;
  title?: string;
  purpose?: 'Pre-test' | 'Pilot' | 'Main survey';
}

/** The form that uploads a LimeSurvey .lss or a REDCap dictionary. */
export class SurveyImportPage extends FormativePage {
  readonly name = 'survey-import';
  readonly heading = 'Import a survey';

  get file(): Locator {
    return this.page.getByLabel('File', { exact: true });
  }

  async fill(choices: ImportChoices): Promise<void> {
    if (choices.file !== undefined) await this.file.setInputFiles(choices.file);
    if (choices.title !== undefined) await this.page.getByLabel('Title (optional)', { exact: true }).fill(choices.title);
    if (choices.purpose) await this.page.getByRole('group', { name: 'What is this survey for?' }).getByRole('radio', { name: choices.purpose, exact: true }).check();
  }

  async importExpectingErrors(choices: ImportChoices = {}): Promise<SurveyImportPage> {
    await this.fill(choices);
    await this.go(this.page.getByRole('button', { name: 'Import survey' }));
    return new SurveyImportPage(this.page).expectLoaded();
  }

  async import(choices: ImportChoices): Promise<SurveyImportResultPage> {
    await this.fill(choices);
    await this.go(this.page.getByRole('button', { name: 'Import survey' }));
    return new SurveyImportResultPage(this.page).expectLoaded();
  }
}

/** What an import brought in, and a table of every part of the file left out, with the reason. */
export class SurveyImportResultPage extends FormativePage {
  readonly name = 'survey-imported';
  readonly heading = 'Survey imported';

  /** The new survey's title, under the panel's heading. */
  async importedTitle(): Promise<string> {
    return ((await this.page.locator('.govuk-panel__body').textContent()) ?? '').replace(/\s+/g, ' ').trim();
  }

  async detail(key: string): Promise<string> {
    const row = this.page.locator('.govuk-summary-list__row').filter({ has: this.page.locator('dt', { hasText: new RegExp(`^\\s*${key}\\s*$`) }) });
    return ((await row.locator('dd').first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
  }

  /** The heading over the list of what was left out, like "Not imported (12)". */
  async notImportedHeading(): Promise<string> {
    return ((await this.page.locator('#not-imported').textContent()) ?? '').replace(/\s+/g, ' ').trim();
  }

  /** Each part left out: What, Name and Why. */
  async notImported(): Promise<Record<string, string>[]> {
    const table = this.page.getByRole('table', { name: 'Parts of the file that were not imported' });
    return (await table.count()) ? readTable(table) : [];
  }

  async importAnother(): Promise<SurveyImportPage> {
    await this.go(this.page.getByRole('button', { name: 'Import another file' }));
    return new SurveyImportPage(this.page).expectLoaded();
  }
}
