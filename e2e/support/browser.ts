import { mkdir } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { prepareForAccessibilityChecks } from './axe.ts';
import { markWithoutScripts } from './scripting.ts';

/** Debian's Chromium, headless, quiet and offline apart from the server under test. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

const failureDir = new URL('../../test-results/', import.meta.url);

export interface BrowserFixture {
  /** A page in a new context of its own (own cookies), closed when the test ends. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
}

/**
 * One Chromium for the whole test file (launching costs a few hundred milliseconds), a fresh
 * context for every page a test asks for, and every context closed after its test. When a test
 * fails, each of its pages is saved as a picture under test-results/ to show what went wrong.
 */
export function useBrowser(): BrowserFixture {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await chromium.launch({ headless: true, executablePath: chromiumPath, args: chromiumArgs });
  });

  afterEach(async (context) => {
    const open = contexts.splice(0);
    if (context.task.result?.state === 'fail') {
      await mkdir(failureDir, { recursive: true });
      const pages = open.flatMap((c) => c.pages());
      const name = [context.task.suite?.name, context.task.name].join(' ').replace(/[^a-z0-9]+/gi, '-').toLowerCase();
      await Promise.all(pages.map((page, index) =>
        page.screenshot({ path: new URL(`${name}-${index + 1}.png`, failureDir).pathname, fullPage: true }).catch(() => undefined)));
    }
    await Promise.all(open.map((c) => c.close()));
  });

  afterAll(async () => {
    await browser?.close();
  });

  const launched = (): Browser => {
    if (!browser) throw new Error('The browser starts in beforeAll: ask for pages inside a test');
    return browser;
  };

  return {
    async newPage(options = {}) {
      const context = await launched().newContext({ locale: 'en-GB', timezoneId: 'Europe/London', ...options });
      context.setDefaultTimeout(10_000);
      await prepareForAccessibilityChecks(context);
      contexts.push(context);
      const page = await context.newPage();
      if (options.javaScriptEnabled === false) markWithoutScripts(page);
      return page;
    },
  };
}
