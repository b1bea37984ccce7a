import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import { addUser } from '../../../test/app.ts';
import type { Database } from '../../db/database.ts';
import { HttpError } from '../../http/errors.ts';
import { listAuditEntries } from '../accounts/audit.ts';
import { createEvaluation } from '../evaluations/service.ts';
import * as instruments from './service.ts';

describe.each(backends)('licensed wording and scoring keys on $name', (backend) => {
  let database: Database;
  let userId: string;
  let evaluationId: string;
  let otherEvaluationId: string;

  beforeAll(async () => {
    database = await backend.open();
    userId = (await addUser(database, 'Rae Researcher')).id;
    evaluationId = (await createEvaluation(database.db, userId, { title: 'Wording test', slug: 'wording-test' })).id;
    otherEvaluationId = (await createEvaluation(database.db, userId, { title: 'Other', slug: 'other-test' })).id;
  });
  afterAll(async () => database.close());

  it('needs wording for every item of a published instrument until it is loaded', async () => {
    expect(await instruments.missingWording(database.db, evaluationId, 'oric')).toHaveLength(12);
    expect((await instruments.wordingFor(database.db, evaluationId, 'oric')).size).toBe(0);
  });

  it('gives the shipped wording of our own instrument and never needs an upload for it', async () => {
    const wording = await instruments.wordingFor(database.db, evaluationId, 'change-climate');
    expect(wording.size).toBe(32);
    expect(wording.get('helps')).toBe('What, if anything, is helping this change?');
    expect(await instruments.missingWording(database.db, evaluationId, 'change-climate')).toEqual([]);
    await expect(instruments.loadWording(database.db, userId, evaluationId, 'change-climate', 'tc1,x')).rejects.toThrow('ships with its own wording');
  });

  it('stores a whole file, replaces items given again, and keeps it to one evaluation', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => `com${i + 1},"Commitment item ${i + 1}, as licensed"`).join('\n');
    expect(await instruments.loadWording(database.db, userId, evaluationId, 'oric', `\uFEFFitem_id;text\n${rows.replace(/,"/g, ';"')}`)).toEqual({ items: 5 });
    expect(await instruments.missingWording(database.db, evaluationId, 'oric')).toEqual(['eff1', 'eff2', 'eff3', 'eff4', 'eff5', 'eff6', 'eff7']);
    await instruments.loadWording(database.db, userId, evaluationId, 'oric', 'com1,Corrected first item\neff1,"Efficacy, first"');
    const wording = await instruments.wordingFor(database.db, evaluationId, 'oric');
    expect(wording.get('com1')).toBe('Corrected first item');
    expect(wording.get('com2')).toBe('Commitment item 2, as licensed');
    expect(wording.get('eff1')).toBe('Efficacy, first');
    expect(await instruments.missingWording(database.db, otherEvaluationId, 'oric')).toHaveLength(12);
    const item = (await instruments.itemWordings(database.db, evaluationId, 'oric')).find((i) => i.itemId === 'com1');
    expect(item).toMatchObject({ source: 'uploaded', uploadedBy: 'Rae Researcher' });
    expect(item?.uploadedAt).toBeInstanceOf(Date);
  });

  it('stores nothing when any row is wrong, and says which rows', async () => {
    const before = await instruments.wordingFor(database.db, evaluationId, 'oric');
    const error = await instruments.loadWording(database.db, userId, evaluationId, 'oric', 'eff2,Good row\neff3,\nzz1,Unknown\n').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(400);
    expect((error as HttpError).fields.map((f) => f.message)).toEqual([
      'Row 2: the text for item "eff3" is empty',
      'Row 3: there is no item "zz1" in Organizational Readiness for Implementing Change (ORIC)',
    ]);
    expect(await instruments.wordingFor(database.db, evaluationId, 'oric')).toEqual(before);
  });

  it('records the upload in the audit log without the licensed text', async () => {
    const { entries } = await listAuditEntries(database.db, evaluationId);
    const upload = entries.find((e) => e.action === 'upload-wording');
    expect(upload).toMatchObject({ entity: 'instrument', entityId: 'oric', detail: { items: 2 } });
    expect(JSON.stringify(entries)).not.toContain('as licensed');
  });

  it('keys a licensed instrument from the uploaded key, and a shipped one from its file', async () => {
    expect(await instruments.missingScoringKey(database.db, evaluationId, 'work-environment-scale')).toHaveLength(90);
    const key = Array.from({ length: 90 }, (_, i) => `q${i + 1},${i % 3 === 0 ? 'false' : 'true'}`).join('\n');
    expect(await instruments.loadScoringKey(database.db, userId, evaluationId, 'work-environment-scale', key)).toEqual({ items: 90 });
    expect(await instruments.missingScoringKey(database.db, evaluationId, 'work-environment-scale')).toEqual([]);
    const loaded = await instruments.scoringKeyFor(database.db, evaluationId, 'work-environment-scale');
    expect([loaded.get('q1'), loaded.get('q2'), loaded.get('q4')]).toEqual([true, false, true]);
    const keyed = instruments.withScoringKey(instruments.requireInstrument('work-environment-scale'), loaded);
    expect(keyed.items.filter((i) => i.reverse)).toHaveLength(30);
    expect(instruments.requireInstrument('work-environment-scale').items.filter((i) => i.reverse)).toHaveLength(0);

    const jcq = await instruments.scoringKeyFor(database.db, evaluationId, 'job-content-questionnaire');
    expect([...jcq].filter(([, reverse]) => reverse).map(([id]) => id)).toEqual(['sd2', 'da2', 'pd3', 'pd4', 'pd5']);
    expect(await instruments.missingScoringKey(database.db, evaluationId, 'nomad')).toEqual([]);
  });

  it('summarises what each instrument still needs in an evaluation', async () => {
    const statuses = new Map((await instruments.instrumentStatuses(database.db, evaluationId)).map((s) => [s.instrument.id, s]));
    expect(statuses.get('oric')).toMatchObject({ itemsNeedingWording: 6, itemsNeedingKey: 0 });
    expect(statuses.get('change-climate')).toMatchObject({ itemsNeedingWording: 0, itemsNeedingKey: 0 });
    expect(statuses.get('work-environment-scale')).toMatchObject({ itemsNeedingWording: 90, itemsNeedingKey: 0 });
    const other = new Map((await instruments.instrumentStatuses(database.db, otherEvaluationId)).map((s) => [s.instrument.id, s]));
    expect(other.get('work-environment-scale')).toMatchObject({ itemsNeedingWording: 90, itemsNeedingKey: 90 });
  });

  it('answers "not found" for an instrument that does not exist', async () => {
    await expect(instruments.missingWording(database.db, evaluationId, 'no-such')).rejects.toThrow('Instrument not found');
  });
});
