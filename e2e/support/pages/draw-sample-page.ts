import { FormativePage } from './formative-page.ts';
import { SampleReportPage } from './sample-report-page.ts';

export interface SampleDetails {
  name: string;
  /** The purpose radio's label: "Pilot", "Main survey" or "Something else". */
  purpose: string;
  /** The stratify-by radio's label, like "Programme"; left out for a simple random sample. */
  stratifyBy?: string;
  /** "Proportional" or "Fixed number from each stratum". */
  allocation?: string;
  size: string;
  seed: string;
  /** Names of earlier samples to leave out. */
  exclude?: string[];
}

/** The form that draws a sample from a frame. */
export class DrawSamplePage extends FormativePage {
  readonly name = 'draw-sample';
  readonly heading = 'Draw a sample';

  get seed() {
    return this.page.getByLabel('Seed', { exact: true });
  }

  private async fill(sample: SampleDetails): Promise<void> {
    const page = this.page;
    await page.getByLabel('Name (optional)').fill(sample.name);
    await page.getByRole('group', { name: 'What is the sample for?' }).getByLabel(sample.purpose, { exact: true }).check();
    const stratify = page.getByRole('group', { name: 'Stratify by' });
    if (sample.stratifyBy) await stratify.getByLabel(sample.stratifyBy, { exact: true }).check();
    else await stratify.getByLabel(/^Do not stratify/).check();
    if (sample.allocation) await page.getByRole('group', { name: 'Allocation (for a stratified sample)' }).getByLabel(sample.allocation, { exact: true }).check();
    await page.getByLabel('Sample size', { exact: true }).fill(sample.size);
    await this.seed.fill(sample.seed);
    for (const name of sample.exclude ?? []) await page.getByRole('group', { name: /^Leave out people already in these samples/ }).getByLabel(name, { exact: true }).check();
  }

  async draw(sample: SampleDetails): Promise<SampleReportPage> {
    await this.fill(sample);
    await this.go(this.page.getByRole('button', { name: 'Draw the sample', exact: true }));
    return new SampleReportPage(this.page, sample.name).expectLoaded();
  }

  async drawExpectingErrors(sample: SampleDetails): Promise<DrawSamplePage> {
    await this.fill(sample);
    await this.go(this.page.getByRole('button', { name: 'Draw the sample', exact: true }));
    return new DrawSamplePage(this.page).expectLoaded();
  }
}
