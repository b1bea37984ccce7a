import { describe, expect, it } from 'vitest';
import { createEvaluation } from '../src/modules/evaluations/service.ts';
import { fixtureQdpx } from '../src/modules/qualitative/refi/test-projects.ts';
import { backends } from '../test/databases.ts';
import { testPassword } from '../test/app.ts';
import { useBrowser } from './support/browser.ts';
import { useServer } from './support/server.ts';
import { SignInPage } from './support/pages/sign-in-page.ts';
import { ExchangePage } from './support/pages/exchange-page.ts';

const browser = useBrowser();

describe.each(backends)('exchanging a project with other QDA software in a browser, on $name', (backend) => {
  const server = useServer(backend);

  for (const javaScriptEnabled of [true, false]) {
    it(`imports a .qdpx, lists what was left out and downloads the project, ${javaScriptEnabled ? 'with' : 'without'} JavaScript`, async () => {
      const user = await server.addUser('Rita Researcher');
      const slug = `exchange-${javaScriptEnabled ? 'js' : 'plain'}`;
      await createEvaluation(server.database.db, user.id, { title: 'Interview study', slug });
      const page = await browser.newPage({ baseURL: server.baseUrl, javaScriptEnabled, acceptDownloads: true });
      await (await SignInPage.open(page)).signIn(user.email, testPassword);

      const exchange = await ExchangePage.open(page, slug);
      const refused = await exchange.uploadExpectingErrors({ name: 'notes.qdpx', buffer: Buffer.from('Not an archive') });
      expect(await refused.summaryErrors()).toEqual([{ text: 'notes.qdpx is not a .qdpx file (a ZIP archive)', href: '#file' }]);

      const report = await refused.uploadExpectingReport({ name: 'hand-authored.qdpx', buffer: await fixtureQdpx() });
      expect(await report.notImported()).toEqual(expect.arrayContaining(['picture source: photo.jpg', 'PDF source: doc.pdf', 'audio source: interview.m4a', 'video source: clip.mp4']));

      const again = await ExchangePage.open(page, slug);
      expect(await again.download('Download the project (.qdpx)')).toBe(`${slug}-project.qdpx`);
      expect(await again.download('Download the codebook (.qdc)')).toBe(`${slug}-codebook.qdc`);
    });
  }
});
