import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../../../test/app.ts';
import { backends } from '../../../../test/databases.ts';
import type { Database } from '../../../db/database.ts';
import { addPeriod, createEvaluation } from '../../evaluations/service.ts';
import { addPerson } from '../../organisation/service.ts';
import { createInterview, deleteInterview, getInterview, interviewForTranscript, listInterviews, updateInterview } from './interviews.ts';
import { createParticipant, deleteParticipant, listParticipants, parseAttributes, updateParticipant } from './participants.ts';
import { addRoleCategory, defaultRoleCategories, deleteRoleCategory, listRoleCategories, renameRoleCategory } from './role-categories.ts';

describe.each(backends)('participants and interviews on $name', (backend) => {
  let database: Database;
  let userId: string;
  let evaluationId: string;
  let otherEvaluationId: string;
  beforeAll(async () => {
    database = await backend.open();
    userId = (await addUser(database, 'Interviewer One')).id;
    evaluationId = (await createEvaluation(database.db, userId, { title: 'Interviews' })).id;
    otherEvaluationId = (await createEvaluation(database.db, userId, { title: 'Other' })).id;
  });
  afterAll(() => database.close());

  it('starts with the default role categories and lets the team rename, add and delete them', async () => {
    expect((await listRoleCategories(database.db, evaluationId)).map((c) => c.name)).toEqual(defaultRoleCategories);
    const added = await addRoleCategory(database.db, userId, evaluationId, { name: 'Board member' });
    await expect(addRoleCategory(database.db, userId, evaluationId, { name: 'board MEMBER' })).rejects.toThrow('already a role category called "board MEMBER"');
    const participant = await createParticipant(database.db, userId, evaluationId, { label: 'BM01', roleCategory: 'Board member' });
    await renameRoleCategory(database.db, userId, evaluationId, added.id, { name: 'Non-executive director' });
    expect((await listParticipants(database.db, evaluationId, { q: 'bm01' }))[0]?.roleCategory).toBe('Non-executive director');
    await expect(deleteRoleCategory(database.db, userId, evaluationId, added.id)).rejects.toThrow('1 participant has it');
    await deleteParticipant(database.db, userId, evaluationId, participant.id);
    await deleteRoleCategory(database.db, userId, evaluationId, added.id);
    expect((await listRoleCategories(database.db, evaluationId)).map((c) => c.name)).not.toContain('Non-executive director');
  });

  it('reads attributes as name = value lines and reports bad lines by number', () => {
    expect(parseAttributes('programme = Mental health\n\nyears in post=3\n')).toEqual({ attributes: [{ name: 'programme', value: 'Mental health' }, { name: 'years in post', value: '3' }], problems: [] });
    expect(parseAttributes('a = 1\nno equals sign\nA = 2').problems).toEqual(['Line 2: write each attribute as name = value, like "programme = Mental health"', 'Line 3: "A" is given twice']);
  });

  it('links participants to the directory, keeps labels unique, and filters the list', async () => {
    const person = await addPerson(database.db, userId, evaluationId, { name: 'Pat Example', jobTitle: 'Programme lead' });
    const sm01 = await createParticipant(database.db, userId, evaluationId, { label: 'SM01', roleCategory: 'Programme lead', personId: person.id, attributes: 'programme = CAMHS' });
    expect(sm01).toMatchObject({ label: 'SM01', personName: 'Pat Example', external: false, attributes: [{ name: 'programme', value: 'CAMHS' }] });
    await createParticipant(database.db, userId, evaluationId, { label: 'EX01', roleCategory: 'External stakeholder', external: true });
    await expect(createParticipant(database.db, userId, evaluationId, { label: 'sm01', roleCategory: 'Programme lead' })).rejects.toThrow('Another participant is already labelled "sm01"');
    await expect(createParticipant(database.db, userId, evaluationId, { label: 'X1', roleCategory: 'Astronaut' })).rejects.toThrow("Choose one of this evaluation's role categories");
    await expect(createParticipant(database.db, userId, evaluationId, { label: 'X2', roleCategory: 'Programme lead', external: true, personId: person.id })).rejects.toThrow('An external participant cannot be linked');
    const foreignPerson = await addPerson(database.db, userId, otherEvaluationId, { name: 'Someone Else' });
    await expect(createParticipant(database.db, userId, evaluationId, { label: 'X3', roleCategory: 'Programme lead', personId: foreignPerson.id })).rejects.toThrow("Choose someone from this evaluation's staff directory");
    expect((await listParticipants(database.db, evaluationId, { external: true })).map((p) => p.label)).toEqual(['EX01']);
    expect((await listParticipants(database.db, evaluationId, { role: 'Programme lead' })).map((p) => p.label)).toEqual(['SM01']);
    const updated = await updateParticipant(database.db, userId, evaluationId, sm01.id, { label: 'SM01', roleCategory: 'Programme lead', attributes: [{ name: 'region', value: 'North' }] });
    expect(updated).toMatchObject({ personId: null, attributes: [{ name: 'region', value: 'North' }] });
  });

  it('records interviews with consents, wave and interviewer, filters them, and guards transcripts by consent', async () => {
    const wave = await addPeriod(database.db, userId, 'waves', evaluationId, { name: 'Year 1' });
    const participant = await createParticipant(database.db, userId, evaluationId, { label: 'RD01', roleCategory: 'Regional director' });
    const interview = await createInterview(database.db, userId, evaluationId, {
      participantId: participant.id, heldOn: '2006-03-14', mode: 'telephone', consentRecord: true, consentTranscribe: false, consentQuote: true, status: 'done', waveId: wave.id, interviewerId: userId, notes: 'Short call',
    });
    expect(interview).toMatchObject({ participantLabel: 'RD01', roleCategory: 'Regional director', waveName: 'Year 1', interviewerName: 'Interviewer One', mode: 'telephone', consentTranscribe: false, status: 'done' });
    await expect(interviewForTranscript(database.db, evaluationId, interview.id)).rejects.toThrow('RD01 did not consent to their interview being transcribed');
    await updateInterview(database.db, userId, evaluationId, interview.id, { participantId: participant.id, consentTranscribe: true, status: 'done' });
    expect((await interviewForTranscript(database.db, evaluationId, interview.id)).consentTranscribe).toBe(true);
    expect((await listInterviews(database.db, evaluationId, { role: 'Regional director' })).map((i) => i.id)).toEqual([interview.id]);
    expect(await listInterviews(database.db, evaluationId, { mode: 'video' })).toEqual([]);
    expect(await listInterviews(database.db, evaluationId, { waveId: 'not-a-uuid', status: 'done' })).toHaveLength(1);
    await expect(createInterview(database.db, userId, evaluationId, { participantId: participant.id, waveId: (await addPeriod(database.db, userId, 'waves', otherEvaluationId, { name: 'Theirs' })).id }))
      .rejects.toThrow("Choose one of this evaluation's waves");
    await expect(deleteParticipant(database.db, userId, evaluationId, participant.id)).rejects.toThrow('1 interview is recorded with them');
    await deleteInterview(database.db, userId, evaluationId, interview.id);
    await expect(getInterview(database.db, evaluationId, interview.id)).rejects.toThrow('Interview not found');
  });
});
