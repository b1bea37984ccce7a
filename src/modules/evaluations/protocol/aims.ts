import { z } from 'zod';
import type { Db } from '../../../db/database.ts';
import { conflict, notFound } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { requiredText } from '../../shared-schemas.ts';
import * as store from './aims-store.ts';
import { moved, nextPosition, setPositions, type Direction } from './ordering.ts';
import { requireLinks, requireRow } from './ownership.ts';
import { idList } from './schemas.ts';
import { inTransaction } from '../../../db/transaction.ts';

/** An aim of the evaluation; `number` is its place in the order, shown as A1, A2… */
export interface Aim {
  id: string;
  number: number;
  text: string;
}

/** A manual decision that a question was, or was not, addressed, and why. */
export interface CoverageOverride {
  addressed: boolean;
  reason: string;
  /** Who decided, by name (null when the account is gone or for overrides made before this was kept). */
  by: string | null;
  at: Date | null;
}

/** A research question; `number` is its place in the order, shown as Q1, Q2… */
export interface Question {
  id: string;
  number: number;
  text: string;
  aimIds: string[];
  override: CoverageOverride | null;
}

export const aimInput = z.object({ text: requiredText('The aim', 2000) });

export const questionInput = z.object({
  text: requiredText('The research question', 2000),
  aimIds: idList('Choose the aims this question serves').refine((ids) => ids.length > 0, 'Choose at least one aim this question serves'),
});
export type QuestionInput = z.input<typeof questionInput>;

export const directionInput = z.object({ direction: z.enum(['up', 'down'], { error: 'Choose up or down' }) });

export async function listAims(db: Db, evaluationId: string): Promise<Aim[]> {
  return (await store.listAims(db, evaluationId)).map((row, index) => ({ id: row.id, number: index + 1, text: row.text }));
}

export async function getAim(db: Db, evaluationId: string, aimId: string): Promise<Aim> {
  const aim = (await listAims(db, evaluationId)).find((a) => a.id === aimId);
  if (!aim) throw notFound('Aim');
  return aim;
}

export async function addAim(db: Db, actorId: string | null, evaluationId: string, input: z.input<typeof aimInput>): Promise<Aim> {
  const data = aimInput.parse(input);
  const id = await inTransaction(db, async (trx) => {
    const row = await store.insertAim(trx, { evaluation_id: evaluationId, text: data.text, position: await nextPosition(trx, 'research_aims', evaluationId) });
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'aim', entityId: row.id, detail: { text: row.text } });
    return row.id;
  });
  return getAim(db, evaluationId, id);
}

export async function updateAim(db: Db, actorId: string | null, evaluationId: string, aimId: string, input: z.input<typeof aimInput>): Promise<Aim> {
  const data = aimInput.parse(input);
  await inTransaction(db, async (trx) => {
    const before = await getAim(trx, evaluationId, aimId);
    await store.updateAim(trx, evaluationId, aimId, { text: data.text });
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'aim', entityId: aimId, detail: { text: { from: before.text, to: data.text } } });
  });
  return getAim(db, evaluationId, aimId);
}

/** Deletes an aim unless a question serves no other aim: the question would be left hanging. */
export async function deleteAim(db: Db, actorId: string | null, evaluationId: string, aimId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const aim = await getAim(trx, evaluationId, aimId);
    const orphans = await store.questionsOnlyServing(trx, aimId);
    if (orphans.length) {
      const what = orphans.length === 1 ? 'a research question serves' : `${orphans.length} research questions serve`;
      throw conflict(`Aim A${aim.number} cannot be deleted because ${what} no other aim. Link ${orphans.length === 1 ? 'it' : 'them'} to another aim, or delete ${orphans.length === 1 ? 'it' : 'them'}, first.`);
    }
    await store.deleteAim(trx, evaluationId, aimId);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'delete', entity: 'aim', entityId: aimId, detail: { text: aim.text } });
  });
}

export async function moveAim(db: Db, evaluationId: string, aimId: string, direction: Direction): Promise<void> {
  await inTransaction(db, async (trx) => {
    const ids = (await listAims(trx, evaluationId)).map((a) => a.id);
    if (!ids.includes(aimId)) throw notFound('Aim');
    await setPositions(trx, 'research_aims', evaluationId, moved(ids, aimId, direction));
  });
}

export async function listQuestions(db: Db, evaluationId: string): Promise<Question[]> {
  const links = await store.listQuestionAims(db, evaluationId);
  const deciders = await store.overrideDeciders(db, evaluationId);
  const aimOrder = new Map((await listAims(db, evaluationId)).map((a) => [a.id, a.number]));
  return (await store.listQuestions(db, evaluationId)).map((row, index) => ({
    id: row.id,
    number: index + 1,
    text: row.text,
    aimIds: links
      .filter((l) => l.question_id === row.id)
      .map((l) => l.aim_id)
      .sort((a, b) => (aimOrder.get(a) ?? 0) - (aimOrder.get(b) ?? 0)),
    override: row.override_addressed === null ? null : { addressed: row.override_addressed, reason: row.override_reason, by: deciders.get(row.id) ?? null, at: row.override_at },
  }));
}

