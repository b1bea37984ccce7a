import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createEvaluation } from '../src/modules/evaluations/service.ts';
import { createSource } from '../src/modules/qualitative/service.ts';
import { loadFramework } from '../src/modules/qualitative/codebook/load-framework.ts';
import { backends } from '../test/databases.ts';
import { testPassword } from '../test/app.ts';
import { expectAccessible } from './support/axe.ts';
import { useBrowser } from './support/browser.ts';
import { useServer } from './support/server.ts';
import { CodebookPage, CodebookScreen } from './support/pages/codebook-page.ts';
import { SourcesPage } from './support/pages/coding-page.ts';
import { EvaluationOverviewPage } from './support/pages/evaluation-overview-page.ts';
import { SignInPage } from './support/pages/sign-in-page.ts';

const browser = useBrowser();

// Journeys through several large pages, each checked by axe: more time than a unit test needs.
const journey = 240_000;

// Two speaker turns, each with an emoji before the words coded in it: an emoji is one code point
// but two UTF-16 units, so a wrong conversion would shift the coded text by a character.
const question = 'How did the merger feel at first?';
const answer = '😀 Honestly there was real tension for change 🎉 across the programmes.';
const followUp = 'And the resources?';
const reply = '🙂 We never had dedicated time for it, not once.';
const content = [question, answer, followUp, reply].join('\n');

function turnsOf(lines: { speaker: string; text: string }[]) {
  let start = 0;
  return lines.map(({ speaker, text }) => {
    const turn = { speaker, start, end: start + [...text].length };
    start = turn.end + 1;
    return turn;
  });
}

