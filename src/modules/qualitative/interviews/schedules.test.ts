import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../../../test/app.ts';
import { backends } from '../../../../test/databases.ts';
import type { Database } from '../../../db/database.ts';
import { addAim, addQuestion } from '../../evaluations/protocol/aims.ts';
import { createEvaluation } from '../../evaluations/service.ts';
import { createInterview } from './interviews.ts';
import { createParticipant } from './participants.ts';
import { createSchedule, deleteSchedule, getScheduleVersion, listSchedules, listScheduleVersions, outlineOf, saveScheduleVersion, scheduleFromOutline } from './schedules.ts';

describe.each(backends)('interview schedules on $name', (backend) => {
  let database: Database;
  let userId: string;
  let evaluationId: string;
  let otherEvaluationId: string;
  let rq: { id: string }[];
  beforeAll(async () => {
    database = await backend.open();
    userId = (await addUser(database, 'Schedule Writer')).id;
    evaluationId = (await createEvaluation(database.db, userId, { title: 'Schedules' })).id;
    otherEvaluationId = (await createEvaluation(database.db, userId, { title: 'Other' })).id;
    const aim = await addAim(database.db, userId, evaluationId, { text: 'Understand the merger' });
    rq = [
      await addQuestion(database.db, userId, evaluationId, { text: 'What helped the change?', aimIds: [aim.id] }),
      await addQuestion(database.db, userId, evaluationId, { text: 'What held it back?', aimIds: [aim.id] }),
    ];
  });
  afterAll(() => database.close());

  it('saves every edit as a new version, keeps the old ones, and links questions to research questions', async () => {
    const first = await createSchedule(database.db, userId, evaluationId, {
      title: 'Senior manager schedule',
      introduction: 'Thank you for agreeing to talk to us.',
      sections: [{ title: 'Your role', questions: [{ text: 'What is your role?', prompts: ['Since when?'], researchQuestionIds: [rq[0]!.id] }] }],
    });
    expect(first).toMatchObject({ number: 1, title: 'Senior manager schedule', savedBy: 'Schedule Writer' });
    expect(first.sections[0]!.questions[0]).toMatchObject({ number: 1, prompts: ['Since when?'], researchQuestions: [{ number: 1, text: 'What helped the change?' }] });

    const form = { title: 'Senior manager schedule', introduction: 'Thank you.', changeNote: 'Added the merger section', outline: `${outlineOf(first)}\n\n# The merger\n1. What held the change back? [Q2, Q1]\n- Money?\n- Time?` };
    const second = await saveScheduleVersion(database.db, userId, evaluationId, first.scheduleId, await scheduleFromOutline(database.db, evaluationId, form));
    expect(second.number).toBe(2);
    expect(second.sections.map((s) => s.title)).toEqual(['Your role', 'The merger']);
    expect(second.sections[1]!.questions[0]).toMatchObject({ number: 2, prompts: ['Money?', 'Time?'], researchQuestions: [{ number: 1 }, { number: 2 }] });
    expect((await listScheduleVersions(database.db, evaluationId, first.scheduleId)).map((v) => [v.number, v.changeNote])).toEqual([[2, 'Added the merger section'], [1, '']]);
    expect((await getScheduleVersion(database.db, evaluationId, first.scheduleId, 1)).sections).toHaveLength(1);
    expect(await listSchedules(database.db, evaluationId)).toMatchObject([{ id: first.scheduleId, title: 'Senior manager schedule', version: 2, interviews: 0 }]);
  });

  it('refuses outline mistakes by line, and research questions of another evaluation', async () => {
    await expect(scheduleFromOutline(database.db, evaluationId, { title: 'T', introduction: '', changeNote: '', outline: '# S\n1. Q [Q7]' })).rejects.toThrow('Line 2: the protocol has no research question Q7');
    const aim = await addAim(database.db, userId, otherEvaluationId, { text: 'Theirs' });
    const foreign = await addQuestion(database.db, userId, otherEvaluationId, { text: 'Their question', aimIds: [aim.id] });
    await expect(createSchedule(database.db, userId, evaluationId, { title: 'T', sections: [{ title: 'S', questions: [{ text: 'Q', researchQuestionIds: [foreign.id] }] }] })).rejects.toThrow("this evaluation's research questions");
    await expect(createSchedule(database.db, userId, evaluationId, { title: 'Empty', sections: [] })).rejects.toThrow('at least one section');
  });

  it('records which version an interview followed and then refuses to delete the schedule', async () => {
    const schedule = await createSchedule(database.db, userId, evaluationId, { title: 'Regional schedule', sections: [{ title: 'Only', questions: [] }] });
    const participant = await createParticipant(database.db, userId, evaluationId, { label: 'RD02', roleCategory: 'Regional director' });
    const interview = await createInterview(database.db, userId, evaluationId, { participantId: participant.id, scheduleVersionId: schedule.id });
    expect(interview.schedule).toEqual({ id: schedule.scheduleId, title: 'Regional schedule', version: 1 });
    await expect(deleteSchedule(database.db, userId, evaluationId, schedule.scheduleId)).rejects.toThrow('1 interview follows it');
    const unused = await createSchedule(database.db, userId, evaluationId, { title: 'Unused', sections: [{ title: 'Only' }] });
    await deleteSchedule(database.db, userId, evaluationId, unused.scheduleId);
    await expect(getScheduleVersion(database.db, evaluationId, unused.scheduleId)).rejects.toThrow('Interview schedule not found');
  });
});
