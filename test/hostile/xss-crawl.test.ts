import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import type { BuiltApp } from '../../src/http/app.ts';
import { DEMO_PASSWORD } from '../../src/demo/accounts.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { buildTestApp, TestBrowser } from '../app.ts';
import { backends } from '../databases.ts';
import { liveMarkup, poisonEveryText } from './poison.ts';

/**
 * Cross-site scripting, looked for everywhere at once: the demo evaluation is loaded, markup is
 * appended to every free-text field and every text answer, and every page and download the lead
 * can reach by following links is fetched. None may show the markup live, and none may fail.
 */
const maxPages = Number(process.env.CRAWL_PAGES ?? 1500);
// Leaving, or changing something by GET, is not what a crawl should do.
const skip = /^\/(sign-out|assets\/)|\/(delete|revoke)(\/|$)/;

// One back end is enough for what pages show; the real PostgreSQL when there is one, as it is faster here.
const backend = backends.at(-1)!;

describe(`every page reachable in the demo, with markup in every text, on ${backend.name}`, () => {
  let database: Database;
  let built: BuiltApp;
  let poisoned: string[] = [];

  beforeAll(async () => {
    database = await backend.open();
    const demo = await loadDemo(database);
    poisoned = await poisonEveryText(database);
    built = await buildTestApp(database);
    expect(demo.loaded).toBe(true);
  }, 600_000);
  afterAll(async () => {
    await built?.app.close();
    await database?.close();
  });

  it('shows the markup as text on every page and download, and no page fails', { timeout: 900_000 }, async () => {
    expect(poisoned.length).toBeGreaterThan(20);
    const browser = new TestBrowser(built.app);
    await browser.signIn({ email: 'demo@formative.test' }, DEMO_PASSWORD);
    const queue = ['/evaluations/demo'];
    const seen = new Set(queue);
    const live: string[] = [];
    const failed: string[] = [];
    let fetched = 0;
    while (queue.length && fetched < maxPages) {
      const url = queue.shift()!;
      const response = await browser.get(url);
      fetched += 1;
      if (response.statusCode >= 500) failed.push(`${url}: ${response.statusCode}`);
      const type = String(response.headers['content-type'] ?? '');
      const body = response.body;
      for (const pattern of liveMarkup) if (type.includes('html') && pattern.test(body)) live.push(`${url} shows ${pattern.source} unescaped`);
      if (!type.includes('html')) continue;
      for (const match of body.matchAll(/href="(\/[^"#]*)/g)) {
        const next = match[1]!.replace(/&amp;/g, '&');
        if (!seen.has(next) && !skip.test(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    console.info(`Crawled ${fetched} pages and downloads (${queue.length} more not reached) with markup in ${poisoned.length} text columns.`);
    expect(failed, 'pages that failed').toEqual([]);
    expect(live, 'pages showing markup live').toEqual([]);
    expect(fetched).toBeGreaterThan(50);
  });
});
