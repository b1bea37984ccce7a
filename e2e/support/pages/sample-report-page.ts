import type { Page } from 'playwright-core';
import { readTable } from '../tables.ts';
import { FormativePage } from './formative-page.ts';

/** A drawn sample's report: sizes, and the sample per stratum. */
export class SampleReportPage extends FormativePage {
  readonly name = 'sample-report';

  constructor(
    page: Page,
    readonly heading: string,
  ) {
    super(page);
  }

  /** Frame size, left out, available and sample size, as the page words them. */
  async sizes(): Promise<Record<string, string>> {
    return this.page.locator('#sample-sizes').evaluate((list) =>
      Object.fromEntries([...list.querySelectorAll('.govuk-summary-list__row')].map((row) => [
        (row.querySelector('dt')?.textContent ?? '').trim(),
        (row.querySelector('dd')?.textContent ?? '').trim(),
      ])),
    );
  }

  async strata(): Promise<Record<string, string>[]> {
    return readTable(this.page.getByRole('table', { name: 'Sample per stratum', exact: true }));
  }

  /** The CSV of the sample's members, fetched as the download link would. */
  async membersCsv(): Promise<string> {
    const href = await this.page.getByRole('link', { name: /Download the sample's members/ }).getAttribute('href');
    const response = await this.page.request.get(href!);
    return response.text();
  }
}
