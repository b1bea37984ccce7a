import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import { addUser } from '../../../test/app.ts';
import type { Database } from '../../db/database.ts';
import { createEvaluation } from '../evaluations/service.ts';
import { digest } from '../accounts/service.ts';
import { availability, createSurvey, getSurvey, saveDefinition, setStatus } from './service.ts';

const oneQuestion = { pages: [{ id: 'p1', title: 'Page', questions: [{ id: 'q1', text: 'How are you?', format: { type: 'text' as const } }] }] };

describe.each(backends)('survey service on $name', (backend) => {
  let database: Database;
  let evaluationId: string;
  let userId: string;
  beforeAll(async () => {
    database = await backend.open();
    userId = (await addUser(database)).id;
    evaluationId = (await createEvaluation(database.db, userId, { title: 'Survey tests' })).id;
  });
  afterAll(() => database.close());

  it('changes a version in place until it has responses, then makes a new version', async () => {
    const survey = await createSurvey(database.db, userId, evaluationId, { title: 'Staff survey', purpose: 'main', anonymity: 'anonymous' });
    expect(survey.publicCode).toMatch(/^[a-z2-9]{8}$/);
    const v1 = await saveDefinition(database.db, userId, evaluationId, survey.id, oneQuestion);
    expect(v1.number).toBe(1);
    await database.db.insertInto('responses').values({ survey_id: survey.id, version_id: v1.id, key_hash: digest('k1'), purpose: 'main' }).execute();
    expect((await getSurvey(database.db, evaluationId, survey.id)).version.frozen).toBe(true);
    const v2 = await saveDefinition(database.db, userId, evaluationId, survey.id, { ...oneQuestion, welcome: 'Changed' });
    expect(v2.number).toBe(2);
    const current = await getSurvey(database.db, evaluationId, survey.id);
    expect(current.version.number).toBe(2);
    expect(current.version.definition.welcome).toBe('Changed');
  });

  it('will not open a survey with no questions or an item without wording', async () => {
    const survey = await createSurvey(database.db, userId, evaluationId, { title: 'Empty', purpose: 'pilot', anonymity: 'anonymous' });
    await expect(setStatus(database.db, userId, evaluationId, survey.id, 'open')).rejects.toThrow('no questions');
    await saveDefinition(database.db, userId, evaluationId, survey.id, {
      pages: [{ id: 'p1', title: 'P', questions: [{ id: 'n1', text: '', format: { type: 'boolean', style: 'yes-no' }, source: { instrument: 'nomad', item: 'C1' } }] }],
    });
    await expect(setStatus(database.db, userId, evaluationId, survey.id, 'open')).rejects.toThrow('nomad item C1) has no wording');
    await saveDefinition(database.db, userId, evaluationId, survey.id, oneQuestion);
    expect((await setStatus(database.db, userId, evaluationId, survey.id, 'open')).status).toBe('open');
  });

  it('tells why a survey is not open', () => {
    const now = new Date('2026-06-01T12:00:00Z');
    expect(availability({ status: 'draft', opensAt: null, closesAt: null }, now)).toEqual({ open: false, reason: 'draft' });
    expect(availability({ status: 'open', opensAt: null, closesAt: new Date('2026-05-31T00:00:00Z') }, now)).toEqual({ open: false, reason: 'closed' });
    expect(availability({ status: 'open', opensAt: new Date('2026-06-02T00:00:00Z'), closesAt: null }, now)).toEqual({ open: false, reason: 'not-yet-open' });
    expect(availability({ status: 'open', opensAt: null, closesAt: null }, now)).toEqual({ open: true });
  });

  it('refuses a closing date before the opening date and another evaluation\'s survey', async () => {
    await expect(createSurvey(database.db, userId, evaluationId, { title: 'Bad', purpose: 'main', anonymity: 'anonymous', opensAt: '2026-02-01', closesAt: '2026-01-01' })).rejects.toThrow('closing date must be after');
    const other = await createEvaluation(database.db, userId, { title: 'Other' });
    const survey = await createSurvey(database.db, userId, evaluationId, { title: 'Mine', purpose: 'main', anonymity: 'anonymous' });
    await expect(getSurvey(database.db, other.id, survey.id)).rejects.toThrow('Survey not found');
  });
});
