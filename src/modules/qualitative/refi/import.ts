import type { Db } from '../../../db/database.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { badRequest } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { listMembers } from '../../evaluations/service.ts';
import { createCode, createSource } from '../service.ts';
import { defaultLimits, openQdpx, type ArchiveLimits } from './archive.ts';
import { planImport } from './mapping.ts';
import type { ImportContext, ImportPlan } from './plan.ts';
import { readProject } from './reader.ts';
import { QdpxError, type ImportCounts, type QdpxImportReport } from './report.ts';
import * as store from './store.ts';

/**
 * Imports a REFI-QDA project (.qdpx from NVivo, ATLAS.ti, MAXQDA, QualCoder …) into an evaluation.
 * The archive is read and the whole import planned first; only then is it stored, in one
 * transaction through the qualitative services. A file that cannot be imported changes nothing
 * and answers 400 with a message naming the file and the place.
 */

export interface QdpxImportOptions {
  content: Buffer;
  /** The uploaded file's name, for messages and the sources' provenance. */
  filename: string;
  limits?: ArchiveLimits;
}

async function loadContext(db: Db, evaluationId: string): Promise<ImportContext> {
  const [members, participants, attributes] = await Promise.all([
    listMembers(db, evaluationId),
    store.participantsOfEvaluation(db, evaluationId),
    store.attributesOfEvaluation(db, evaluationId),
  ]);
  return {
    members: members.map((m) => ({ userId: m.userId, name: m.name, email: m.email })),
    participants: participants.map((p) => ({
      id: p.id,
      label: p.label,
      roleCategory: p.role_category,
      attributes: new Map(attributes.filter((a) => a.participant_id === p.id).map((a) => [a.name, a.value])),
    })),
  };
}

/** Reads and plans the import; a problem with the file becomes a 400 naming it. */
async function plan(db: Db, evaluationId: string, options: QdpxImportOptions): Promise<{ plan: ImportPlan; project: { name: string; origin: string } }> {
  try {
    const archive = await openQdpx(options.content, options.filename, options.limits ?? defaultLimits);
    const project = readProject(archive.projectXml, `project.qde in ${options.filename}`);
    return { plan: await planImport(project, archive, await loadContext(db, evaluationId)), project: { name: project.name, origin: project.origin } };
  } catch (error) {
    if (error instanceof QdpxError) throw badRequest(error.message, [{ field: 'file', message: error.message }]);
    throw error;
  }
}

async function storePlan(trx: Db, actorId: string | null, evaluationId: string, filename: string, plan: ImportPlan): Promise<ImportCounts> {
  const codeIds = new Map<string, string>();
  for (const code of plan.codes) {
    const parentId = code.parentGuid ? codeIds.get(code.parentGuid) : undefined;
    const created = await createCode(trx, actorId, evaluationId, { name: code.name, description: code.description, colour: code.colour, parentId: parentId ?? null });
    codeIds.set(code.guid, created.id);
  }

  const participantIds = new Map<string, string>();
  const attributes: { participant_id: string; name: string; value: string }[] = [];
  for (const p of plan.participants) {
    const id = p.existingId ?? (await store.insertParticipant(trx, { evaluation_id: evaluationId, label: p.label, role_category: p.roleCategory })).id;
    participantIds.set(p.guid, id);
    attributes.push(...p.attributes.map((a) => ({ participant_id: id, name: a.name, value: a.value })));
  }
  await store.insertAttributes(trx, attributes);

  const sourceIds = new Map<string, string>();
  const importedFrom = `REFI-QDA project ${filename}`.slice(0, 300);
  for (const s of plan.sources) {
    const participantId = s.participantGuid ? (participantIds.get(s.participantGuid) ?? null) : null;
    const created = await createSource(trx, actorId, evaluationId, { kind: s.kind, name: s.name, content: s.content, participantId, importedFrom });
    sourceIds.set(s.guid, created.id);
  }

  await store.insertCodings(trx, plan.codings.map((c) => ({
    id: c.id,
    evaluation_id: evaluationId,
    source_id: sourceIds.get(c.sourceGuid)!,
    code_id: codeIds.get(c.codeGuid)!,
    start_offset: c.start,
    end_offset: c.end,
    valence: c.valence,
    memo: c.memo,
    coder_id: c.coderId,
  })));

  const subjectId = (m: ImportPlan['memos'][number]) =>
    m.subject === 'code' ? codeIds.get(m.subjectKey ?? '') : m.subject === 'source' ? sourceIds.get(m.subjectKey ?? '') : m.subject === 'coding' ? m.subjectKey : undefined;
  await store.insertMemos(trx, plan.memos.map((m) => ({
    evaluation_id: evaluationId,
    subject: m.subject,
    subject_id: subjectId(m) ?? null,
    title: m.title,
    body: m.body,
    author_id: m.authorId,
  })));

  return {
    codes: plan.codes.length,
    participants: plan.participants.filter((p) => !p.existingId).length,
    participantsMatched: plan.participants.filter((p) => p.existingId).length,
    attributes: attributes.length,
    sources: plan.sources.length,
    codings: plan.codings.length,
    memos: plan.memos.length,
  };
}

export async function importQdpx(db: Db, actorId: string | null, evaluationId: string, options: QdpxImportOptions): Promise<QdpxImportReport> {
  const planned = await plan(db, evaluationId, options);
  const run = async (trx: Db) => {
    const imported = await storePlan(trx, actorId, evaluationId, options.filename, planned.plan);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'import', entity: 'qdpx', detail: { file: options.filename, ...imported, notImported: planned.plan.notImported.items.length } });
    return imported;
  };
  const imported = await inTransaction(db, run);
  return { project: planned.project, imported, coders: planned.plan.coders, notImported: planned.plan.notImported.items };
}
