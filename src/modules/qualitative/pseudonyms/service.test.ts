import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../../../test/app.ts';
import { backends } from '../../../../test/databases.ts';
import type { Database } from '../../../db/database.ts';
import { createEvaluation } from '../../evaluations/service.ts';
import { addPerson, createUnit } from '../../organisation/service.ts';
import { addTerm, deleteTerm, listTerms, prereleaseCheck, pseudonymise, seedTerms, updateTerm } from './service.ts';

describe.each(backends)('pseudonymisation on $name', (backend) => {
  let database: Database;
  let userId: string;
  let evaluationId: string;
  beforeAll(async () => {
    database = await backend.open();
    userId = (await addUser(database)).id;
    evaluationId = (await createEvaluation(database.db, userId, { title: 'Pseudonyms' })).id;
    await createUnit(database.db, userId, evaluationId, { kind: 'programme', name: 'Mental Health', shortName: 'MH' });
    await createUnit(database.db, userId, evaluationId, { kind: 'programme', name: 'Mental Health Programme' });
    await createUnit(database.db, userId, evaluationId, { kind: 'region', name: 'North West' });
    await createUnit(database.db, userId, evaluationId, { kind: 'team', name: 'Finance' });
    await addPerson(database.db, userId, evaluationId, { name: 'Pat Example' });
    await addPerson(database.db, userId, evaluationId, { name: 'Sam Sample' });
  });
  afterAll(() => database.close());

  it('seeds terms from programmes, regions and the directory once, and pseudonymises longest first', async () => {
    expect(await seedTerms(database.db, userId, evaluationId)).toEqual({ fromUnits: 3, fromDirectory: 2 });
    expect(await seedTerms(database.db, userId, evaluationId)).toEqual({ fromUnits: 0, fromDirectory: 0 });
    const terms = await listTerms(database.db, evaluationId);
    expect(terms.map((t) => [t.kind, t.term, t.variants, t.replacement])).toEqual([
      ['person', 'Pat Example', [], '[name]'],
      ['person', 'Sam Sample', [], '[name]'],
      ['place', 'North West', [], '[name of place]'],
      ['programme', 'Mental Health', ['MH'], '[name of programme]'],
      ['programme', 'Mental Health Programme', [], '[name of programme]'],
    ]);
    const text = 'pat example said the MENTAL HEALTH PROGRAMME in the North West (not the north-western MHz) was Mental Health’s best; Finance agreed.';
    expect(await pseudonymise(database.db, evaluationId, text)).toBe('[name] said the [name of programme] in the [name of place] (not the north-western MHz) was [name of programme]’s best; Finance agreed.');
  });

  it('adds, edits and deletes terms with variants and a default replacement', async () => {
    const term = await addTerm(database.db, userId, evaluationId, { kind: 'organisation', term: 'Acme Trust', variants: 'the Trust\nAcme\n\nAcme' });
    expect(term).toMatchObject({ variants: ['the Trust', 'Acme'], replacement: '[name of organisation]' });
    await expect(addTerm(database.db, userId, evaluationId, { kind: 'other', term: 'acme trust' })).rejects.toThrow('"acme trust" is already on the list');
    const edited = await updateTerm(database.db, userId, evaluationId, term.id, { kind: 'organisation', term: 'Acme Trust', variants: ['Acme'], replacement: '[a trust]' });
    expect(await pseudonymise(database.db, evaluationId, 'ACME and Acme Trust and the Trust')).toBe('[a trust] and [a trust] and the Trust');
    await deleteTerm(database.db, userId, evaluationId, edited.id);
    expect(await pseudonymise(database.db, evaluationId, 'Acme')).toBe('Acme');
  });

  it('lists every term and directory name still in texts about to leave the team', async () => {
    await addPerson(database.db, userId, evaluationId, { name: 'Zoë Unlisted' });
    const results = await prereleaseCheck(database.db, evaluationId, [
      { id: 'q1', text: 'As 😀 Zoë Unlisted said, MH was slow.' },
      { id: 'q2', text: 'As [name] said, [name of programme] was slow.' },
    ]);
    expect(results).toEqual([
      {
        id: 'q1',
        clear: false,
        findings: [
          { source: 'directory', kind: 'person', term: 'Zoë Unlisted', found: 'Zoë Unlisted', at: 5 },
          { source: 'term', kind: 'programme', term: 'Mental Health', found: 'MH', at: 24 },
        ],
      },
      { id: 'q2', clear: true, findings: [] },
    ]);
  });

  it('does not report a name inside a replacement the pseudonymisation inserted, but still reports one outside it', async () => {
    await addTerm(database.db, userId, evaluationId, { kind: 'other', term: 'Programme', replacement: '[name of programme]' });
    await addTerm(database.db, userId, evaluationId, { kind: 'programme', term: 'Rose Programme', replacement: '[name of Rose Programme]' });
    await addPerson(database.db, userId, evaluationId, { name: 'Rose' });
    const quote = 'Before the merger the Rose Programme and the programme next door never spoke.';
    const released = await pseudonymise(database.db, evaluationId, quote);
    expect(released).toBe('Before the merger the [name of Rose Programme] and the [name of programme] next door never spoke.');
    const [clean, leaking, lowerCase] = await prereleaseCheck(database.db, evaluationId, [
      { id: 'clean', text: released },
      { id: 'leaking', text: `${released} Rose said the PROGRAMME was hers.` },
      // Written by the speaker, not inserted: the case differs from the replacement's own.
      { id: 'lower-case', text: '[name of rose programme]' },
    ]);
    expect(clean).toEqual({ id: 'clean', clear: true, findings: [] });
    expect(leaking!.findings.map((f) => [f.found, f.term, f.source])).toEqual([
      ['Rose', 'Rose', 'directory'],
      ['PROGRAMME', 'Programme', 'term'],
    ]);
    expect(lowerCase!.findings.map((f) => f.found)).toEqual(['rose programme']);
  });
});
