import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { runsScripts } from './scripting.ts';

/** Pictures of the pages for people to look at, only when E2E_SCREENSHOTS=1 (the folder is git-ignored). */
export const screenshotsWanted = process.env.E2E_SCREENSHOTS === '1';
export const screenshotDir = new URL('../../screenshots/', import.meta.url);

/**
 * The file name says which page and in what state: `sign-in`, `sign-in-errors`,
 * `evaluation-overview-320px`, `create-evaluation-no-js`.
 */
export function screenshotName(page: Page, name: string, withErrors: boolean): string {
  const width = page.viewportSize()?.width;
  return [name, withErrors ? 'errors' : '', width !== undefined && width <= 400 ? `${width}px` : '', runsScripts(page) ? '' : 'no-js']
    .filter(Boolean)
    .join('-');
}

export async function saveScreenshot(page: Page, name: string, withErrors: boolean): Promise<void> {
  if (!screenshotsWanted) return;
  await mkdir(screenshotDir, { recursive: true });
  await page.screenshot({ path: new URL(`${screenshotName(page, name, withErrors)}.png`, screenshotDir).pathname, fullPage: true });
}
