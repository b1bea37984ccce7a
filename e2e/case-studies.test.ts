import { describe, expect, it } from 'vitest';
import { createEvaluation } from '../src/modules/evaluations/service.ts';
import { createUnit } from '../src/modules/organisation/service.ts';
import { backends } from '../test/databases.ts';
import { testPassword } from '../test/app.ts';
import { useBrowser } from './support/browser.ts';
import { useServer } from './support/server.ts';
import { HeadedPage } from './support/pages/headed-page.ts';
import { SignInPage } from './support/pages/sign-in-page.ts';

const browser = useBrowser();

describe.each(backends)('case studies in a browser, on $name', (backend) => {
  const server = useServer(backend);

  it('sets up a site, ticks criteria, adds a stakeholder, defines a form, samples and extracts', async () => {
    const user = await server.addUser('Casey Cases');
    const evaluation = await createEvaluation(server.database.db, user.id, { title: 'Cases in the browser', slug: 'cases-browser' });
    await createUnit(server.database.db, user.id, evaluation.id, { kind: 'programme', name: 'Integrated care' });
    await createUnit(server.database.db, user.id, evaluation.id, { kind: 'programme', name: 'Equipment' });
    const page = await browser.newPage({ baseURL: server.baseUrl });
    await (await SignInPage.open(page)).signIn(user.email, testPassword);

    await page.goto('/evaluations/cases-browser/case-studies');
    const list = await new HeadedPage(page, 'case-studies', 'Case studies').expectLoaded();
    const form = await list.to(list.link('Add a site'), 'site-form', 'Add a case-study site');
    await form.page.getByLabel('Name of the site').fill('Riverton');
    await form.page.getByLabel('Urban').check();
    await form.page.getByLabel('Improvement project studied').fill('One equipment store');
    await form.page.getByLabel('Integrated care').check();
    await form.page.getByLabel('Equipment').check();
    let site = await form.to(form.button('Save'), 'site', 'Riverton');
    expect(await site.text()).toContain('Integrated care, Equipment');

    const criteria = await site.to(site.link('Selection criteria'), 'criteria', 'Selection criteria');
    const common = await criteria.to(criteria.button('Add the common criteria'), 'criteria', 'Selection criteria');
    expect(await common.text()).toContain('3 criteria added.');
    const sites = await common.to(common.link('All sites'), 'case-studies', 'Case studies');
    site = await sites.to(sites.link('Riverton'), 'site', 'Riverton');
    const judging = await site.to(site.link('Record which criteria the site meets'), 'site-criteria', 'Selection criteria');
    await judging.page.getByLabel('Met', { exact: true }).nth(0).check();
    await judging.page.getByLabel('Evidence (optional)').nth(0).fill('Twelve months by the plan');
    await judging.page.getByLabel('Met', { exact: true }).nth(2).check();
    site = await judging.to(judging.button('Save the criteria'), 'site', 'Riverton');
    expect(await site.text()).toContain('2 of 3 criteria met.');
    expect(await site.text()).toContain('Twelve months by the plan');

    const adding = await site.to(site.link('Add a stakeholder'), 'stakeholder-form', 'Add a stakeholder');
    const refused = await adding.to(adding.button('Add the stakeholder'), 'stakeholder-form', 'Add a stakeholder');
    expect((await refused.summaryErrors()).map((e) => e.text)).toEqual(['Choose the kind of stakeholder', 'Enter the name or a description']);
    await refused.page.getByLabel('Practitioners').check();
    await refused.page.getByLabel('Name or description').fill('Occupational therapist');
    site = await refused.to(refused.button('Add the stakeholder'), 'site', 'Riverton');
    expect(await site.text()).toContain('Practitioners (1) Occupational therapist');

    const forms = await site.to(site.link('Extraction forms'), 'forms', 'Extraction forms');
    await forms.page.getByLabel('Name of the form').fill('Review');
    const review = await forms.to(forms.button('Add the form'), 'form', 'Review');
    await review.page.getByLabel('Label').fill('Referred on');
    await review.page.getByLabel('Date', { exact: true }).check();
    await review.page.getByLabel('An answer is required').check();
    const withField = await review.to(review.button('Add the field'), 'form', 'Review');
    await withField.page.getByLabel('Label').fill('Outcome');
    await withField.page.getByLabel('One of a list').check();
    await withField.page.getByLabel('Choices, one on each line').fill('Better\nSame');
    const twoFields = await withField.to(withField.button('Add the field'), 'form', 'Review');
    expect(await twoFields.text()).toContain('Outcome One of a list: Better, Same');

    const again = await twoFields.to(twoFields.link('All sites'), 'case-studies', 'Case studies');
    site = await again.to(again.link('Riverton'), 'site', 'Riverton');
    const files = await site.to(site.page.getByRole('link', { name: /^Case files and samples/ }), 'case-files', 'Case files');
    await files.page.getByLabel('Register case files').fill('RV-1\nRV-2\nRV-3\nRV-4');
    const registered = await files.to(files.button('Register the case files'), 'case-files', 'Case files');
    await registered.page.getByLabel('How many case files').fill('2');
    await registered.page.getByLabel('Seed (optional)').fill('2006');
    const sampled = await registered.to(registered.button('Draw the sample'), 'case-files', 'Case files');
    expect(await sampled.text()).toMatch(/Sample of 2 drawn with seed 2006: RV-\d, RV-\d/);
    const first = (await sampled.text()).match(/seed 2006: (RV-\d)/)![1]!;

    const file = await sampled.to(sampled.link(first), 'case-file', `Case file ${first}`);
    const extracting = await file.to(file.link('Extract on “Review”'), 'extraction', 'Review');
    await extracting.page.getByLabel('Referred on').fill('30/2/2006');
    const wrong = await extracting.to(extracting.button('Save the extraction'), 'extraction', 'Review');
    expect((await wrong.summaryErrors()).map((e) => e.text)).toEqual(['“Referred on” must be a real date, like 31/3/2006']);
    await wrong.page.getByLabel('Referred on').fill('28/2/2006');
    await wrong.page.getByLabel('Better').check();
    const extracted = await wrong.to(wrong.button('Save the extraction'), 'case-file', `Case file ${first}`);
    expect(await extracted.text()).toContain('Referred on 2006-02-28');

    await extracted.page.getByLabel('Day').fill('3');
    await extracted.page.getByLabel('Month').fill('3');
    await extracted.page.getByLabel('Year').fill('2006');
    await extracted.page.getByLabel('Agency', { exact: true }).fill('Equipment store');
    const timeline = await extracted.to(extracted.button('Add the contact'), 'case-file', `Case file ${first}`);
    expect(await timeline.text()).toContain('1 contact with 1 agency from 2006-03-03 to 2006-03-03: Equipment store (1).');
    expect(await timeline.page.locator('svg[role="img"]').count()).toBe(1);

    const matrix = await timeline.to(timeline.link('Criteria by site'), 'matrix', 'Criteria by site');
    expect(await matrix.text()).toContain('Criteria met 2 of 3');
  });
});
