import type { Page } from 'playwright-core';
import { FormativePage } from './formative-page.ts';
import { CodingPage } from './coding-page.ts';

/** Adding a document to the register. */
export class NewDocumentPage extends FormativePage {
  readonly name = 'new-document';
  readonly heading = 'Add a document';

  static async open(page: Page, slug: string): Promise<NewDocumentPage> {
    await page.goto(`/evaluations/${slug}/documents/new`);
    return new NewDocumentPage(page).expectLoaded();
  }

  async add(details: { kind: string; title: string; issuer: string; file: { name: string; mimeType: string; buffer: Buffer } }): Promise<DocumentPage> {
    await this.page.getByLabel('Kind of document').selectOption({ label: details.kind });
    await this.page.getByLabel('Title', { exact: true }).fill(details.title);
    await this.page.getByLabel('Issued by (optional)').fill(details.issuer);
    await this.page.getByLabel('File (optional)').setInputFiles(details.file);
    await this.go(this.page.getByRole('button', { name: 'Add document' }));
    return new DocumentPage(this.page, details.title).expectLoaded();
  }
}

/** One register entry with its text. */
export class DocumentPage extends FormativePage {
  readonly name = 'document';

  constructor(
    page: Page,
    readonly heading: string,
  ) {
    super(page);
  }

  async text(): Promise<string> {
    return ((await this.page.locator('.formative-document-text').textContent()) ?? '').replace(/\s+/g, ' ').trim();
  }

  async codeIt(): Promise<CodingPage> {
    await this.go(this.page.getByRole('button', { name: 'Code this document' }));
    return new CodingPage(this.page, this.heading).expectLoaded();
  }
}
