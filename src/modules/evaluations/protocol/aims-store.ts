import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../../db/database.ts';
import type { ResearchAimsTable, ResearchMethodsTable, ResearchQuestionsTable } from '../../../db/tables.ts';

/** SQL for aims, research questions, methods and the method-by-question matrix. */

export function listAims(db: Db, evaluationId: string) {
  return db.selectFrom('research_aims').selectAll().where('evaluation_id', '=', evaluationId).orderBy('position').orderBy('created_at').execute();
}

export function insertAim(db: Db, values: Insertable<ResearchAimsTable>) {
  return db.insertInto('research_aims').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateAim(db: Db, evaluationId: string, id: string, values: Updateable<ResearchAimsTable>) {
  return db.updateTable('research_aims').set(values).where('evaluation_id', '=', evaluationId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export function deleteAim(db: Db, evaluationId: string, id: string) {
  return db.deleteFrom('research_aims').where('evaluation_id', '=', evaluationId).where('id', '=', id).execute();
}

/** Questions whose only aim is this one: they would be left serving no aim. */
export function questionsOnlyServing(db: Db, aimId: string) {
  return db
    .selectFrom('question_aims as qa')
    .innerJoin('research_questions as q', 'q.id', 'qa.question_id')
    .select(['q.id', 'q.text'])
    .where('qa.aim_id', '=', aimId)
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('question_aims as other').select('other.aim_id').whereRef('other.question_id', '=', 'qa.question_id').where('other.aim_id', '<>', aimId))),
    )
    .execute();
}

export function listQuestions(db: Db, evaluationId: string) {
  return db.selectFrom('research_questions').selectAll().where('evaluation_id', '=', evaluationId).orderBy('position').orderBy('created_at').execute();
}

/** The name of whoever overrode each question's coverage, by question. */
export async function overrideDeciders(db: Db, evaluationId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('research_questions as q')
    .innerJoin('users as u', 'u.id', 'q.override_by')
    .select(['q.id', 'u.name'])
    .where('q.evaluation_id', '=', evaluationId)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export function listQuestionAims(db: Db, evaluationId: string) {
  return db
    .selectFrom('question_aims')
    .innerJoin('research_questions', 'research_questions.id', 'question_aims.question_id')
    .select(['question_aims.question_id', 'question_aims.aim_id'])
    .where('research_questions.evaluation_id', '=', evaluationId)
    .execute();
}

export function insertQuestion(db: Db, values: Insertable<ResearchQuestionsTable>) {
  return db.insertInto('research_questions').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateQuestion(db: Db, evaluationId: string, id: string, values: Updateable<ResearchQuestionsTable>) {
  return db.updateTable('research_questions').set(values).where('evaluation_id', '=', evaluationId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export function deleteQuestion(db: Db, evaluationId: string, id: string) {
  return db.deleteFrom('research_questions').where('evaluation_id', '=', evaluationId).where('id', '=', id).execute();
}

export async function setQuestionAims(db: Db, questionId: string, aimIds: string[]): Promise<void> {
  await db.deleteFrom('question_aims').where('question_id', '=', questionId).execute();
  if (aimIds.length) await db.insertInto('question_aims').values(aimIds.map((aimId) => ({ question_id: questionId, aim_id: aimId }))).execute();
}

export function listMethods(db: Db, evaluationId: string) {
  return db.selectFrom('research_methods').selectAll().where('evaluation_id', '=', evaluationId).orderBy('position').orderBy('created_at').execute();
}

export function insertMethod(db: Db, values: Insertable<ResearchMethodsTable>) {
  return db.insertInto('research_methods').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateMethod(db: Db, evaluationId: string, id: string, values: Updateable<ResearchMethodsTable>) {
  return db.updateTable('research_methods').set(values).where('evaluation_id', '=', evaluationId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export function deleteMethod(db: Db, evaluationId: string, id: string) {
  return db.deleteFrom('research_methods').where('evaluation_id', '=', evaluationId).where('id', '=', id).execute();
}

/** The matrix: every (method, question) pair where the method answers the question. */
export function listMatrix(db: Db, evaluationId: string) {
  return db
    .selectFrom('method_questions')
    .innerJoin('research_methods', 'research_methods.id', 'method_questions.method_id')
    .select(['method_questions.method_id', 'method_questions.question_id'])
    .where('research_methods.evaluation_id', '=', evaluationId)
    .execute();
}

export async function replaceMatrix(db: Db, evaluationId: string, cells: { methodId: string; questionId: string }[]): Promise<void> {
  await db
    .deleteFrom('method_questions')
    .where('method_id', 'in', db.selectFrom('research_methods').select('id').where('evaluation_id', '=', evaluationId))
    .execute();
  if (cells.length) {
    await db.insertInto('method_questions').values(cells.map((c) => ({ method_id: c.methodId, question_id: c.questionId }))).execute();
  }
}

export async function addMatrixCells(db: Db, cells: { methodId: string; questionId: string }[]): Promise<void> {
  if (!cells.length) return;
  await db
    .insertInto('method_questions')
    .values(cells.map((c) => ({ method_id: c.methodId, question_id: c.questionId })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}
