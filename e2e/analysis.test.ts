import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { User } from '../src/modules/accounts/service.ts';
import { buildFixture, type Fixture } from '../src/modules/results/test-fixture.ts';
import { backends } from '../test/databases.ts';
import { testPassword } from '../test/app.ts';
import { useBrowser } from './support/browser.ts';
import { useServer } from './support/server.ts';
import { SignInPage } from './support/pages/sign-in-page.ts';
import { AnalysisPage, DatasetUploadPage } from './support/pages/analysis-pages.ts';

const browser = useBrowser();

describe.each(backends)('survey analysis in a browser, on $name', (backend) => {
  const server = useServer(backend);

  /** A lead signed in, with two waves of answers in an evaluation of their own. */
  async function signedInWithData(): Promise<{ page: Page; user: User; fixture: Fixture }> {
    const user = await server.addUser('Ann Analyst');
    const fixture = await buildFixture(server.database.db, user.id, `analysis-${user.id.slice(0, 8)}`);
    const page = await browser.newPage({ baseURL: server.baseUrl });
    await (await SignInPage.open(page)).signIn(user.email, testPassword);
    return { page, user, fixture };
  }

  it("opens a survey's results, groups them by programme, and compares programmes with a chart", async () => {
    const { page, fixture } = await signedInWithData();
    const analysis = await AnalysisPage.open(page, fixture.slug);
    const results = await analysis.openResults('Staff survey year 1');
    const rows = await results.scaleRows();
    expect(rows.map((r) => r[0]!.replace(/ \(.*\)$/, ''))).toEqual(['Tension for change', 'Dedicated time and resources']);
    expect(rows.every((r) => /^0\.\d\d$|^-?\d\.\d\d$/.test(r[6]!)), 'every scale has an alpha').toBe(true);

    const byProgramme = await results.showBy('Which programme do you mainly work for?');
    const charts = await byProgramme.chartNames();
    expect(charts.some((name) => /mean score by which programme/i.test(name) && /Highest: /.test(name))).toBe(true);
    expect(charts.some((name) => /answers to each statement/i.test(name))).toBe(true);

    const compare = await byProgramme.compareGroups();
    const tested = await compare.compare('Which programme do you mainly work for?', 'Dedicated time and resources');
    expect(await tested.testsText()).toContain("Welch's ANOVA");
    const shown = await tested.chartNames();
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatch(/^Dedicated time and resources: mean score by which programme/);
    expect(await tested.tableCaptioned('Dedicated time and resources: mean score').count()).toBe(1);
  });

  it('imports a small CSV data set after saying which rows are wrong', async () => {
    const { page, fixture } = await signedInWithData();
    const upload = await DatasetUploadPage.open(page, `/evaluations/${fixture.slug}/analysis/surveys/${fixture.surveyIds[0]}/import`);
    const csv = 'programme,tc1,tc2,tc3,Time 1\nMHI,4,2,5,3\nCfC,9,2,4,2\nICN,3,NR,4,1\n';
    const mapping = await upload.upload({ name: 'earlier-study.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    expect(await mapping.chosenFor('tc1')).toBe('change_climate_tc1');
    expect(await mapping.chosenFor('Time 1')).toBe('');
    await mapping.choose('Time 1', 'change_climate_res1');
    const refused = await mapping.importExpectingErrors();
    expect((await refused.summaryErrors()).map((e) => e.text)).toEqual(['Row 3, column "tc1" (question change_climate_tc1): 9 is not one of the offered values 1–5, NR']);
    // Nothing was stored: fix the mapping (leave out tc1) and import again.
    await refused.choose('tc1', '');
    const done = await refused.import();
    expect(await done.panelText()).toContain('3 responses stored from earlier-study.csv');
  });
});