export async function getQuestion(db: Db, evaluationId: string, questionId: string): Promise<Question> {
  const question = (await listQuestions(db, evaluationId)).find((q) => q.id === questionId);
  if (!question) throw notFound('Research question');
  return question;
}

const aimsMessage = "Choose aims of this evaluation: one or more of those chosen are not in it";

export async function addQuestion(db: Db, actorId: string | null, evaluationId: string, input: QuestionInput): Promise<Question> {
  const data = questionInput.parse(input);
  const id = await inTransaction(db, async (trx) => {
    await requireLinks(trx, 'research_aims', evaluationId, data.aimIds, 'aimIds', aimsMessage);
    const row = await store.insertQuestion(trx, { evaluation_id: evaluationId, text: data.text, position: await nextPosition(trx, 'research_questions', evaluationId) });
    await store.setQuestionAims(trx, row.id, data.aimIds);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'research-question', entityId: row.id, detail: { text: row.text, aimIds: data.aimIds } });
    return row.id;
  });
  return getQuestion(db, evaluationId, id);
}

export async function updateQuestion(db: Db, actorId: string | null, evaluationId: string, questionId: string, input: QuestionInput): Promise<Question> {
  const data = questionInput.parse(input);
  await inTransaction(db, async (trx) => {
    const before = await getQuestion(trx, evaluationId, questionId);
    await requireLinks(trx, 'research_aims', evaluationId, data.aimIds, 'aimIds', aimsMessage);
    await store.updateQuestion(trx, evaluationId, questionId, { text: data.text });
    await store.setQuestionAims(trx, questionId, data.aimIds);
    await recordAudit(trx, {
      evaluationId,
      userId: actorId,
      action: 'update',
      entity: 'research-question',
      entityId: questionId,
      detail: { text: { from: before.text, to: data.text }, aimIds: { from: before.aimIds, to: data.aimIds } },
    });
  });
  return getQuestion(db, evaluationId, questionId);
}

export async function deleteQuestion(db: Db, actorId: string | null, evaluationId: string, questionId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const question = await getQuestion(trx, evaluationId, questionId);
    await store.deleteQuestion(trx, evaluationId, questionId);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'delete', entity: 'research-question', entityId: questionId, detail: { text: question.text } });
  });
}

export async function moveQuestion(db: Db, evaluationId: string, questionId: string, direction: Direction): Promise<void> {
  await inTransaction(db, async (trx) => {
    await requireRow(trx, 'research_questions', evaluationId, questionId, 'Research question');
    const ids = (await store.listQuestions(trx, evaluationId)).map((q) => q.id);
    await setPositions(trx, 'research_questions', evaluationId, moved(ids, questionId, direction));
  });
}

export const overrideChoices = ['derived', 'addressed', 'not-addressed'] as const;

/** An override always carries its reason; 'derived' removes the override. */
export const overrideInput = z
  .object({
    override: z.enum(overrideChoices, { error: 'Choose whether the question was addressed, or leave it to its methods' }),
    reason: z.string().trim().max(2000, 'The reason must be 2000 characters or fewer').default(''),
  })
  .superRefine((value, ctx) => {
    if (value.override !== 'derived' && value.reason === '') {
      const what = value.override === 'addressed' ? 'was addressed' : 'was not addressed';
      ctx.addIssue({ code: 'custom', path: ['reason'], message: `Enter why the question ${what}, for example "the case-study event was cancelled at the funder's request"` });
    }
  });
export type OverrideInput = z.input<typeof overrideInput>;

export async function setOverride(db: Db, actorId: string | null, evaluationId: string, questionId: string, input: OverrideInput): Promise<Question> {
  const data = overrideInput.parse(input);
  await inTransaction(db, async (trx) => {
    const before = await getQuestion(trx, evaluationId, questionId);
    const override = data.override === 'derived' ? null : { addressed: data.override === 'addressed', reason: data.reason };
    await store.updateQuestion(trx, evaluationId, questionId, {
      override_addressed: override?.addressed ?? null,
      override_reason: override?.reason ?? '',
      override_by: override ? actorId : null,
      override_at: override ? new Date() : null,
    });
    const from = before.override ? { addressed: before.override.addressed, reason: before.override.reason } : null;
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'override-coverage', entity: 'research-question', entityId: questionId, detail: { from, to: override } });
  });
  return getQuestion(db, evaluationId, questionId);
}
