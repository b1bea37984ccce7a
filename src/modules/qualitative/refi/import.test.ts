import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../../test/databases.ts';
import { addUser } from '../../../../test/app.ts';
import type { Database } from '../../../db/database.ts';
import { createEvaluation, setMember } from '../../evaluations/service.ts';
import { listCodes, listCodings, listSources, segmentsForCode } from '../service.ts';
import { importQdpx } from './import.ts';
import * as store from './store.ts';
import { fixtureQdpx } from './test-projects.ts';

describe.each(backends)('importing the hand-authored REFI-QDA project on $name', (backend) => {
  let database: Database;
  let leadId: string;
  beforeAll(async () => {
    database = await backend.open();
    leadId = (await addUser(database, 'Lena Lead')).id;
  });
  afterAll(() => database.close());

  async function importFixture(title: string) {
    const evaluation = await createEvaluation(database.db, leadId, { title });
    const report = await importQdpx(database.db, leadId, evaluation.id, { content: await fixtureQdpx(), filename: 'hand-authored.qdpx' });
    return { evaluationId: evaluation.id, report };
  }

  it('nests the codes as in the file, with colours and descriptions, non-codable codes as parents', async () => {
    const { evaluationId, report } = await importFixture('Codes');
    const codes = await listCodes(database.db, evaluationId);
    const byName = new Map(codes.map((c) => [c.name, c]));
    const parentName = (name: string) => codes.find((c) => c.id === byName.get(name)?.parentId)?.name ?? null;
    expect(codes.map((c) => c.name).sort()).toEqual(['Diet', 'Health', 'Topics', 'Wellbeing']);
    expect([parentName('Topics'), parentName('Health'), parentName('Diet'), parentName('Wellbeing')]).toEqual([null, 'Topics', 'Health', 'Topics']);
    expect(byName.get('Health')).toMatchObject({ colour: '#33cc33', description: 'Anything about physical or mental health' });
    expect(byName.get('Diet')).toMatchObject({ colour: '#dc0000', description: 'Food and eating habits' });
    expect(byName.get('Topics')?.colour).toBe('#1d70b8');
    expect(report.project).toEqual({ name: 'Sample Study', origin: 'refi_qda test fixture' });
    expect(report.imported).toEqual({ codes: 4, participants: 1, participantsMatched: 0, attributes: 2, sources: 1, codings: 2, memos: 1 });
  });

  it('keeps the two overlapping selections with their texts, counted in code points', async () => {
    const { evaluationId } = await importFixture('Selections');
    const [source] = await listSources(database.db, evaluationId);
    expect(source).toMatchObject({ name: 'Interview 1.txt', kind: 'document', length: 53 });
    const codings = await listCodings(database.db, evaluationId, source!.id);
    expect(codings.map((c) => [c.codeName, c.start, c.end])).toEqual([['Health', 0, 15], ['Diet', 9, 23]]);
    const codes = new Map((await listCodes(database.db, evaluationId)).map((c) => [c.name, c.id]));
    expect((await segmentsForCode(database.db, evaluationId, codes.get('Health')!)).map((s) => s.text)).toEqual(['Diet and health']);
    expect((await segmentsForCode(database.db, evaluationId, codes.get('Diet')!)).map((s) => s.text)).toEqual(['health are clo']);
  });

  it('makes the case a participant with its typed variables as attributes, linked to its source', async () => {
    const { evaluationId, report } = await importFixture('Cases');
    const participants = await store.participantsOfEvaluation(database.db, evaluationId);
    expect(participants.map((p) => p.label)).toEqual(['Participant 1']);
    const attributes = await store.attributesOfEvaluation(database.db, evaluationId);
    expect(attributes.map((a) => [a.name, a.value])).toEqual([['Age', '34'], ['Consented', 'true']]);
    expect((await listSources(database.db, evaluationId))[0]?.participantId).toBe(participants[0]!.id);
    const reasons = new Map(report.notImported.map((n) => [`${n.element}|${n.name}`, n.reason]));
    expect(reasons.get('case description|Participant 1')).toContain('"A pseudonymised interview participant."');
    expect(reasons.get('case code|Participant 1')).toContain('coded with "Health"');
    expect(reasons.get('case selections|Participant 1')).toContain('1 selection');
  });

  it('turns the note into a project memo', async () => {
    const { evaluationId } = await importFixture('Notes');
    const memos = await store.memosOfEvaluation(database.db, evaluationId);
    expect(memos.map((m) => [m.subject, m.subject_id, m.title, m.body])).toEqual([['project', null, 'Research memo', 'Remember to follow up on diet-related comments.']]);
  });

  it('reports by name every picture, PDF, audio and video source, link, set and graph it did not import', async () => {
    const { report } = await importFixture('Report');
    const left = report.notImported.map((n) => `${n.element}: ${n.name}`);
    expect(left).toEqual(expect.arrayContaining([
      'picture source: photo.jpg',
      'PDF source: doc.pdf',
      'audio source: interview.m4a',
      'video source: clip.mp4',
      'link: Memo-Selection Relation',
      'set: Diet-related',
      'graph: Model',
    ]));
    const reason = (name: string) => report.notImported.find((n) => n.name === name)?.reason ?? '';
    expect(reason('photo.jpg')).toBe('Formative codes texts only, so the picture source and its 1 coding were not imported; its file (internal://22222222-2222-2222-2222-222222222222.jpg) is not in the archive either');
    expect(reason('doc.pdf')).toContain('its file (internal://33333333-3333-3333-3333-333333333333.pdf) is not in the archive either');
    expect(reason('interview.m4a')).toBe('Formative codes texts only, so the audio source and its 2 codings were not imported; its file is outside the archive (relative:///Audio/interview.m4a); its 1 transcript was not imported either');
    expect(reason('clip.mp4')).toBe('Formative codes texts only, so the video source and its 1 coding were not imported; its file is outside the archive (absolute:///Users/example/ExternalMedia/clip.mp4)');
  });

  it('matches the coder to a member by name, and otherwise keeps the name in each coding memo', async () => {
    const unmatched = await importFixture('Unmatched coder');
    const [source] = await listSources(database.db, unmatched.evaluationId);
    const codings = await listCodings(database.db, unmatched.evaluationId, source!.id);
    expect(codings.map((c) => [c.coderId, c.memo])).toEqual([[null, 'Coded by Researcher A'], [null, 'Coded by Researcher A']]);
    expect(unmatched.report.coders).toEqual([{ name: 'Researcher A', memberId: null, memberName: null, codings: 2 }]);
    expect(unmatched.report.notImported.find((n) => n.element === 'user')?.reason).toContain('2 codings were imported without a coder');

    const evaluation = await createEvaluation(database.db, leadId, { title: 'Matched coder' });
    const researcher = await addUser(database, 'Researcher A');
    await setMember(database.db, leadId, evaluation.id, { email: researcher.email, role: 'coder' });
    const report = await importQdpx(database.db, leadId, evaluation.id, { content: await fixtureQdpx(), filename: 'hand-authored.qdpx' });
    expect(report.coders).toEqual([{ name: 'Researcher A', memberId: researcher.id, memberName: 'Researcher A', codings: 2 }]);
    const [matchedSource] = await listSources(database.db, evaluation.id);
    expect((await listCodings(database.db, evaluation.id, matchedSource!.id)).map((c) => [c.coderId, c.memo])).toEqual([[researcher.id, ''], [researcher.id, '']]);
    expect(report.notImported.some((n) => n.element === 'user')).toBe(false);
  });

  it('matches a case to a participant of the same name, keeping the values already there', async () => {
    const { evaluationId } = await importFixture('Twice');
    const again = await importQdpx(database.db, leadId, evaluationId, { content: await fixtureQdpx(), filename: 'again.qdpx' });
    expect(again.imported).toMatchObject({ participants: 0, participantsMatched: 1, attributes: 0 });
    expect(await store.participantsOfEvaluation(database.db, evaluationId)).toHaveLength(1);
    expect((await listSources(database.db, evaluationId)).map((s) => s.participantId)).toEqual([expect.any(String), expect.any(String)]);
  });
});
