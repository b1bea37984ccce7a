import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildReportFixture, leakNameIntoQuote, summaryText } from '../src/modules/reports/test-report.ts';
import { backends } from '../test/databases.ts';
import { testPassword } from '../test/app.ts';
import { useBrowser } from './support/browser.ts';
import { useServer } from './support/server.ts';
import { FormativePage } from './support/pages/formative-page.ts';
import { SignInPage } from './support/pages/sign-in-page.ts';

const browser = useBrowser();

class ReportsPage extends FormativePage {
  readonly name = 'reports';
  readonly heading = 'Reports';

  static async open(page: Page, slug: string): Promise<ReportsPage> {
    await page.goto(`/evaluations/${slug}/reports`);
    return new ReportsPage(page).expectLoaded();
  }

  async openReport(title: string): Promise<ReportPage> {
    await this.go(this.page.getByRole('link', { name: title }));
    return new ReportPage(this.page, title).expectLoaded();
  }

  async startReport(): Promise<NewReportPage> {
    await this.go(this.page.getByRole('button', { name: 'Start a report' }));
    return new NewReportPage(this.page).expectLoaded();
  }
}

class NewReportPage extends FormativePage {
  readonly name = 'new-report';
  readonly heading = 'Start a report';
}

class ReportPage extends FormativePage {
  readonly name = 'report';
  constructor(page: Page, readonly heading: string) {
    super(page);
  }

  async writeSection(title: string, text: string): Promise<ReportPage> {
    await this.go(this.page.getByRole('link', { name: `Write ${title}` }));
    await new SectionPage(this.page, title).expectLoaded();
    await this.page.getByLabel('Text of the section').fill(text);
    await this.go(this.page.getByRole('button', { name: 'Save the section' }));
    return this.expectLoaded();
  }

  async saveVersion(): Promise<ReportPage> {
    await this.go(this.page.getByRole('button', { name: 'Save a version' }));
    return this.expectLoaded();
  }

  async release(version: number): Promise<ReportPage> {
    await this.go(this.page.getByRole('button', { name: `Release version ${version}` }));
    return this.expectLoaded();
  }

  /**
   * Fetches what a download link points at in this browser's session, with the file name the
   * server suggests. (Clicking the link raised no download event in headless Chromium here.)
   */
  async download(name: string): Promise<{ fileName: string; bytes: Buffer }> {
    // The version is in a visually hidden span; match its words whatever the spacing around them.
    const words = name.split(/[\s,]+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    const link = this.page.getByRole('link', { name: new RegExp(`^${words.join('[\\s,]*')}$`) });
    const response = await this.page.request.get((await link.getAttribute('href'))!);
    expect(response.status()).toBe(200);
    const fileName = /filename="([^"]+)"/.exec(response.headers()['content-disposition'] ?? '')?.[1] ?? '';
    return { fileName, bytes: await response.body() };
  }
}

class SectionPage extends FormativePage {
  readonly name = 'report-section';
  constructor(page: Page, readonly heading: string) {
    super(page);
  }
}

describe.each(backends)('reports in a browser, on $name', (backend) => {
  const server = useServer(backend);

  it('writes the summary, saves a version, downloads it as Word and reads it back; a leaking version is not released', async () => {
    const user = await server.addUser('Lena Lead');
    const fixture = await buildReportFixture(server.database.db, user.id, 'reports-browser');
    const page = await browser.newPage({ baseURL: server.baseUrl });
    // Saving a version assembles the whole report from the data (charts drawn, every section filled),
    // which takes longer than an ordinary page on a busy machine.
    page.setDefaultTimeout(60_000);
    await (await SignInPage.open(page)).signIn(user.email, testPassword);

    const list = await ReportsPage.open(page, 'reports-browser');
    await (await list.startReport()).page.goBack();
    const report = await (await ReportsPage.open(page, 'reports-browser')).openReport('First interim report');
    await report.writeSection('Executive summary', 'Our own summary: the merger is starting to work.');
    await report.saveVersion();
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Version 1 saved.');

    const { fileName, bytes } = await report.download('Word (.docx), version 1');
    expect(fileName).toBe('first-interim-report-v1.docx');
    const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
    expect(xml).toMatch(/<w:pStyle w:val="Heading1"\/>.*Executive summary/s);
    expect(xml).toContain('Our own summary: the merger is starting to work.');
    expect(xml).not.toContain(summaryText.split('\n')[0]);
    expect(xml).toContain('<w:tblHeader/>');
    expect(xml).toMatch(/TOC \\h \\o/);

    await leakNameIntoQuote(server.database.db, user.id, fixture);
    await report.saveVersion();
    await report.release(2);
    const errors = await report.summaryErrors();
    expect(errors[0]?.text).toBe('Version 2 was not released:');
    expect(errors.some((e) => e.text.includes('Moira Quennell'))).toBe(true);

    await report.release(1);
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Version 1 released to viewers.');
    await page.close();
  }, 300_000);
});
