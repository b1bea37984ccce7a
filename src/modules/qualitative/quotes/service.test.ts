import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../../test/databases.ts';
import type { Database } from '../../../db/database.ts';
import { addPerson } from '../../organisation/directory.ts';
import { buildTestProject, type TestProject } from '../analysis/test-project.ts';
import { addTerm } from '../pseudonyms/service.ts';
import { attributionFor } from './attribution.ts';
import { addQuote, attributionRules, editQuote, listQuotes, quotePrereleaseCheck, quotesForCodes, removeQuote, saveAttributionRules } from './service.ts';

describe('attribution rules', () => {
  const rules = [
    { roleCategory: '*', attribution: 'Senior Manager' },
    { roleCategory: 'external', attribution: 'External stakeholder' },
    { roleCategory: 'regional director', attribution: 'Regional Director' },
  ];
  it('uses the role’s own rule, then the external rule for outsiders, then the rule for every role', () => {
    expect(attributionFor({ roleCategory: 'Regional Director', external: false }, rules)).toBe('Regional Director');
    expect(attributionFor({ roleCategory: 'Chief executive', external: false }, rules)).toBe('Senior Manager');
    expect(attributionFor({ roleCategory: 'Council officer', external: true }, rules)).toBe('External stakeholder');
    expect(attributionFor({ roleCategory: '', external: false }, rules)).toBe('Senior Manager');
  });
  it('falls back to generic words, never to who the speaker is', () => {
    expect(attributionFor({ roleCategory: 'Chief executive', external: false }, [])).toBe('Interviewee');
    expect(attributionFor({ roleCategory: 'Chief executive', external: true }, [])).toBe('External stakeholder');
    expect(attributionFor(null, rules)).toBe('Document');
  });
});

