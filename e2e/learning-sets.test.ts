import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createEvaluation } from '../src/modules/evaluations/service.ts';
import { createFinding } from '../src/modules/findings/service.ts';
import { backends } from '../test/databases.ts';
import { testPassword } from '../test/app.ts';
import { useBrowser } from './support/browser.ts';
import { useServer } from './support/server.ts';
import { HeadedPage } from './support/pages/headed-page.ts';
import { SignInPage } from './support/pages/sign-in-page.ts';

const browser = useBrowser();

describe.each(backends)('learning sets in a browser, on $name', (backend) => {
  const server = useServer(backend);

  const signedIn = async (email: string, javaScriptEnabled = true): Promise<Page> => {
    const page = await browser.newPage({ baseURL: server.baseUrl, ...(javaScriptEnabled ? {} : { javaScriptEnabled: false }) });
    await (await SignInPage.open(page)).signIn(email, testPassword);
    return page;
  };

  it('sets up a learning set, holds a session, records feedback without JavaScript and shows the reality check', async () => {
    const user = await server.addUser('Lara Learning');
    const evaluation = await createEvaluation(server.database.db, user.id, { title: 'Sets in the browser', slug: 'sets-browser' });
    await createFinding(server.database.db, user.id, evaluation.id, { statement: 'Too many programmes compete for staff time', valence: 'inhibiting' });
    const page = await signedIn(user.email);

    await page.goto('/evaluations/sets-browser/learning-sets');
    const list = await new HeadedPage(page, 'learning-sets', 'Learning sets').expectLoaded();
    expect(await list.text()).toContain('There are no learning sets yet.');
    const form = await list.to(list.link('Add a learning set'), 'set-form', 'Add a learning set');
    await form.page.getByLabel('Name', { exact: true }).fill('Ward managers');
    await form.page.getByLabel('Internal staff set').check();
    let set = await form.to(form.button('Save learning set'), 'set', 'Ward managers');
    expect(await set.text()).toContain('No members yet.');

    for (const [name, role] of [['Ann Ash', 'Ward manager'], ['Ben Birch', 'Team leader']] as const) {
      await set.page.getByLabel('Name', { exact: true }).fill(name);
      await set.page.getByLabel('Role (optional)').fill(role);
      set = await set.to(set.button('Add member'), 'set', 'Ward managers');
    }
    expect(await set.text()).toMatch(/Ann Ash Ward manager[\s\S]*Ben Birch Team leader/);

    await set.page.getByLabel('Day').fill('12');
    await set.page.getByLabel('Month').fill('3');
    await set.page.getByLabel('Year').fill('2007');
    await set.page.getByLabel('Place (optional)').fill('Room 4');
    let session = await set.to(set.button('Plan session'), 'session', 'Session of 12 March 2007');
    expect(await session.text()).toContain('Who came is recorded once the session is marked as held.');

    await session.page.getByLabel('Held', { exact: true }).check();
    session = await session.to(session.button('Save status'), 'session', 'Session of 12 March 2007');
    expect(await session.text()).toContain('Status Held');
    await session.page.getByLabel('Ann Ash (Ward manager)').check();
    await session.page.getByLabel('Ben Birch (Team leader)').check();
    session = await session.to(session.button('Save who came'), 'session', 'Session of 12 March 2007');
    expect(await session.text()).toContain('Members who came 2 of 2');
    await session.page.getByLabel('1. Too many programmes compete for staff time').check();
    session = await session.to(session.button('Save findings presented'), 'session', 'Session of 12 March 2007');
    expect(await session.text()).toContain('Findings presented 1');

    // The grid is plain radios and text boxes: record it in a browser with scripts turned off.
    const sessionUrl = new URL(session.page.url()).pathname;
    const noScript = await signedIn(user.email, false);
    await noScript.goto(`${sessionUrl}/feedback`);
    const grid = await new HeadedPage(noScript, 'feedback', 'Feedback on the findings').expectLoaded();
    const cell = (member: string) => grid.page.getByRole('group', { name: `${member} on finding 1` });
    await cell('Ann Ash').getByLabel('Agrees', { exact: true }).check();
    await cell('Ben Birch').getByLabel('Note').fill('Only in the north');
    const wrong = await grid.to(grid.button('Save feedback'), 'feedback', 'Feedback on the findings');
    expect((await wrong.summaryErrors()).map((e) => e.text)).toEqual(['Choose Ben Birch’s response to finding 1, or clear the note']);
    expect(await cell('Ben Birch').getByLabel('Note').inputValue()).toBe('Only in the north');
    await cell('Ben Birch').getByLabel('Disagrees', { exact: true }).check();
    const saved = await wrong.to(wrong.button('Save feedback'), 'session', 'Session of 12 March 2007');
    expect(await saved.text()).toContain('Responses recorded 2');

    await page.goto('/evaluations/sets-browser/learning-sets');
    const again = await new HeadedPage(page, 'learning-sets', 'Learning sets').expectLoaded();
    const check = await again.to(again.link('reality check: feedback on each finding'), 'reality-check', 'Reality check: feedback on findings');
    const row = (await check.page.getByRole('row', { name: /Too many programmes/ }).innerText()).replace(/\s+/g, ' ');
    expect(row).toMatch(/Too many programmes compete for staff time 1 1 1 0 /);
    expect(row).toContain('Disagrees, Team leader (Ward managers, 2007-03-12): Only in the north');
  });

  it('asks why a session was cancelled before saving it', async () => {
    const user = await server.addUser('Cal Cancel');
    await createEvaluation(server.database.db, user.id, { title: 'Cancelled sets', slug: 'sets-cancelled' });
    const page = await signedIn(user.email);
    await page.goto('/evaluations/sets-cancelled/learning-sets/new');
    const form = await new HeadedPage(page, 'set-form', 'Add a learning set').expectLoaded();
    await form.page.getByLabel('Name', { exact: true }).fill('Front line');
    await form.page.getByLabel('Front-line practitioners’ set').check();
    const set = await form.to(form.button('Save learning set'), 'set', 'Front line');
    await set.page.getByLabel('Day').fill('19');
    await set.page.getByLabel('Month').fill('3');
    await set.page.getByLabel('Year').fill('2007');
    const session = await set.to(set.button('Plan session'), 'session', 'Session of 19 March 2007');

    await session.page.getByLabel('Cancelled', { exact: true }).check();
    const refused = await session.to(session.button('Save status'), 'session', 'Session of 19 March 2007');
    expect((await refused.summaryErrors()).map((e) => e.text)).toEqual(['Enter why the session was cancelled, for example “cancelled at the funder’s request”']);
    expect(await refused.fieldError(refused.page.getByLabel('Reason'))).toBe('Enter why the session was cancelled, for example “cancelled at the funder’s request”');
    await refused.page.getByLabel('Reason').fill('Cancelled at the funder’s request');
    const cancelled = await refused.to(refused.button('Save status'), 'session', 'Session of 19 March 2007');
    expect(await cancelled.text()).toContain('Status Cancelled: Cancelled at the funder’s request');

    const back = await cancelled.to(cancelled.link('Back to Front line'), 'set', 'Front line');
    const all = await back.to(back.link('All learning sets'), 'learning-sets', 'Learning sets');
    expect(await all.text()).toContain('19 March 2007: Cancelled (Cancelled at the funder’s request)');
  });
});
