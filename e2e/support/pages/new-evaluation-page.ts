import type { Locator } from 'playwright-core';
import { fillDate, readDate, type DateParts } from './dates.ts';
import { FormativePage } from './formative-page.ts';
import { EvaluationOverviewPage } from './evaluation-overview-page.ts';

export interface EvaluationDetails {
  title: string;
  slug?: string;
  commissioner?: string;
  organisationName?: string;
  summary?: string;
  startsOn?: DateParts;
  endsOn?: DateParts;
}

/** The form that creates an evaluation. */
export class NewEvaluationPage extends FormativePage {
  readonly name = 'create-evaluation';
  readonly heading = 'Create an evaluation';

  get title(): Locator {
    return this.page.getByLabel('Title', { exact: true });
  }
  get slug(): Locator {
    return this.page.getByLabel('Short name', { exact: true });
  }
  get commissioner(): Locator {
    return this.page.getByLabel('Commissioner', { exact: true });
  }
  get organisationName(): Locator {
    return this.page.getByLabel('Organisation evaluated', { exact: true });
  }
  get summary(): Locator {
    return this.page.getByLabel('Summary', { exact: true });
  }
  get startsOn(): Locator {
    return this.page.getByRole('group', { name: 'Start date' });
  }
  get endsOn(): Locator {
    return this.page.getByRole('group', { name: 'End date' });
  }

  async fill(details: EvaluationDetails): Promise<void> {
    await this.title.fill(details.title);
    if (details.slug !== undefined) await this.slug.fill(details.slug);
    if (details.commissioner !== undefined) await this.commissioner.fill(details.commissioner);
    if (details.organisationName !== undefined) await this.organisationName.fill(details.organisationName);
    if (details.summary !== undefined) await this.summary.fill(details.summary);
    if (details.startsOn) await fillDate(this.startsOn, details.startsOn);
    if (details.endsOn) await fillDate(this.endsOn, details.endsOn);
  }

  /** Everything the form holds now, in the shape it was filled in. */
  async values(): Promise<Required<EvaluationDetails>> {
    return {
      title: await this.title.inputValue(),
      slug: await this.slug.inputValue(),
      commissioner: await this.commissioner.inputValue(),
      organisationName: await this.organisationName.inputValue(),
      summary: await this.summary.inputValue(),
      startsOn: await readDate(this.startsOn),
      endsOn: await readDate(this.endsOn),
    };
  }

  private async submit(): Promise<void> {
    await this.go(this.page.getByRole('button', { name: 'Create evaluation', exact: true }));
  }

  async submitExpectingErrors(): Promise<NewEvaluationPage> {
    await this.submit();
    return new NewEvaluationPage(this.page).expectLoaded();
  }

  async create(details: EvaluationDetails): Promise<EvaluationOverviewPage> {
    await this.fill(details);
    await this.submit();
    return new EvaluationOverviewPage(this.page, details.title).expectLoaded();
  }
}
