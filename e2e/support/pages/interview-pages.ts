import type { Page } from 'playwright-core';
import { followNavigation } from '../navigation.ts';
import { CodingPage } from './coding-page.ts';
import { FormativePage } from './formative-page.ts';

/**
 * Pages of the interview work: schedules, participants, interviews, transcripts, the framework
 * matrix and the quote bank. Each arrival checks the page's h1 and title and runs axe.
 */

const squash = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

/** Any page of this part of Formative, known by its h1; `name` is for screenshots and messages. */
export class InterviewScreen extends FormativePage {
  constructor(
    page: Page,
    readonly heading: string,
    readonly name: string,
  ) {
    super(page);
  }

  /** Follows a link or presses a button by its accessible name and checks the page reached. */
  async follow(target: { link?: string; button?: string }, heading: string, name: string): Promise<InterviewScreen> {
    const locator = target.link
      ? this.page.getByRole('link', { name: target.link, exact: true }).first()
      : this.page.getByRole('button', { name: target.button!, exact: true }).first();
    await this.go(locator);
    return new InterviewScreen(this.page, heading, name).expectLoaded();
  }

  async fill(label: string, value: string): Promise<void> {
    await this.page.getByLabel(label, { exact: true }).fill(value);
  }

  async select(label: string, option: string | RegExp): Promise<void> {
    const field = this.page.getByLabel(label, { exact: true });
    if (typeof option === 'string') {
      await field.selectOption({ label: option });
      return;
    }
    const labels = await field.locator('option').allTextContents();
    const wanted = labels.find((l) => option.test(l.trim()));
    if (!wanted) throw new Error(`No option like ${String(option)} in "${label}": ${labels.join(', ')}`);
    await field.selectOption({ label: wanted.trim() });
  }

  async check(label: string): Promise<void> {
    await this.page.getByLabel(label, { exact: true }).check();
  }

  /** The rows of the summary list at the top of a record's page, as key → value. */
  async summary(): Promise<Record<string, string>> {
    return this.page.locator('.govuk-summary-list__row').evaluateAll((rows) =>
      Object.fromEntries(rows.map((r) => [(r.querySelector('dt')?.textContent ?? '').replace(/\s+/g, ' ').trim(), (r.querySelector('dd')?.textContent ?? '').replace(/\s+/g, ' ').trim()])),
    );
  }
}

/** The list of interviews, reached from the evaluation's navigation. */
export class InterviewsPage extends InterviewScreen {
  constructor(page: Page) {
    super(page, 'Interviews', 'interviews');
  }

  static async fromNavigation(page: Page): Promise<InterviewsPage> {
    await followNavigation(page, () => page.getByRole('navigation', { name: 'Evaluation' }).getByRole('link', { name: 'Interviews', exact: true }).click());
    return new InterviewsPage(page).expectLoaded();
  }
}

/** A transcript read with its codings marked. */
export class TranscriptPage extends InterviewScreen {
  constructor(page: Page, heading: string) {
    super(page, heading, 'transcript');
  }

  /** The speaker turns as "speaker: words". */
  async turns(): Promise<string[]> {
    return this.page.locator('[id^="turn-"]').evaluateAll((turns) =>
      turns.map((t) => {
        const speaker = t.querySelector('.formative-turn__speaker')?.textContent ?? '';
        const words = t.querySelector('.formative-turn__text')?.textContent ?? '';
        return `${speaker.trim()}: ${words.replace(/\s+/g, ' ').trim()}`;
      }),
    );
  }

  async codeIt(): Promise<CodingPage> {
    await this.go(this.page.getByRole('button', { name: 'Code this transcript' }).or(this.page.getByRole('link', { name: 'Code this transcript' })));
    return new CodingPage(this.page, this.heading).expectLoaded();
  }
}

/** The framework matrix: its form, and the table once shown. */
export class FrameworkMatrixPage extends InterviewScreen {
  constructor(page: Page) {
    super(page, 'Framework matrix', 'framework-matrix');
  }

  static async fromNavigation(page: Page): Promise<FrameworkMatrixPage> {
    await followNavigation(page, () => page.getByRole('navigation', { name: 'Evaluation' }).getByRole('link', { name: 'Framework matrix', exact: true }).click());
    return new FrameworkMatrixPage(page).expectLoaded();
  }

  async show(rows: 'Role categories' | 'Participants', columnsUnder: string): Promise<FrameworkMatrixPage> {
    await this.page.getByRole('group', { name: 'Rows' }).getByLabel(rows, { exact: true }).check();
    await this.select('Columns: the codes under', new RegExp(`^(— )*${columnsUnder}$`));
    await this.go(this.page.getByRole('button', { name: 'Show the matrix' }));
    return new FrameworkMatrixPage(this.page).expectLoaded();
  }

  /** The table as row label → column name → the cell's text. */
  async cells(): Promise<Record<string, Record<string, string>>> {
    const table = this.page.locator('#framework-matrix');
    const columns = (await table.locator('thead th').allTextContents()).map((c) => squash(c));
    const out: Record<string, Record<string, string>> = {};
    for (const row of await table.locator('tbody tr').all()) {
      const label = squash(await row.locator('th').textContent());
      const cells = (await row.locator('td').allTextContents()).map((c) => squash(c));
      out[label] = Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? '']));
    }
    return out;
  }

  async openCell(row: string, column: string): Promise<InterviewScreen> {
    await this.go(this.page.getByRole('link', { name: new RegExp(`for ${row}, ${column}$`) }));
    return new InterviewScreen(this.page, column, 'matrix-cell').expectLoaded();
  }
}

/** The quote bank's quotes as text and attribution. */
export async function quotesShown(page: Page): Promise<{ text: string; attribution: string }[]> {
  return page.locator('.govuk-summary-card blockquote').evaluateAll((quotes) =>
    quotes.map((q) => {
      const attribution = (q.querySelector('span')?.textContent ?? '').replace(/^—\s*/, '').trim();
      const text = (q.firstChild?.textContent ?? '').replace(/\s+/g, ' ').trim();
      return { text, attribution };
    }),
  );
}
