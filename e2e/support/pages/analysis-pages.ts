import type { Locator, Page } from 'playwright-core';
import { followNavigation } from '../navigation.ts';
import { FormativePage } from './formative-page.ts';

/** The analysis index: the evaluation's surveys, each leading to its results. */
export class AnalysisPage extends FormativePage {
  readonly name = 'analysis';
  readonly heading = 'Analysis';

  static async open(page: Page, slug: string): Promise<AnalysisPage> {
    await followNavigation(page, () => page.goto(`/evaluations/${slug}/analysis`));
    return new AnalysisPage(page).expectLoaded();
  }

  async openResults(surveyTitle: string): Promise<ResultsPage> {
    await this.go(this.page.getByRole('link', { name: surveyTitle, exact: true }));
    return new ResultsPage(this.page).expectLoaded();
  }
}

/** Shared by the pages that show charts: each chart is an image named by its caption, with a data table. */
abstract class ChartsPage extends FormativePage {
  /** The accessible names of the charts (caption and summary). */
  async chartNames(): Promise<string[]> {
    return this.page.locator('svg[role="img"]').evaluateAll((charts) =>
      charts.map((svg) =>
        (svg.getAttribute('aria-labelledby') ?? '')
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent?.trim() ?? '')
          .join(' '),
      ),
    );
  }

  tableCaptioned(caption: string | RegExp): Locator {
    return this.page.locator('table').filter({ has: this.page.locator('caption', { hasText: caption }) });
  }
}

/** A survey's results: scale scores with alpha, groups, item tables and charts. */
export class ResultsPage extends ChartsPage {
  readonly name = 'analysis-results';
  readonly heading = 'Results';

  async showBy(label: string): Promise<ResultsPage> {
    await this.page.getByLabel('Show results by').selectOption({ label });
    await this.go(this.page.getByRole('button', { name: 'Show' }));
    return new ResultsPage(this.page).expectLoaded();
  }

  /** The scale scores table's rows as text cells. */
  async scaleRows(): Promise<string[][]> {
    return this.page.locator('table').first().locator('tbody tr').evaluateAll((rows) => rows.map((row) => [...row.children].map((cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim())));
  }

  async compareGroups(): Promise<ComparePage> {
    await this.go(this.page.getByRole('link', { name: 'Compare groups', exact: true }));
    return new ComparePage(this.page).expectLoaded();
  }
}

export class ComparePage extends ChartsPage {
  readonly name = 'analysis-compare';
  readonly heading = 'Compare groups';

  async compare(by: string, chartOf: string): Promise<ComparePage> {
    await this.page.getByLabel('Compare by').selectOption({ label: by });
    await this.page.getByLabel('Chart of').selectOption({ label: chartOf });
    await this.go(this.page.getByRole('button', { name: 'Compare' }));
    return new ComparePage(this.page).expectLoaded();
  }

  async testsText(): Promise<string> {
    return ((await this.page.locator('table').first().textContent()) ?? '').replace(/\s+/g, ' ');
  }
}

/** Upload, map columns, import: an existing data set brought into a survey. */
export class DatasetUploadPage extends FormativePage {
  readonly name = 'dataset-upload';
  readonly heading = 'Import an existing data set';

  static async open(page: Page, path: string): Promise<DatasetUploadPage> {
    await followNavigation(page, () => page.goto(path));
    return new DatasetUploadPage(page).expectLoaded();
  }

  async upload(file: { name: string; mimeType: string; buffer: Buffer }): Promise<DatasetMappingPage> {
    await this.page.getByLabel('Data set', { exact: true }).setInputFiles(file);
    await this.go(this.page.getByRole('button', { name: 'Upload and map columns' }));
    return new DatasetMappingPage(this.page).expectLoaded();
  }
}

export class DatasetMappingPage extends FormativePage {
  readonly name = 'dataset-mapping';
  readonly heading = 'Which question does each column answer?';

  /** The question chosen for a column, as the select shows it. */
  async chosenFor(column: string): Promise<string> {
    return this.page.getByLabel(`Question for column ${column}`, { exact: true }).evaluate((select) => {
      const s = select as HTMLSelectElement;
      return s.options[s.selectedIndex]?.value ?? '';
    });
  }

  async choose(column: string, questionId: string): Promise<void> {
    await this.page.getByLabel(`Question for column ${column}`, { exact: true }).selectOption(questionId);
  }

  async importExpectingErrors(): Promise<DatasetMappingPage> {
    await this.go(this.page.getByRole('button', { name: 'Import data set' }));
    return new DatasetMappingPage(this.page).expectLoaded();
  }

  async import(): Promise<DatasetDonePage> {
    await this.go(this.page.getByRole('button', { name: 'Import data set' }));
    return new DatasetDonePage(this.page).expectLoaded();
  }
}

export class DatasetDonePage extends FormativePage {
  readonly name = 'dataset-done';
  readonly heading = 'Data set imported';

  async panelText(): Promise<string> {
    return ((await this.page.locator('.govuk-panel').textContent()) ?? '').replace(/\s+/g, ' ').trim();
  }
}
