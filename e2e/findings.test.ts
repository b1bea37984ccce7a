import { describe, expect, it } from 'vitest';
import { backends } from '../test/databases.ts';
import { testPassword } from '../test/app.ts';
import { buildFindingsFixture } from '../src/modules/findings/test-fixture.ts';
import { useBrowser } from './support/browser.ts';
import { useServer } from './support/server.ts';
import { SignInPage } from './support/pages/sign-in-page.ts';
import { FindingsPage, RecommendationsPage } from './support/pages/finding-pages.ts';

const browser = useBrowser();

describe.each(backends)('findings and the evidence map in a browser, on $name', (backend) => {
  const server = useServer(backend);

  it('adds a finding, links a quote and a contradicting survey result, and shows both on the evidence map', async () => {
    const p = await buildFindingsFixture(server.database, 'findings-browser');
    const page = await browser.newPage({ baseURL: server.baseUrl });
    await (await SignInPage.open(page)).signIn(p.researcher.email, testPassword);

    const form = await (await FindingsPage.open(page, p.slug)).addFinding();
    await form.saveWithErrors();
    expect(await form.summaryErrors()).toEqual([
      { text: 'Enter the finding', href: '#statement' },
      { text: 'Choose whether it helps or holds back the change', href: '#valence' },
    ]);
    await form.fill({ statement: 'Time for joint work is short', valence: 'Inhibiting', constructs: ['Dedicated time and resources'] });
    const finding = await form.save();
    expect(await finding.summary()).toBe('No evidence linked yet');

    const quoteForm = await finding.linkEvidence('a quote');
    await quoteForm.choose('“Funding stayed with the largest programme');
    await (await quoteForm.link('Supports the finding', 'In a programme lead’s words')).summary();

    const surveyForm = await finding.linkEvidence('a survey result');
    await surveyForm.choose('Staff survey 2005');
    const resultForm = await surveyForm.continue();
    await resultForm.choose('Scale means by group');
    await resultForm.select('Scale (for means and change)', 'Dedicated time and resources');
    const linked = await resultForm.link('Contradicts the finding');
    expect(await linked.summary()).toBe('2 pieces of evidence: 1 supporting, 1 contradicting');
    expect(await linked.evidence()).toEqual([
      'Supports: Quote: Dedicated time and resources | “Funding stayed with the largest programme, so the rest of us had no dedicated time.” — Senior Manager | Note: In a programme lead’s words',
      'Contradicts: Staff survey 2005: Dedicated time and resources: mean scores by “Which programme do you mainly work for?”',
    ]);

    const map = await linked.openMap();
    expect(await map.map()).toEqual([
      {
        Construct: 'Dedicated time and resources 1 finding',
        Interviews: 'Supports – Dedicated time and resources, interviews 1 supporting, 0 contradicting',
        Documents: 'No evidence',
        'Staff survey': 'Contradicts – Dedicated time and resources, staff survey 0 supporting, 1 contradicting',
        'Outer context': 'No evidence',
        'Learning sets': 'No evidence',
      },
    ]);
    expect(await map.factors()).toEqual([{ Construct: 'Dedicated time and resources', Facilitating: 'None', Inhibiting: 'Time for joint work is short' }]);

    const recommendations = await (await RecommendationsPage.open(page, p.slug)).add({ text: 'Set time aside for joint work', addressedTo: 'The board', findings: ['Time for joint work is short'] });
    expect(await recommendations.items()).toEqual(['Set time aside for joint work For: The board Follows from: Time for joint work is short Change recommendation 1']);
  });
});
