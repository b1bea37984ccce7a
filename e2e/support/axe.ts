import axe from 'axe-core';
import type { AxeResults, Result, RunOptions } from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { runsScripts } from './scripting.ts';

/** Every success criterion of WCAG 2.0, 2.1 and 2.2 at levels A and AA that axe can test. */
export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/**
 * Rules switched off, each with the reason. Empty, and it should stay so: a page that fails a rule
 * is fixed, not excused.
 */
export const excusedRules: readonly { rule: string; reason: string }[] = [];

const runOptions: RunOptions = {
  runOnly: { type: 'tag', values: wcagTags },
  rules: Object.fromEntries(excusedRules.map(({ rule }) => [rule, { enabled: false }])),
  resultTypes: ['violations'],
};

declare global {
  interface Window {
    axe?: typeof axe;
  }
}

/** One line per rule broken, then where, so a failure can be acted on without a debugger. */
export function describeViolations(where: string, violations: Result[]): string {
  const lines = [`${violations.length} accessibility ${violations.length === 1 ? 'rule is' : 'rules are'} broken on ${where}:`];
  for (const violation of violations) {
    lines.push(`- ${violation.id} (${violation.impact ?? 'no impact given'}): ${violation.help}`);
    for (const node of violation.nodes) lines.push(`    at ${node.target.map(String).join(' > ')}`);
    lines.push(`    ${violation.helpUrl}`);
  }
  return lines.join('\n');
}

/**
 * Loads axe into every page the context opens, before the page's own scripts. Registering it once
 * is much cheaper than sending its 1.5 MB source to each page; pages opened elsewhere get it on demand.
 */
export async function prepareForAccessibilityChecks(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: axe.source });
}

async function runAxe(page: Page): Promise<AxeResults> {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(axe.source);
  return page.evaluate((options) => window.axe!.run(document, options), runOptions);
}

/**
 * Axe needs timers, which never fire in a page without JavaScript. Such a page is checked as a
 * copy: its DOM, served at the same address to a page that can run axe, under a policy that
 * stops the page's own scripts, so what is checked is what the user without JavaScript got, with
 * its styles. One copying page per browser, reused, and one check at a time.
 */
class CopyChecker {
  private html = '';
  private queue: Promise<unknown> = Promise.resolve();
  private readonly copy: Promise<Page>;

  constructor(browser: Browser) {
    this.copy = this.open(browser);
  }

  private async open(browser: Browser): Promise<Page> {
    const context = await browser.newContext({ locale: 'en-GB' });
    await prepareForAccessibilityChecks(context);
    const copy = await context.newPage();
    // Every page address answers with the DOM being checked; styles, fonts and images load as usual.
    await copy.route(
      (url) => !url.pathname.startsWith('/assets/'),
      (route) =>
        route.fulfill({
          status: 200,
          contentType: 'text/html; charset=utf-8',
          headers: { 'content-security-policy': "script-src 'none'" },
          body: this.html,
        }),
    );
    return copy;
  }

  check(page: Page): Promise<AxeResults> {
    const result = this.queue.then(async () => {
      const copy = await this.copy;
      this.html = await page.content();
      const viewport = page.viewportSize();
      if (viewport) await copy.setViewportSize(viewport);
      await copy.goto(page.url());
      return runAxe(copy);
    });
    this.queue = result.catch(() => undefined);
    return result;
  }
}

const copyCheckers = new WeakMap<Browser, CopyChecker>();

function copyCheckerFor(browser: Browser): CopyChecker {
  const existing = copyCheckers.get(browser);
  if (existing) return existing;
  const created = new CopyChecker(browser);
  copyCheckers.set(browser, created);
  return created;
}

/** Runs axe on the page as it is now and fails, listing every problem, if any WCAG A or AA rule is broken. */
export async function expectAccessible(page: Page, where = page.url()): Promise<void> {
  const browser = page.context().browser();
  if (!browser) throw new Error('The page has no browser to check it in');
  const results = runsScripts(page) ? await runAxe(page) : await copyCheckerFor(browser).check(page);
  if (results.violations.length > 0) throw new Error(describeViolations(where, results.violations));
}
