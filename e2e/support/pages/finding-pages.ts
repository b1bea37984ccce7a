import type { Page } from 'playwright-core';
import { readTable } from '../tables.ts';
import { FormativePage } from './formative-page.ts';

/** The findings list, grouped by construct. */
export class FindingsPage extends FormativePage {
  readonly name = 'findings';
  readonly heading = 'Findings';

  static async open(page: Page, slug: string): Promise<FindingsPage> {
    await page.goto(`/evaluations/${slug}/findings`);
    return new FindingsPage(page).expectLoaded();
  }

  async addFinding(): Promise<FindingFormPage> {
    await this.go(this.page.getByRole('button', { name: 'Add a finding' }));
    return new FindingFormPage(this.page).expectLoaded();
  }
}

/** Adding a finding: its statement, valence, strength and constructs. */
export class FindingFormPage extends FormativePage {
  readonly name = 'finding-form';
  readonly heading = 'Add a finding';

  async fill(details: { statement: string; valence: string; constructs: string[] }): Promise<void> {
    await this.page.getByLabel('Finding', { exact: true }).fill(details.statement);
    await this.page.getByLabel(details.valence, { exact: true }).check();
    for (const construct of details.constructs) await this.page.getByLabel(construct, { exact: true }).check();
  }

  async save(): Promise<FindingPage> {
    const statement = await this.page.getByLabel('Finding', { exact: true }).inputValue();
    await this.go(this.page.getByRole('button', { name: 'Save the finding' }));
    return new FindingPage(this.page, statement).expectLoaded();
  }

  async saveWithErrors(): Promise<this> {
    await this.go(this.page.getByRole('button', { name: 'Save the finding' }));
    return this.expectLoaded();
  }
}

/** One finding with its evidence grouped by method. */
export class FindingPage extends FormativePage {
  readonly name = 'finding';

  constructor(
    page: Page,
    readonly heading: string,
  ) {
    super(page);
  }

  async linkEvidence(kind: string): Promise<EvidenceFormPage> {
    await this.go(this.page.getByRole('link', { name: `Link ${kind}`, exact: true }));
    return new EvidenceFormPage(this.page, `Link ${kind}`, this.heading).expectLoaded();
  }

  /** Each piece of evidence as its lines of text, in the order shown. */
  async evidence(): Promise<string[]> {
    return this.page.locator('li[id^="evidence-"]').evaluateAll((items) => items.map((item) => [...item.querySelectorAll('p')].map((p) => (p.textContent ?? '').replace(/\s+/g, ' ').trim()).join(' | ')));
  }

  async summary(): Promise<string> {
    return ((await this.page.locator('#evidence-summary').textContent()) ?? '').trim();
  }

  async openMap(): Promise<EvidenceMapPage> {
    await this.go(this.page.getByRole('navigation', { name: 'Evaluation' }).getByRole('link', { name: 'Evidence map' }));
    return new EvidenceMapPage(this.page).expectLoaded();
  }
}

/** The form linking one kind of evidence to a finding. */
export class EvidenceFormPage extends FormativePage {
  readonly name = 'evidence-form';

  constructor(
    page: Page,
    readonly heading: string,
    private readonly finding: string,
  ) {
    super(page);
  }

  async choose(label: string): Promise<void> {
    await this.page.getByLabel(label).check();
  }

  async select(label: string, option: string): Promise<void> {
    await this.page.getByLabel(label, { exact: true }).selectOption({ label: option });
  }

  async continue(): Promise<EvidenceFormPage> {
    await this.go(this.page.getByRole('button', { name: 'Continue' }));
    return new EvidenceFormPage(this.page, this.heading, this.finding).expectLoaded();
  }

  async link(stance: 'Supports the finding' | 'Contradicts the finding', note = ''): Promise<FindingPage> {
    await this.page.getByLabel(stance, { exact: true }).check();
    if (note) await this.page.getByLabel('Note (optional)').fill(note);
    await this.go(this.page.getByRole('button', { name: 'Link the evidence' }));
    return new FindingPage(this.page, this.finding).expectLoaded();
  }
}

/** The evidence map: constructs × methods, and the factors table. */
export class EvidenceMapPage extends FormativePage {
  readonly name = 'evidence-map';
  readonly heading = 'Evidence map';

  async map(): Promise<Record<string, string>[]> {
    return readTable(this.page.locator('#evidence-map'));
  }

  async factors(): Promise<Record<string, string>[]> {
    return readTable(this.page.locator('#factors'));
  }
}

/** The recommendations, each with the findings it follows from. */
export class RecommendationsPage extends FormativePage {
  readonly name = 'recommendations';
  readonly heading = 'Recommendations';

  static async open(page: Page, slug: string): Promise<RecommendationsPage> {
    await page.goto(`/evaluations/${slug}/recommendations`);
    return new RecommendationsPage(page).expectLoaded();
  }

  async add(details: { text: string; addressedTo: string; findings: string[] }): Promise<RecommendationsPage> {
    await this.go(this.page.getByRole('button', { name: 'Add a recommendation' }));
    const form = new RecommendationFormPage(this.page);
    await form.expectLoaded();
    await this.page.getByLabel('Recommendation', { exact: true }).fill(details.text);
    await this.page.getByLabel('Who it is for (optional)').fill(details.addressedTo);
    for (const finding of details.findings) await this.page.getByLabel(finding, { exact: true }).check();
    await this.go(this.page.getByRole('button', { name: 'Save the recommendation' }));
    return new RecommendationsPage(this.page).expectLoaded();
  }

  /** Each recommendation's text, squashed. */
  async items(): Promise<string[]> {
    return this.page.locator('li[id^="recommendation-"]').evaluateAll((items) => items.map((item) => (item.textContent ?? '').replace(/\s+/g, ' ').trim()));
  }
}

class RecommendationFormPage extends FormativePage {
  readonly name = 'recommendation-form';
  readonly heading = 'Add a recommendation';
}