describe.each(backends)('coding in a browser, on $name', (backend) => {
  const server = useServer(backend);

  /** A lead signed in through the form, in a context of its own, on the overview of a new evaluation with one transcript. */
  async function signedIn(title: string, options: { javaScriptEnabled?: boolean; user?: { email: string } } = {}) {
    const page = await browser.newPage({ baseURL: server.baseUrl, ...(options.javaScriptEnabled === false ? { javaScriptEnabled: false } : {}) });
    const signIn = await SignInPage.open(page);
    await signIn.signIn(options.user!.email, testPassword);
    await page.goto(`/evaluations/${slugOf(title)}`);
    await new EvaluationOverviewPage(page, title).expectLoaded();
    return page;
  }

  const slugOf = (title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, '-');

  /** Made directly, where the forms are not what is being tested. */
  async function evaluationWithTranscript(title: string, { withGreenhalgh = false } = {}) {
    const user = await server.addUser('Cora Coder');
    const evaluation = await createEvaluation(server.database.db, user.id, { title, slug: slugOf(title) });
    if (withGreenhalgh) await loadFramework(server.database.db, user.id, evaluation.id, 'greenhalgh-2004');
    await createSource(server.database.db, user.id, evaluation.id, {
      kind: 'transcript',
      name: 'SM07 interview',
      content,
      turns: turnsOf([
        { speaker: 'Interviewer', text: question },
        { speaker: 'SM07', text: answer },
        { speaker: 'Interviewer', text: followUp },
        { speaker: 'SM07', text: reply },
      ]),
    });
    return user;
  }

  async function loadGreenhalgh(page: Page): Promise<CodebookPage> {
    const empty = await CodebookPage.fromNavigation(page);
    expect(await empty.topLevel().catch(() => [])).toEqual([]);
    const frameworks = await empty.openFrameworks();
    const greenhalgh = await frameworks.openFramework('Greenhalgh et al. 2004', 'Diffusion of innovations in service organisations');
    expect(await greenhalgh.constructsOf('System readiness for innovation')).toEqual([
      'Tension for change', 'Innovation-system fit', 'Assessment of implications', 'Support and advocacy',
      'Dedicated time and resources', 'Capacity to evaluate the innovation',
    ]);
    const codebook = await greenhalgh.load();
    expect(await codebook.banner()).toBe('76 codes added from the framework.');
    return codebook;
  }

  it('loads the Greenhalgh framework from its page into a tree of codes', async () => {
    const title = 'Framework evaluation';
    const user = await evaluationWithTranscript(title);
    const page = await signedIn(title, { user });
    const codebook = await loadGreenhalgh(page);
    const top = await codebook.topLevel();
    expect(top.map((c) => c.name)).toEqual([
      'The innovation', 'Adoption by individuals', 'Communication and influence', 'System antecedents for innovation',
      'System readiness for innovation', 'Outer context', 'Implementation process', 'Linkage', 'Consequences',
    ]);
    expect(top.find((c) => c.name === 'System readiness for innovation')).toEqual({
      name: 'System readiness for innovation',
      colour: 'Light purple',
      children: ['Tension for change', 'Innovation-system fit', 'Assessment of implications', 'Support and advocacy', 'Dedicated time and resources', 'Capacity to evaluate the innovation'],
    });
  }, journey);

  it('codes a keyboard selection after an emoji, then a paragraph without JavaScript, and lists both', async () => {
    const title = 'Coding evaluation';
    const user = await evaluationWithTranscript(title, { withGreenhalgh: true });
    const page = await signedIn(title, { user });
    const coding = await (await SourcesPage.fromNavigation(page)).openSource('SM07 interview');
    expect(await coding.codings()).toEqual([]);

    // Keyboard: caret before the phrase, Shift+Right to select it, C to open the panel, Escape to close it.
    await coding.selectWithKeyboard('real tension for change');
    const firstTry = await coding.openPanelWithShortcut();
    expect(await firstTry.selectionShown()).toBe('real tension for change');
    await firstTry.escape();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), { message: 'focus returns to the text' }).toBe('coding-source');
    await expect.poll(() => page.evaluate(() => document.getSelection()?.toString()), { message: 'the selection is kept' }).toBe('real tension for change');

    const panel = await coding.openPanelWithShortcut();
    await panel.choose({ codes: ['Tension for change', 'Support and advocacy'], valence: 'Facilitating', memo: 'Said twice' });
    const afterKeyboard = await panel.save();
    expect(await afterKeyboard.banner()).toBe('2 codings saved.');
    expect(await afterKeyboard.codings()).toEqual([
      expect.objectContaining({ Number: '1', Code: 'Support and advocacy', Valence: 'Facilitating', 'Coded text': 'real tension for change', Memo: 'Said twice', Coder: 'Cora Coder' }),
      expect.objectContaining({ Number: '2', Code: 'Tension for change', Valence: 'Facilitating', 'Coded text': 'real tension for change' }),
    ]);
    expect(await afterKeyboard.codingsUnderParagraph(2)).toEqual(['[1] Support and advocacy Facilitating', '[2] Tension for change Facilitating']);

    // Without JavaScript: the paragraph form codes the whole second answer, emoji and all.
    const noScript = await signedIn(title, { user, javaScriptEnabled: false });
    const codingNoJs = await (await SourcesPage.fromNavigation(noScript)).openSource('SM07 interview');
    const paragraph = await codingNoJs.codeParagraph(4);
    expect(await paragraph.paragraphText()).toBe(reply);
    const afterParagraph = await paragraph.code({ codes: ['Dedicated time and resources'], valence: 'Inhibiting' }, 'SM07 interview');
    expect(await afterParagraph.banner()).toBe('1 coding saved.');
    const expected = [
      ['Support and advocacy', 'Facilitating', 'real tension for change'],
      ['Tension for change', 'Facilitating', 'real tension for change'],
      ['Dedicated time and resources', 'Inhibiting', reply],
    ];
    expect((await afterParagraph.codings()).map((c) => [c.Code, c.Valence, c['Coded text']])).toEqual(expected);

    // The session with JavaScript sees the same.
    const sources = await afterKeyboard.backToSources();
    expect(await sources.sources()).toEqual([expect.objectContaining({ Name: 'SM07 interview', Codings: '3' })]);
    const again = await sources.openSource('SM07 interview');
    expect((await again.codings()).map((c) => [c.Code, c.Valence, c['Coded text']])).toEqual(expected);
  }, journey);

  it('explains what to do when nothing is selected, and says why a coding could not be saved', async () => {
    const title = 'Coding errors';
    const user = await evaluationWithTranscript(title, { withGreenhalgh: true });
    const page = await signedIn(title, { user });
    const coding = await (await SourcesPage.fromNavigation(page)).openSource('SM07 interview');
    await coding.text.focus();
    await page.keyboard.press('c');
    await expect.poll(() => page.locator('#coding-status').textContent()).toBe('Select some text first, then code it.');
    expect(await page.getByRole('dialog').isVisible()).toBe(false);

    await coding.selectWithRange('dedicated time');
    const panel = await coding.openPanelWithButton();
    await panel.dialog.getByRole('button', { name: 'Save coding' }).click();
    const error = panel.dialog.locator('#coding-panel-error');
    await error.waitFor({ state: 'visible' });
    expect((await error.textContent())?.replace(/\s+/g, ' ').trim()).toBe('Error: Choose at least one code, or name a new one');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('coding-panel-error');
    await expectAccessible(page, 'the code panel showing an error');
    await panel.dialog.getByLabel('Or a new code (optional)').fill('Protected time');
    const saved = await panel.save();
    expect((await saved.codings()).map((c) => [c.Code, c['Coded text']])).toEqual([['Protected time', 'dedicated time']]);

    // A coding nested inside it, selected with a precise range and coded with the button.
    await saved.selectWithRange('time');
    const nested = await saved.openPanelWithButton();
    expect(await nested.selectionShown()).toBe('time');
    await nested.choose({ codes: ['Dedicated time and resources'], valence: 'Mixed' });
    const withNested = await nested.save();
    expect((await withNested.codings()).map((c) => [c.Code, c.Valence, c['Coded text']])).toEqual([
      ['Protected time', 'Neutral', 'dedicated time'],
      ['Dedicated time and resources', 'Mixed', 'time'],
    ]);
    expect(await withNested.codingsUnderParagraph(4)).toEqual(['[1] Protected time Neutral', '[2] Dedicated time and resources Mixed']);
  }, journey);

  it('passes the accessibility checks on every codebook, coding and memo page, forms with errors included', async () => {
    const title = 'Page tour';
    const user = await evaluationWithTranscript(title, { withGreenhalgh: true });
    const page = await signedIn(title, { user });
    const coding = await (await SourcesPage.fromNavigation(page)).openSource('SM07 interview');
    await (await coding.codeParagraph(2)).code({ codes: ['Tension for change'], valence: 'Facilitating', memo: 'Whole answer' }, 'SM07 interview');

    // A coding's page, then memos about the source.
    const codingScreen = new CodebookScreen(page, 'SM07 interview', 'coding');
    const changeCoding = await codingScreen.follow({ link: 'Change coding 1, Tension for change' }, 'Change a coding', 'coding-change');
    await changeCoding.check('Mixed');
    const afterChange = await changeCoding.follow({ button: 'Save changes' }, 'SM07 interview', 'coding-changed');
    const sourceMemo = await afterChange.follow({ link: 'Write a memo about this source' }, 'Write a memo about a source', 'memo-new');
    const memoErrors = await sourceMemo.follow({ button: 'Save memo' }, 'Write a memo about a source', 'memo-new');
    expect(await memoErrors.summaryErrors()).toEqual([{ text: 'Write the memo', href: '#body' }]);
    await memoErrors.fill('Memo', 'The answer came after a long pause.');
    await memoErrors.follow({ button: 'Save memo' }, 'SM07 interview', 'coding-memo-saved');

    // A code's page and each of its forms, sent back with errors.
    await CodebookPage.open(page, slugOf(title));
    const code = await new CodebookScreen(page, 'Codebook', 'codebook').follow({ link: 'Tension for change' }, 'Tension for change', 'code');
    const change = await code.follow({ button: 'Change Tension for change' }, 'Change a code', 'code-change');
    await change.fill('Name', '');
    const changeErrors = await change.follow({ button: 'Save code' }, 'Change a code', 'code-change');
    expect((await changeErrors.summaryErrors()).map((e) => e.href)).toEqual(['#name']);
    const codePage = () => new CodebookScreen(page, 'Tension for change', 'code');
    await changeErrors.follow({ link: 'Cancel' }, 'Tension for change', 'code');
    const splitForm = await codePage().follow({ button: 'Split Tension for change' }, 'Split “Tension for change”', 'code-split');
    const splitErrors = await splitForm.follow({ button: 'Split code' }, 'Split “Tension for change”', 'code-split');
    expect((await splitErrors.summaryErrors()).map((e) => e.href)).toEqual(['#name', '#codingIds']);
    await splitErrors.follow({ link: 'Cancel' }, 'Tension for change', 'code');
    const mergeForm = await codePage().follow({ button: 'Merge Tension for change into another code' }, 'Merge “Tension for change” into another code', 'code-merge');
    const mergeErrors = await mergeForm.follow({ button: 'Merge codes' }, 'Merge “Tension for change” into another code', 'code-merge');
    expect((await mergeErrors.summaryErrors()).map((e) => e.href)).toEqual(['#into']);
    await mergeErrors.follow({ link: 'Cancel' }, 'Tension for change', 'code');
    const deleteForm = await codePage().follow({ button: 'Delete Tension for change' }, 'Delete “Tension for change”', 'code-delete');
    const deleteErrors = await deleteForm.follow({ button: 'Delete code' }, 'Delete “Tension for change”', 'code-delete');
    expect((await deleteErrors.summaryErrors()).map((e) => e.href)).toEqual(['#withCodings']);
    await deleteErrors.follow({ link: 'Cancel' }, 'Tension for change', 'code');

    // Memos about the code and the project, and the list of memos.
    const codeMemo = await codePage().follow({ link: 'Write a memo about this code' }, 'Write a memo about a code', 'memo-new');
    await codeMemo.fill('Memo', 'Use for felt pressure, not targets.');
    const withMemo = await codeMemo.follow({ button: 'Save memo' }, 'Tension for change', 'code-memo-saved');
    const codebook = await withMemo.follow({ link: 'Codebook' }, 'Codebook', 'codebook');
    const memos = await codebook.follow({ link: 'Memos' }, 'Memos', 'memos');
    const projectMemo = await memos.follow({ button: 'Write a memo about the project' }, 'Write a memo about the project', 'memo-new');
    await projectMemo.fill('Title (optional)', 'Emerging themes');
    await projectMemo.fill('Memo', 'Time is short everywhere.');
    const listed = await projectMemo.follow({ button: 'Save memo' }, 'Memos', 'memos');
    const memo = await listed.follow({ link: 'Emerging themes' }, 'Emerging themes', 'memo');
    await memo.follow({ button: 'Delete memo' }, 'Memos', 'memos');
  }, journey);
});
