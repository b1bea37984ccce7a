import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBrowser } from './support/browser.ts';
import { expectAccessible } from './support/axe.ts';
import { horizontalOverflow } from './support/reflow.ts';

// The checks the page tests rely on must themselves catch problems, with and without JavaScript.
const browser = useBrowser();

const pages: Record<string, string> = {
  '/broken': `<!doctype html><html lang="en"><head><title>Broken</title></head><body><main>
    <h1>Broken</h1><img src="/pixel.png"><form><input id="name" name="name"></form></main></body></html>`,
  '/sound': `<!doctype html><html lang="en"><head><title>Sound</title></head><body><main>
    <h1>Sound</h1><form><label for="name">Name</label><input id="name" name="name"></form></main></body></html>`,
  '/wide': `<!doctype html><html lang="en"><head><title>Wide</title></head><body style="margin:0"><main>
    <h1>Wide</h1><p>Fits.</p><pre id="listing" style="margin:0">a line far too long to wrap at three hundred and twenty pixels</pre></main></body></html>`,
};

describe('the accessibility checks', () => {
  let server: Server;
  let baseUrl = '';
  beforeAll(async () => {
    server = createServer((request, response) => {
      const body = pages[request.url ?? ''];
      response.writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
      response.end(body ?? '');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';

    it(`names each broken rule, its impact, where and why, ${mode}`, async () => {
      const page = await browser.newPage({ baseURL: baseUrl, javaScriptEnabled });
      await page.goto('/broken');
      const failure = await expectAccessible(page, 'the broken page').then(() => undefined, (error: unknown) => error);
      expect(failure).toBeInstanceOf(Error);
      const message = (failure as Error).message;
      expect(message).toMatch(/^2 accessibility rules are broken on the broken page:/);
      expect(message).toContain('- image-alt (critical): Images must have alternative text');
      expect(message).toContain('    at img');
      expect(message).toMatch(/- label \(critical\): Form elements must have labels\n {4}at #name\n/);
      expect(message).toContain('https://dequeuniversity.com/rules/axe/');
    });

    it(`passes a page that breaks no rule, ${mode}`, async () => {
      const page = await browser.newPage({ baseURL: baseUrl, javaScriptEnabled });
      await page.goto('/sound');
      await expectAccessible(page);
    });
  }

  it('measures sideways scrolling at 320 pixels and names what sticks out', async () => {
    const page = await browser.newPage({ baseURL: baseUrl, viewport: { width: 320, height: 640 } });
    await page.goto('/wide');
    const overflow = await horizontalOverflow(page);
    expect(overflow.excess).toBeGreaterThan(100);
    expect(overflow.culprits).toEqual(['pre#listing']);
    await page.goto('/sound');
    expect(await horizontalOverflow(page)).toEqual({ excess: 0, culprits: [] });
  });
});
