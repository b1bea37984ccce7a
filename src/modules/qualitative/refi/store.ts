import type { Insertable } from 'kysely';
import type { Db } from '../../../db/database.ts';
import type { QdaCodingsTable, QdaMemosTable, QdaParticipantAttributesTable } from '../../../db/tables.ts';

/**
 * The queries REFI-QDA exchange needs beyond the qualitative core's: whole-evaluation reads for an
 * export, and batched inserts for an import (a project may hold thousands of codings).
 */

const batchSize = 500;

async function insertInBatches<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += batchSize) await insert(rows.slice(i, i + batchSize));
}

export function sourcesWithContent(db: Db, evaluationId: string) {
  return db
    .selectFrom('qda_sources')
    .select(['id', 'name', 'kind', 'participant_id', 'content', 'created_at', 'updated_at'])
    .where('evaluation_id', '=', evaluationId)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

export function codingsOfEvaluation(db: Db, evaluationId: string) {
  return db
    .selectFrom('qda_codings')
    .select(['id', 'source_id', 'code_id', 'start_offset', 'end_offset', 'valence', 'memo', 'coder_id', 'created_at'])
    .where('evaluation_id', '=', evaluationId)
    .orderBy('source_id')
    .orderBy('start_offset')
    .orderBy('end_offset')
    .execute();
}

export function participantsOfEvaluation(db: Db, evaluationId: string) {
  return db.selectFrom('qda_participants').select(['id', 'label', 'role_category']).where('evaluation_id', '=', evaluationId).orderBy('label').execute();
}

export function attributesOfEvaluation(db: Db, evaluationId: string) {
  return db
    .selectFrom('qda_participant_attributes')
    .innerJoin('qda_participants', 'qda_participants.id', 'qda_participant_attributes.participant_id')
    .select(['qda_participant_attributes.participant_id', 'qda_participant_attributes.name', 'qda_participant_attributes.value'])
    .where('qda_participants.evaluation_id', '=', evaluationId)
    .orderBy('qda_participant_attributes.name')
    .execute();
}

export function memosOfEvaluation(db: Db, evaluationId: string) {
  return db
    .selectFrom('qda_memos')
    .select(['id', 'subject', 'subject_id', 'title', 'body', 'author_id', 'created_at', 'updated_at'])
    .where('evaluation_id', '=', evaluationId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function insertParticipant(db: Db, values: { evaluation_id: string; label: string; role_category: string }) {
  return db.insertInto('qda_participants').values(values).returning(['id']).executeTakeFirstOrThrow();
}

export function insertAttributes(db: Db, rows: Insertable<QdaParticipantAttributesTable>[]) {
  return insertInBatches(rows, (batch) => db.insertInto('qda_participant_attributes').values(batch).execute());
}

export function insertCodings(db: Db, rows: Insertable<QdaCodingsTable>[]) {
  return insertInBatches(rows, (batch) => db.insertInto('qda_codings').values(batch).execute());
}

export function insertMemos(db: Db, rows: Insertable<QdaMemosTable>[]) {
  return insertInBatches(rows, (batch) => db.insertInto('qda_memos').values(batch).execute());
}