describe.each(backends)('quote bank on $name', (backend) => {
  let database: Database;
  let p: TestProject;
  const codings: Record<string, string> = {};
  beforeAll(async () => {
    database = await backend.open();
    p = await buildTestProject(database);
    codings.board = await p.code('SM01', 'The board said the eight programmes could not go on alone.', p.codes.tension, { valence: 'facilitating' });
    codings.funding = await p.code('SM02', 'Funding stayed with the largest programme, so the rest of us had no dedicated time.', p.codes.time, { valence: 'inhibiting' });
    codings.outside = await p.code('EX01', 'strong advocacy from the chief executive', p.codes.advocacy);
    codings.refused = await p.code('SM03', 'the Mental Health Programme went its own way', p.codes.tension);
    codings.plan = await p.code('plan', 'pool funding across programmes', p.codes.time);
    await addTerm(database.db, p.lead.id, p.evaluationId, { kind: 'organisation', term: 'The board', replacement: '[governing body]' });
    await addTerm(database.db, p.lead.id, p.evaluationId, { kind: 'programme', term: 'Mental Health Programme' });
    await addPerson(database.db, p.lead.id, p.evaluationId, { name: 'Rosa Patel' });
  });
  afterAll(() => database.close());

  it('takes a quote from a segment, pseudonymised, attributed by the rules and never by the participant', async () => {
    const quote = await addQuote(database.db, p.coderA.id, p.evaluationId, { codingId: codings.board!, note: 'For the findings on tension' });
    expect(quote.text).toBe('[governing body] said the eight programmes could not go on alone.');
    expect(quote.originalText).toBe(quote.text);
    expect(quote).toMatchObject({ codeName: 'Tension for change', valence: 'facilitating', attribution: 'Interviewee', edited: false });
    await saveAttributionRules(database.db, p.lead.id, p.evaluationId, {
      rules: [{ roleCategory: '*', attribution: 'Senior Manager' }, { roleCategory: 'External', attribution: 'External stakeholder' }, { roleCategory: 'Programme lead', attribution: '' }],
    });
    const rows = await attributionRules(database.db, p.evaluationId);
    expect(rows.map((r) => [r.label, r.attribution])).toEqual([
      ['Every role without a rule of its own', 'Senior Manager'],
      ['Chief executive', ''],
      ['External', 'External stakeholder'],
      ['Programme lead', ''],
    ]);
    const outside = await addQuote(database.db, p.coderA.id, p.evaluationId, { codingId: codings.outside! });
    const [again] = (await listQuotes(database.db, p.evaluationId)).filter((q) => q.id === quote.id);
    expect(again!.attribution).toBe('Senior Manager');
    expect(outside.attribution).toBe('External stakeholder');
    for (const q of await listQuotes(database.db, p.evaluationId)) expect(q.attribution).not.toMatch(/SM0|EX0/);
  });

  it('takes a part of a segment, and refuses a part outside it', async () => {
    const range = p.rangeOf('SM02', 'Funding stayed with the largest programme');
    const part = await addQuote(database.db, p.coderB.id, p.evaluationId, { codingId: codings.funding!, start: range.start, end: range.end });
    expect(part.text).toBe('Funding stayed with the largest programme');
    expect(part.attribution).toBe('Senior Manager');
    await expect(addQuote(database.db, p.coderB.id, p.evaluationId, { codingId: codings.funding!, start: range.start - 5, end: range.end })).rejects.toThrow('within the segment');
  });

  it('refuses a quote when the participant did not consent to quotation', async () => {
    await expect(addQuote(database.db, p.coderA.id, p.evaluationId, { codingId: codings.refused! })).rejects.toThrow('The participant in Interview SM03 did not consent to being quoted, so no quote can be taken from it.');
    await expect(addQuote(database.db, p.coderA.id, p.evaluationId, { codingId: p.participants.SM01 })).rejects.toThrow('Coding not found');
    const fromDocument = await addQuote(database.db, p.coderA.id, p.evaluationId, { codingId: codings.plan! });
    expect(fromDocument.attribution).toBe('Document');
  });

  it('edits the text (pseudonymised again) keeping the original, and removes quotes', async () => {
    const quote = await addQuote(database.db, p.coderA.id, p.evaluationId, { codingId: codings.board! });
    const edited = await editQuote(database.db, p.coderA.id, p.evaluationId, quote.id, { text: 'The board said […] the programmes could not go on alone, as Rosa Patel put it.', note: 'shortened' });
    expect(edited.text).toBe('[governing body] said […] the programmes could not go on alone, as Rosa Patel put it.');
    expect(edited.originalText).toBe('[governing body] said the eight programmes could not go on alone.');
    expect(edited).toMatchObject({ edited: true, note: 'shortened' });
    await expect(editQuote(database.db, p.coderA.id, p.evaluationId, quote.id, { text: '   ' })).rejects.toThrow('Enter the text');

    // The check finds the directory name left in the edit, and a term listed after a quote was taken.
    await addTerm(database.db, p.lead.id, p.evaluationId, { kind: 'other', term: 'eight programmes', replacement: '[several programmes]' });
    const check = await quotePrereleaseCheck(database.db, p.evaluationId);
    const problems = new Map(check.problems.map((x) => [x.quote.id, x.findings.map((f) => `${f.source}:${f.found}`)]));
    expect(problems.get(quote.id)).toEqual(['directory:Rosa Patel']);
    const first = (await listQuotes(database.db, p.evaluationId)).find((q) => q.text === '[governing body] said the eight programmes could not go on alone.')!;
    expect(problems.get(first.id)).toEqual(['term:eight programmes']);
    expect(check.problems.every((x) => x.findings.length > 0)).toBe(true);
    expect(check.checked).toBe((await listQuotes(database.db, p.evaluationId)).length);

    await removeQuote(database.db, p.coderA.id, p.evaluationId, quote.id);
    expect((await listQuotes(database.db, p.evaluationId)).some((q) => q.id === quote.id)).toBe(false);
    await expect(removeQuote(database.db, p.coderA.id, p.evaluationId, quote.id)).rejects.toThrow('Quote not found');
  });

  it('hands reports the quotes of some codes, without source or speaker, leaving out withdrawn consent', async () => {
    const before = await quotesForCodes(database.db, p.evaluationId, [p.codes.time.id]);
    expect(before.map((q) => q.text).sort()).toEqual(['Funding stayed with the largest programme', 'pool funding across programmes']);
    expect(Object.keys(before[0]!).sort()).toEqual(['attribution', 'codeId', 'codeName', 'id', 'text', 'valence']);
    await database.db.updateTable('interviews').set({ consent_quote: false }).where('id', '=', p.interviews.SM02).execute();
    const after = await quotesForCodes(database.db, p.evaluationId, [p.codes.time.id, p.codes.advocacy.id]);
    expect(after.map((q) => `${q.codeName}: ${q.text} (${q.attribution})`).sort()).toEqual([
      'Dedicated time and resources: pool funding across programmes (Document)',
      'Support and advocacy: strong advocacy from the chief executive (External stakeholder)',
    ]);
    expect((await listQuotes(database.db, p.evaluationId, p.codes.time.id)).find((q) => q.sourceName === 'Interview SM02')!.mayQuote).toBe(false);
    expect(await quotesForCodes(database.db, p.evaluationId, [])).toEqual([]);
  });
});
