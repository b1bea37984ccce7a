import type { Page } from 'playwright-core';

/** Pages opened with JavaScript turned off, which some checks must treat differently. */
const pagesWithoutScripts = new WeakSet<Page>();

export function markWithoutScripts(page: Page): void {
  pagesWithoutScripts.add(page);
}

export function runsScripts(page: Page): boolean {
  return !pagesWithoutScripts.has(page);
}
