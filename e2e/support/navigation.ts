import type { Page } from 'playwright-core';

/**
 * Does something that loads a new page (a link, a form) and waits until that page has loaded,
 * after any redirects. Waiting for the load event rather than a URL also works when a form
 * comes back to the same address with errors.
 */
export async function followNavigation(page: Page, action: () => Promise<unknown>): Promise<void> {
  const loaded = page.waitForEvent('load');
  try {
    await action();
  } catch (error) {
    loaded.catch(() => undefined);
    throw error;
  }
  await loaded;
}
