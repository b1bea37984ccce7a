import type { Page } from 'playwright-core';
import { readTable } from '../tables.ts';
import { FormativePage } from './formative-page.ts';

/** Uploading a plan file. */
export class PlanImportPage extends FormativePage {
  readonly name = 'plan-import';
  readonly heading = 'Import plans';

  static async open(page: Page, slug: string): Promise<PlanImportPage> {
    await page.goto(`/evaluations/${slug}/plans/import`);
    return new PlanImportPage(page).expectLoaded();
  }

  async upload(file: { name: string; mimeType: string; buffer: Buffer }): Promise<PlanImportCheckPage> {
    await this.page.getByLabel('Plan file').setInputFiles(file);
    await this.go(this.page.getByRole('button', { name: 'Upload and check' }));
    return new PlanImportCheckPage(this.page, file.name).expectLoaded();
  }
}

/** A staged plan file: rows with problems, names to map, what the import adds. */
export class PlanImportCheckPage extends FormativePage {
  readonly name = 'plan-import-check';
  readonly heading: string;

  constructor(page: Page, fileName: string) {
    super(page);
    this.heading = `Import ${fileName}`;
  }

  /** The label of each select for a name that matched no unit. */
  async unmatchedNames(): Promise<string[]> {
    return this.page.locator('form[action$="/mapping"] label').evaluateAll((labels) => labels.map((l) => (l.textContent ?? '').trim()));
  }

  async mapName(name: string, unit: string): Promise<void> {
    await this.page.getByLabel(`“${name}”`).selectOption({ label: unit });
  }

  async saveMatches(): Promise<PlanImportCheckPage> {
    await this.go(this.page.getByRole('button', { name: 'Save the matches' }));
    return new PlanImportCheckPage(this.page, this.heading.replace(/^Import /, '')).expectLoaded();
  }

  async importButton(): Promise<string[]> {
    return (await this.page.getByRole('button', { name: /^Import \d/ }).allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
  }

  async commit(): Promise<PlansPage> {
    await this.go(this.page.getByRole('button', { name: /^Import \d/ }));
    return new PlansPage(this.page).expectLoaded();
  }
}

export class PlansPage extends FormativePage {
  readonly name = 'plans';
  readonly heading = 'Plans and deliverables';

  async banner(): Promise<string> {
    return ((await this.page.locator('.govuk-notification-banner__content').textContent()) ?? '').replace(/\s+/g, ' ').trim();
  }

  async openAnalysis(): Promise<PlanAnalysisPage> {
    await this.go(this.page.getByRole('link', { name: 'Analysis: programmes, cross-cutting work and themes' }));
    return new PlanAnalysisPage(this.page).expectLoaded();
  }
}

export class PlanAnalysisPage extends FormativePage {
  readonly name = 'plan-analysis';
  readonly heading = 'Analysis of plans';

  async table(caption: string): Promise<Record<string, string>[]> {
    return readTable(this.page.getByRole('table', { name: caption }));
  }
}
