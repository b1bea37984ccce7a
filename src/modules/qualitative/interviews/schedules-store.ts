import type { Db } from '../../../db/database.ts';

/** SQL for interview schedules: a schedule, its versions, and each version's sections, questions and prompts. */

export function insertSchedule(db: Db, evaluationId: string) {
  return db.insertInto('interview_schedules').values({ evaluation_id: evaluationId }).returning('id').executeTakeFirstOrThrow();
}

export function findSchedule(db: Db, evaluationId: string, scheduleId: string) {
  return db.selectFrom('interview_schedules').selectAll().where('evaluation_id', '=', evaluationId).where('id', '=', scheduleId).executeTakeFirst();
}

/** The schedule, locked until the transaction ends, so two saves cannot take the same version number. */
export function lockSchedule(db: Db, evaluationId: string, scheduleId: string) {
  return db.selectFrom('interview_schedules').selectAll().where('evaluation_id', '=', evaluationId).where('id', '=', scheduleId).forUpdate().executeTakeFirst();
}

/** Every schedule with its latest version's title and number, and how many interviews followed it. */
export function listSchedules(db: Db, evaluationId: string) {
  return db
    .selectFrom('interview_schedules')
    .innerJoin('interview_schedule_versions as v', 'v.schedule_id', 'interview_schedules.id')
    .select(['interview_schedules.id', 'v.title', 'v.number', 'v.created_at'])
    .select((eb) =>
      eb
        .selectFrom('interviews')
        .innerJoin('interview_schedule_versions as used', 'used.id', 'interviews.schedule_version_id')
        .whereRef('used.schedule_id', '=', 'interview_schedules.id')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('interviews'),
    )
    .where('interview_schedules.evaluation_id', '=', evaluationId)
    .where((eb) => eb('v.number', '=', eb.selectFrom('interview_schedule_versions as later').whereRef('later.schedule_id', '=', 'interview_schedules.id').select((e) => e.fn.max('later.number').as('m'))))
    .orderBy('v.title')
    .execute();
}

export function listVersions(db: Db, scheduleId: string) {
  return db
    .selectFrom('interview_schedule_versions')
    .selectAll()
    .where('schedule_id', '=', scheduleId)
    .orderBy('number', 'desc')
    .execute();
}

/** Every version of every schedule of the evaluation, for choosing the one an interview followed. */
export function listAllVersions(db: Db, evaluationId: string) {
  return db
    .selectFrom('interview_schedule_versions')
    .innerJoin('interview_schedules', 'interview_schedules.id', 'interview_schedule_versions.schedule_id')
    .select(['interview_schedule_versions.id', 'interview_schedule_versions.schedule_id', 'interview_schedule_versions.title', 'interview_schedule_versions.number'])
    .where('interview_schedules.evaluation_id', '=', evaluationId)
    .orderBy('interview_schedule_versions.title')
    .orderBy('interview_schedule_versions.number', 'desc')
    .execute();
}

/** The evaluation a schedule version belongs to, to check a link from an interview. */
export async function findScheduleVersionOwner(db: Db, versionId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('interview_schedule_versions')
    .innerJoin('interview_schedules', 'interview_schedules.id', 'interview_schedule_versions.schedule_id')
    .select('interview_schedules.evaluation_id')
    .where('interview_schedule_versions.id', '=', versionId)
    .executeTakeFirst();
  return row?.evaluation_id;
}

export function insertVersion(db: Db, values: { schedule_id: string; number: number; title: string; introduction: string; change_note: string; created_by: string | null }) {
  return db.insertInto('interview_schedule_versions').values(values).returning('id').executeTakeFirstOrThrow();
}

export function insertSection(db: Db, values: { version_id: string; position: number; title: string; guidance: string }) {
  return db.insertInto('interview_schedule_sections').values(values).returning('id').executeTakeFirstOrThrow();
}

export function insertQuestion(db: Db, values: { section_id: string; position: number; text: string; guidance: string }) {
  return db.insertInto('interview_schedule_questions').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function insertPrompts(db: Db, questionId: string, prompts: string[]): Promise<void> {
  if (prompts.length) await db.insertInto('interview_schedule_prompts').values(prompts.map((text, i) => ({ question_id: questionId, position: i + 1, text }))).execute();
}

export async function insertLinks(db: Db, questionId: string, researchQuestionIds: string[]): Promise<void> {
  if (researchQuestionIds.length) {
    await db.insertInto('interview_schedule_question_links').values(researchQuestionIds.map((id) => ({ question_id: questionId, research_question_id: id }))).execute();
  }
}

/** One version's rows, flat, for the service to assemble. */
export async function versionContent(db: Db, versionId: string) {
  const sections = await db.selectFrom('interview_schedule_sections').selectAll().where('version_id', '=', versionId).orderBy('position').execute();
  const sectionIds = sections.map((s) => s.id);
  const questions = sectionIds.length
    ? await db.selectFrom('interview_schedule_questions').selectAll().where('section_id', 'in', sectionIds).orderBy('position').execute()
    : [];
  const questionIds = questions.map((q) => q.id);
  const prompts = questionIds.length ? await db.selectFrom('interview_schedule_prompts').selectAll().where('question_id', 'in', questionIds).orderBy('position').execute() : [];
  const links = questionIds.length ? await db.selectFrom('interview_schedule_question_links').selectAll().where('question_id', 'in', questionIds).execute() : [];
  return { sections, questions, prompts, links };
}

export function deleteSchedule(db: Db, evaluationId: string, scheduleId: string) {
  return db.deleteFrom('interview_schedules').where('evaluation_id', '=', evaluationId).where('id', '=', scheduleId).execute();
}
