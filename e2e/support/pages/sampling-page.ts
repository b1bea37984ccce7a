import type { Page } from 'playwright-core';
import { readTable } from '../tables.ts';
import { FormativePage } from './formative-page.ts';
import { FreezeFramePage } from './freeze-frame-page.ts';

/** An evaluation's sampling: its frames and the samples drawn from them. */
export class SamplingPage extends FormativePage {
  readonly name = 'sampling';
  readonly heading = 'Sampling';

  static async open(page: Page, slug: string): Promise<SamplingPage> {
    await page.goto(`/evaluations/${slug}/sampling`);
    return new SamplingPage(page).expectLoaded();
  }

  async frames(): Promise<Record<string, string>[]> {
    const table = this.page.getByRole('table', { name: 'Frames', exact: true });
    return (await table.count()) ? readTable(table) : [];
  }

  async samples(): Promise<Record<string, string>[]> {
    const table = this.page.getByRole('table', { name: 'Samples', exact: true });
    return (await table.count()) ? readTable(table) : [];
  }

  async startFreezing(): Promise<FreezeFramePage> {
    await this.go(this.page.getByRole('button', { name: 'Freeze a frame' }));
    return new FreezeFramePage(this.page).expectLoaded();
  }
}
