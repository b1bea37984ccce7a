import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../../test/databases.ts';
import { addUser } from '../../../../test/app.ts';
import type { Database } from '../../../db/database.ts';
import { createEvaluation } from '../../evaluations/service.ts';
import { createCode, createSource, listCodes, type Source } from '../service.ts';
import { applyCodes, changeCoding, codingPage, listSourceCodings, markChecked, paragraphRange, removeCoding, selectionRange } from './service.ts';
import { changeMemo, createMemo, deleteMemo, listMemos } from './memos.ts';

const content = 'Interviewer: How did the merger feel?\nSM01: 😀 We had real tension for change 🎉 and little time.\n\nSM01: Budgets were 61% in one programme.';

describe.each(backends)('coding service on $name', (backend) => {
  let database: Database;
  let lead: { id: string; role: 'lead' };
  let coder: { id: string; role: 'coder' };
  let otherCoder: { id: string; role: 'coder' };
  let evaluationId: string;
  let source: Source;
  let tension: string;
  let time: string;

  beforeAll(async () => {
    database = await backend.open();
    lead = { id: (await addUser(database, 'Lead')).id, role: 'lead' };
    coder = { id: (await addUser(database, 'Coder')).id, role: 'coder' };
    otherCoder = { id: (await addUser(database, 'Other')).id, role: 'coder' };
    evaluationId = (await createEvaluation(database.db, lead.id, { title: 'Coding' })).id;
    source = await createSource(database.db, lead.id, evaluationId, { kind: 'transcript', name: 'SM01', content });
    tension = (await createCode(database.db, lead.id, evaluationId, { name: 'Tension for change' })).id;
    time = (await createCode(database.db, lead.id, evaluationId, { name: 'Dedicated time and resources' })).id;
  });
  afterAll(() => database.close());

  const db = () => database.db;

  it('turns a browser selection after an emoji into code points, trimming spaces at its ends', () => {
    const start16 = content.indexOf('real tension');
    const range = selectionRange(source, { start16: start16 - 1, end16: start16 + 'real tension for change'.length + 1, revision: 1 });
    expect([...content].slice(range.start, range.end).join('')).toBe('real tension for change');
    expect(range.start).toBe(start16 - 1); // one emoji before it: two UTF-16 units, one code point
    expect(() => selectionRange(source, { start16: 0, end16: content.length + 1 })).toThrow('not within the text');
    expect(() => selectionRange(source, { start16: 5, end16: 5 })).toThrow('not within the text');
    expect(() => selectionRange(source, { start16: -1, end16: 3 })).toThrow('not within the text');
    expect(() => selectionRange(source, { start16: 37, end16: 38 })).toThrow('only spaces');
    expect(() => selectionRange(source, { start16: 0, end16: 3, revision: 2 })).toThrow('The text has changed');
  });

  it('applies several codes to a selection at once, stores a double submit once, and cuts the text in SQL', async () => {
    const start16 = content.indexOf('real tension');
    const range = selectionRange(source, { start16, end16: content.indexOf(' 🎉') });
    const first = await applyCodes(db(), coder.id, evaluationId, source.id, range, { codeIds: [tension, time], valence: 'inhibiting', memo: 'Said with feeling' });
    expect(first.map((c) => [c.codeName, c.text, c.valence, c.memo, c.coderName])).toEqual([
      ['Dedicated time and resources', 'real tension for change', 'inhibiting', 'Said with feeling', 'Coder'],
      ['Tension for change', 'real tension for change', 'inhibiting', 'Said with feeling', 'Coder'],
    ]);
    const again = await applyCodes(db(), coder.id, evaluationId, source.id, range, { codeIds: [tension], valence: 'inhibiting' });
    expect(again.map((c) => c.id)).toEqual([first[1]!.id]);
    expect(await listSourceCodings(db(), evaluationId, source.id)).toHaveLength(2);
  });

  it('codes a whole paragraph, and creates an emergent code when one is named', async () => {
    const page = await codingPage(db(), evaluationId, source.id);
    expect(page.paragraphs.map((p) => p.text)).toEqual(['Interviewer: How did the merger feel?\nSM01: 😀 We had real tension for change 🎉 and little time.', 'SM01: Budgets were 61% in one programme.']);
    const range = paragraphRange(source, 2, source.revision);
    const [coding] = await applyCodes(db(), coder.id, evaluationId, source.id, range, { codeIds: [], newCodeName: 'Budget concentration', valence: 'mixed' });
    expect(coding).toMatchObject({ codeName: 'Budget concentration', text: 'SM01: Budgets were 61% in one programme.', valence: 'mixed' });
    expect((await listCodes(db(), evaluationId)).map((c) => c.name)).toContain('Budget concentration');
    expect(() => paragraphRange(source, 3)).toThrow('Paragraph not found');
    const marked = await codingPage(db(), evaluationId, source.id);
    expect(marked.paragraphs[0]!.html).toContain('data-codings="1 2"');
    expect(marked.paragraphs[1]!.codings.map((c) => c.codeName)).toEqual(['Budget concentration']);
    expect(marked.codings.map((c) => c.paragraph)).toEqual([1, 1, 2]);
  });

  it('refuses ranges outside the text, codes of another evaluation and sources of another evaluation', async () => {
    const other = await createEvaluation(db(), lead.id, { title: 'Another' });
    const foreign = await createCode(db(), lead.id, other.id, { name: 'Theirs' });
    const whole = [...content].length;
    await expect(applyCodes(db(), coder.id, evaluationId, source.id, { start: 0, end: whole + 1 }, { codeIds: [tension] })).rejects.toThrow('not within the text');
    await expect(applyCodes(db(), coder.id, evaluationId, source.id, { start: 4, end: 4 }, { codeIds: [tension] })).rejects.toThrow('not within the text');
    await expect(applyCodes(db(), coder.id, evaluationId, source.id, { start: 0, end: 5 }, { codeIds: [tension, foreign.id] })).rejects.toThrow('not in this evaluation');
    await expect(applyCodes(db(), coder.id, other.id, source.id, { start: 0, end: 5 }, { codeIds: [foreign.id] })).rejects.toThrow('Source not found');
    await expect(applyCodes(db(), coder.id, evaluationId, source.id, { start: 0, end: 5 }, { codeIds: [] })).rejects.toThrow('Choose at least one code');
    expect(await listSourceCodings(db(), evaluationId, source.id)).toHaveLength(3);
  });

  it('lets coders change and remove their own codings, researchers and leads anyone’s, and clears review flags', async () => {
    const [mine] = await applyCodes(db(), coder.id, evaluationId, source.id, { start: 0, end: 11 }, { codeIds: [time] });
    await expect(changeCoding(db(), otherCoder, evaluationId, source.id, mine!.id, { valence: 'facilitating' })).rejects.toThrow('Only the coder who made this coding');
    expect(await changeCoding(db(), coder, evaluationId, source.id, mine!.id, { valence: 'facilitating', memo: 'Opening' })).toMatchObject({ valence: 'facilitating', memo: 'Opening' });
    await db().updateTable('qda_codings').set({ needs_review: true, review_note: 'The text changed here' }).where('id', '=', mine!.id).execute();
    expect((await codingPage(db(), evaluationId, source.id)).codings.find((c) => c.id === mine!.id)).toMatchObject({ needsReview: true, reviewNote: 'The text changed here' });
    expect(await markChecked(db(), lead, evaluationId, source.id, mine!.id)).toMatchObject({ needsReview: false, reviewNote: '' });
    await expect(removeCoding(db(), otherCoder, evaluationId, source.id, mine!.id)).rejects.toThrow('Only the coder');
    await removeCoding(db(), lead, evaluationId, source.id, mine!.id);
    expect((await listSourceCodings(db(), evaluationId, source.id)).some((c) => c.id === mine!.id)).toBe(false);
    expect((await codingPage(db(), evaluationId, source.id, otherCoder.id)).codings).toEqual([]);
  });

  it('keeps memos on the project, codes and sources, changed only by their author or a researcher', async () => {
    const project = await createMemo(db(), coder, evaluationId, { subject: 'project', title: 'First thoughts', body: 'Tension everywhere.' });
    const aboutCode = await createMemo(db(), otherCoder, evaluationId, { subject: 'code', subjectId: tension, body: 'Use for felt pressure only.' });
    await createMemo(db(), coder, evaluationId, { subject: 'source', subjectId: source.id, body: 'Interview ran late.' });
    await expect(createMemo(db(), coder, evaluationId, { subject: 'code', body: 'No code named' })).rejects.toThrow('must name it');
    const other = await createEvaluation(db(), lead.id, { title: 'Elsewhere' });
    const foreign = await createCode(db(), lead.id, other.id, { name: 'Theirs' });
    await expect(createMemo(db(), coder, evaluationId, { subject: 'code', subjectId: foreign.id, body: 'Wrong place' })).rejects.toThrow('not in this evaluation');
    expect((await listMemos(db(), evaluationId)).map((m) => [m.subject, m.subjectName, m.authorName])).toEqual(
      expect.arrayContaining([['project', '', 'Coder'], ['code', 'Tension for change', 'Other'], ['source', 'SM01', 'Coder']]),
    );
    expect((await listMemos(db(), evaluationId, { subject: 'project', subjectId: null })).map((m) => m.id)).toEqual([project.id]);
    await expect(changeMemo(db(), coder, evaluationId, aboutCode.id, { body: 'Mine now' }, new Date())).rejects.toThrow('Only the memo’s author');
    expect((await changeMemo(db(), lead, evaluationId, aboutCode.id, { title: 'Scope', body: 'Felt pressure.' }, new Date())).title).toBe('Scope');
    await expect(deleteMemo(db(), otherCoder, evaluationId, project.id)).rejects.toThrow('Only the memo’s author');
    await deleteMemo(db(), coder, evaluationId, project.id);
    expect(await listMemos(db(), evaluationId)).toHaveLength(2);
  });
});
