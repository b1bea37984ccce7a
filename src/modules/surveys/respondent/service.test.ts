import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../../test/databases.ts';
import { addUser } from '../../../../test/app.ts';
import type { Database } from '../../../db/database.ts';
import { findResponse, reopenResponse, savePageAnswers, startResponse } from './service.ts';
import { surveyFixture } from './test-fixtures.ts';

/** The service calls personal invitations (fieldwork) build on: a response for a participant, reopened by a new link. */
describe.each(backends)('responses for personal invitations on $name', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await backend.open();
  });
  afterAll(async () => {
    await database.close();
  });

  it('starts a response for a participant and reopens it with a new key, the old one no longer working', async () => {
    const actor = await addUser(database);
    const { survey } = await surveyFixture(database, actor.id, { settings: { anonymity: 'identified', access: 'personal' } });
    const now = new Date();
    const participantId = '6f1c2d3e-4a5b-4c6d-8e7f-8091a2b3c4d5';
    const started = await startResponse(database, survey, now, participantId);
    expect(started).toBeDefined();
    const saved = await savePageAnswers(database, started!.key, { versionId: started!.response.versionId, pageQuestionIds: ['role'], answers: { role: 'lead' }, pagesSaved: 1, now });
    expect(saved?.answers).toEqual({ role: 'lead' });

    const row = await database.db.selectFrom('responses').selectAll().where('survey_id', '=', survey.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ participant_id: participantId, purpose: 'main', pages_saved: 1 });
    expect(row.started_at?.getTime()).toBe(now.getTime());

    const reopened = await reopenResponse(database, survey, row.id);
    expect(await findResponse(database, started!.key)).toBeUndefined();
    expect((await findResponse(database, reopened!.key))?.answers).toEqual({ role: 'lead' });
  });

  it('starts nothing on a survey that is not open', async () => {
    const actor = await addUser(database);
    const { survey } = await surveyFixture(database, actor.id, { status: 'draft' });
    expect(await startResponse(database, survey, new Date())).toBeUndefined();
    expect(await database.db.selectFrom('responses').selectAll().where('survey_id', '=', survey.id).execute()).toEqual([]);
  });
});
