import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backends } from '../../../../test/databases.ts';
import { addUser } from '../../../../test/app.ts';
import type { Database } from '../../../db/database.ts';
import { listAuditEntries } from '../../accounts/audit.ts';
import { createEvaluation } from '../../evaluations/service.ts';
import { addCoding, createCode, createSource, listCodes, type Code } from '../service.ts';
import { createMemo, listMemos } from '../coding/memos.ts';
import { loadFramework } from './load-framework.ts';
import { changeCode, codeSegments, deleteCode, mergeCode, splitCode } from './service.ts';
import { codePath, codeTree } from './tree.ts';

describe.each(backends)('codebook service on $name', (backend) => {
  let database: Database;
  let userId: string;
  let evaluationId: string;
  let sourceId: string;

  beforeAll(async () => {
    database = await backend.open();
    userId = (await addUser(database)).id;
  });
  afterAll(() => database.close());

  // A fresh evaluation for each test, with one source to code.
  beforeEach(async () => {
    evaluationId = (await createEvaluation(database.db, userId, { title: `Codebook ${Math.random()}` })).id;
    sourceId = (await createSource(database.db, userId, evaluationId, { kind: 'note', name: 'Note', content: 'We had little time and a lot of tension for change.' })).id;
  });

  const db = () => database.db;
  const codes = () => listCodes(db(), evaluationId);
  const byRef = async (ref: string) => (await codes()).find((c) => c.frameworkRef === ref)!;
  const counts = async () => Object.fromEntries((await codes()).map((c) => [c.name, c.codings]));
  const code = async (name: string, parentId?: string) => createCode(db(), userId, evaluationId, { name, parentId: parentId ?? null });
  const coding = (c: Code, start: number, end: number) => addCoding(db(), userId, evaluationId, { sourceId, codeId: c.id, start, end });

  it('loads a framework as a tree of codes with framework references, and a second load creates nothing', async () => {
    expect(await loadFramework(db(), userId, evaluationId, 'greenhalgh-2004')).toEqual({ created: 76, skipped: 0 });
    const all = await codes();
    expect(all).toHaveLength(76);
    const tree = codeTree(all);
    expect(tree.map((n) => n.name)).toEqual([
      'The innovation', 'Adoption by individuals', 'Communication and influence', 'System antecedents for innovation',
      'System readiness for innovation', 'Outer context', 'Implementation process', 'Linkage', 'Consequences',
    ]);
    const readiness = tree.find((n) => n.frameworkRef === 'greenhalgh-2004/system-readiness')!;
    expect(readiness.children.map((n) => n.frameworkRef)).toEqual([
      'greenhalgh-2004/tension-for-change', 'greenhalgh-2004/innovation-system-fit', 'greenhalgh-2004/assessment-of-implications',
      'greenhalgh-2004/support-and-advocacy', 'greenhalgh-2004/dedicated-time-and-resources', 'greenhalgh-2004/capacity-to-evaluate',
    ]);
    const slack = await byRef('greenhalgh-2004/slack-resources');
    expect(codePath(all, slack.id)).toEqual(['System antecedents for innovation', 'Structure', 'Slack resources']);
    expect(slack.description).toMatch(/^Money, staff time or capacity .*\n\nFrom Greenhalgh et al\. 2004\.$/);

    expect(await loadFramework(db(), userId, evaluationId, 'greenhalgh-2004')).toEqual({ created: 0, skipped: 76 });
    expect(await codes()).toHaveLength(76);
    const audit = (await listAuditEntries(db(), evaluationId)).entries.filter((e) => e.action === 'load-framework');
    expect(audit.map((e) => e.detail)).toEqual([{ framework: 'greenhalgh-2004', created: 0, skipped: 76 }, { framework: 'greenhalgh-2004', created: 76, skipped: 0 }]);
  });

  it('completes a half-loaded framework, leaving moved and renamed codes where they are', async () => {
    await loadFramework(db(), userId, evaluationId, 'cfir-2');
    const tension = await byRef('cfir-2/tension-for-change');
    await changeCode(db(), userId, evaluationId, tension.id, { name: 'Pressure to change', parentId: null });
    const funding = await byRef('cfir-2/funding');
    await deleteCode(db(), userId, evaluationId, funding.id, { withCodings: false });
    expect(await loadFramework(db(), userId, evaluationId, 'cfir-2')).toEqual({ created: 1, skipped: 71 });
    const after = await codes();
    expect(after).toHaveLength(72);
    expect(after.find((c) => c.id === tension.id)).toMatchObject({ name: 'Pressure to change', parentId: null });
    expect((await byRef('cfir-2/funding')).parentId).toBe((await byRef('cfir-2/available-resources')).id);
    await expect(loadFramework(db(), userId, evaluationId, 'no-such-framework')).rejects.toThrow('Framework not found');
  });

  it('merges a code into another: codings, sub-codes and memos move, the code goes, the audit log says so', async () => {
    const a = await code('Staff involvement');
    const b = await code('Support and advocacy');
    const child = await code('Front-line staff', a.id);
    await coding(a, 0, 6);
    await coding(a, 7, 18);
    await coding(b, 32, 39);
    await coding(child, 0, 2);
    await createMemo(db(), { id: userId, role: 'lead' }, evaluationId, { subject: 'code', subjectId: a.id, body: 'Overlaps with advocacy.' });
    expect(await counts()).toEqual({ 'Staff involvement': 2, 'Support and advocacy': 1, 'Front-line staff': 1 });

    const result = await mergeCode(db(), userId, evaluationId, a.id, b.id);
    expect(result).toMatchObject({ codingsMoved: 2, subCodesMoved: 1, memosMoved: 1 });
    expect(result.into.codings).toBe(3);
    expect(await counts()).toEqual({ 'Support and advocacy': 3, 'Front-line staff': 1 });
    expect((await codes()).find((c) => c.id === child.id)?.parentId).toBe(b.id);
    expect((await listMemos(db(), evaluationId, { subject: 'code', subjectId: b.id })).map((m) => m.body)).toEqual(['Overlaps with advocacy.']);
    expect((await codeSegments(db(), evaluationId, b.id)).map((s) => s.text)).toEqual(['We had', 'little time', 'tension']);
    const [entry] = (await listAuditEntries(db(), evaluationId)).entries.filter((e) => e.action === 'merge');
    expect(entry?.detail).toMatchObject({ name: 'Staff involvement', intoName: 'Support and advocacy', codingsMoved: 2 });
  });

  it('refuses to merge a code into itself, into its own sub-code, or into another evaluation’s code', async () => {
    const a = await code('Parent');
    const child = await code('Child', a.id);
    await expect(mergeCode(db(), userId, evaluationId, a.id, a.id)).rejects.toThrow('cannot be merged into itself');
    await expect(mergeCode(db(), userId, evaluationId, a.id, child.id)).rejects.toThrow('is a sub-code of "Parent"');
    const other = await createEvaluation(database.db, userId, { title: `Other ${Math.random()}` });
    const foreign = await createCode(db(), userId, other.id, { name: 'Theirs' });
    await expect(mergeCode(db(), userId, evaluationId, a.id, foreign.id)).rejects.toThrow('not in this evaluation');
    expect(await codes()).toHaveLength(2);
  });

  it('splits a code: the chosen codings go to a new code beside it, the others stay', async () => {
    const parent = await code('Outer context');
    const a = await code('Policy', parent.id);
    const kept = await coding(a, 0, 6);
    const moved1 = await coding(a, 7, 18);
    const moved2 = await coding(a, 25, 32);
    const result = await splitCode(db(), userId, evaluationId, a.id, { name: 'National policy', colour: '#d4351c', codingIds: [moved1.id, moved2.id] });
    expect(result.codingsMoved).toBe(2);
    expect(result.created).toMatchObject({ name: 'National policy', parentId: parent.id, colour: '#d4351c', codings: 2 });
    expect(await counts()).toEqual({ 'Outer context': 0, Policy: 1, 'National policy': 2 });
    expect((await codeSegments(db(), evaluationId, a.id)).map((s) => s.codingId)).toEqual([kept.id]);
    await expect(splitCode(db(), userId, evaluationId, a.id, { name: 'Nothing chosen', codingIds: [] })).rejects.toThrow('Choose at least one segment');
    await expect(splitCode(db(), userId, evaluationId, a.id, { name: 'Not its own', codingIds: [moved1.id] })).rejects.toThrow('not coded with this code');
    expect(await codes()).toHaveLength(3);
  });

  it('moves a code to a new parent keeping its codings, and refuses cycles', async () => {
    const top = await code('Top');
    const middle = await code('Middle', top.id);
    const bottom = await code('Bottom', middle.id);
    await coding(middle, 0, 6);
    await expect(changeCode(db(), userId, evaluationId, top.id, { parentId: bottom.id })).rejects.toThrow('cannot be moved under itself or under one of its own sub-codes');
    await expect(changeCode(db(), userId, evaluationId, top.id, { parentId: top.id })).rejects.toThrow('cannot be moved under itself');
    const moved = await changeCode(db(), userId, evaluationId, middle.id, { parentId: null });
    expect(moved).toMatchObject({ parentId: null, codings: 1 });
    expect(codePath(await codes(), bottom.id)).toEqual(['Middle', 'Bottom']);
    const back = await changeCode(db(), userId, evaluationId, top.id, { parentId: bottom.id });
    expect(codePath(await codes(), back.id)).toEqual(['Middle', 'Bottom', 'Top']);
    expect((await listAuditEntries(db(), evaluationId)).entries.filter((e) => e.action === 'move')).toHaveLength(2);
  });

  it('deletes a code with codings only once told they go too; its sub-codes move up a level', async () => {
    const top = await code('Top');
    const doomed = await code('Doomed', top.id);
    const child = await code('Child', doomed.id);
    await coding(doomed, 0, 6);
    await coding(child, 7, 18);
    await expect(deleteCode(db(), userId, evaluationId, doomed.id, { withCodings: false })).rejects.toThrow('has 1 coding: confirm that it goes too');
    expect(await counts()).toEqual({ Top: 0, Doomed: 1, Child: 1 });
    expect(await deleteCode(db(), userId, evaluationId, doomed.id, { withCodings: true })).toEqual({ codingsDeleted: 1, subCodesMoved: 1 });
    expect(await counts()).toEqual({ Top: 0, Child: 1 });
    expect((await codes()).find((c) => c.id === child.id)?.parentId).toBe(top.id);
    await expect(deleteCode(db(), userId, evaluationId, doomed.id, { withCodings: true })).rejects.toThrow('Code not found');
  });
});
