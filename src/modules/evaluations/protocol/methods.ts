import { z } from 'zod';
import type { Selectable } from 'kysely';
import type { Db } from '../../../db/database.ts';
import type { ResearchMethodsTable } from '../../../db/tables.ts';
import { badRequest, notFound } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { optionalText, requiredText } from '../../shared-schemas.ts';
import * as store from './aims-store.ts';
import { moved, nextPosition, setPositions, type Direction } from './ordering.ts';
import { requireLinks, requireRow } from './ownership.ts';
import { flag, isUuid } from './schemas.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { dataByKind, derivedRules, isDerivedKind } from './method-evidence.ts';

export const methodKinds = ['documentary-analysis', 'interviews', 'survey', 'case-studies', 'reanalysis', 'learning-sets', 'observation', 'other'] as const;
export type MethodKind = (typeof methodKinds)[number];

export const methodKindLabels: Record<MethodKind, string> = {
  'documentary-analysis': 'Documentary analysis',
  interviews: 'Interviews',
  survey: 'Survey',
  'case-studies': 'Case studies',
  reanalysis: 'Re-analysis of existing data',
  'learning-sets': 'Learning sets',
  observation: 'Observation',
  other: "The team's own method",
};

export interface Method {
  id: string;
  name: string;
  kind: MethodKind;
  /** The kind as shown: the usual name, or the team's own for 'other'. */
  kindLabel: string;
  ownKind: string;
  description: string;
  /**
   * Whether the method has produced data: worked out from the data modules for the kinds they
   * can see (see method-evidence.ts), the team's own mark for observation and the team's methods.
   */
  hasData: boolean;
  /** True when hasData is worked out from the data rather than marked by the team. */
  dataDerived: boolean;
  /** What counts as data for a derived kind, in words; empty for a marked one. */
  dataRule: string;
  /** The team's own mark, which counts only for kinds that are not derived. */
  markedHasData: boolean;
}

export interface MatrixCell {
  methodId: string;
  questionId: string;
}

export const methodInput = z
  .object({
    name: requiredText('The name of the method', 200),
    kind: z.enum(methodKinds, { error: 'Choose the kind of method' }),
    ownKind: optionalText('Your name for the kind of method', 100),
    description: optionalText('Description', 5000),
    hasData: flag,
  })
  .superRefine((value, ctx) => {
    if (value.kind === 'other' && value.ownKind === '') ctx.addIssue({ code: 'custom', path: ['ownKind'], message: 'Enter your name for this kind of method' });
  });
export type MethodInput = z.input<typeof methodInput>;

export function toMethod(row: Selectable<ResearchMethodsTable>): Method {
  const kind = row.kind as MethodKind;
  return {
    id: row.id,
    name: row.name,
    kind,
    kindLabel: kind === 'other' ? row.own_kind : methodKindLabels[kind],
    ownKind: row.own_kind,
    description: row.description,
    hasData: row.has_data,
    dataDerived: false,
    dataRule: '',
    markedHasData: row.has_data,
  };
}

/** Replaces the team's mark with what the data says, for the kinds whose data the workbench holds. */
async function withEvidence(db: Db, evaluationId: string, methods: Method[]): Promise<Method[]> {
  const data = await dataByKind(db, evaluationId, methods.map((m) => m.kind));
  return methods.map((m) => (isDerivedKind(m.kind) ? { ...m, hasData: data.get(m.kind) ?? false, dataDerived: true, dataRule: derivedRules[m.kind] } : m));
}

export async function listMethods(db: Db, evaluationId: string): Promise<Method[]> {
  return withEvidence(db, evaluationId, (await store.listMethods(db, evaluationId)).map(toMethod));
}

export async function getMethod(db: Db, evaluationId: string, methodId: string): Promise<Method> {
  const method = (await listMethods(db, evaluationId)).find((m) => m.id === methodId);
  if (!method) throw notFound('Method');
  return method;
}

const methodColumns = (data: z.infer<typeof methodInput>) => ({
  name: data.name,
  kind: data.kind,
  own_kind: data.kind === 'other' ? data.ownKind : '',
  description: data.description,
  has_data: data.hasData,
});

export async function addMethod(db: Db, actorId: string | null, evaluationId: string, input: MethodInput): Promise<Method> {
  const data = methodInput.parse(input);
  return inTransaction(db, async (trx) => {
    const row = await store.insertMethod(trx, { evaluation_id: evaluationId, ...methodColumns(data), position: await nextPosition(trx, 'research_methods', evaluationId) });
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'method', entityId: row.id, detail: { name: row.name, kind: row.kind } });
    return getMethod(trx, evaluationId, row.id);
  });
}

export async function updateMethod(db: Db, actorId: string | null, evaluationId: string, methodId: string, input: MethodInput): Promise<Method> {
  const data = methodInput.parse(input);
  return inTransaction(db, async (trx) => {
    const before = await getMethod(trx, evaluationId, methodId);
    await store.updateMethod(trx, evaluationId, methodId, methodColumns(data));
    const after = await getMethod(trx, evaluationId, methodId);
    const changed = Object.fromEntries(
      (['name', 'kind', 'ownKind', 'description', 'markedHasData'] as const).filter((k) => before[k] !== after[k]).map((k) => [k, { from: before[k], to: after[k] }]),
    );
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'method', entityId: methodId, detail: changed });
    return after;
  });
}

export async function deleteMethod(db: Db, actorId: string | null, evaluationId: string, methodId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const method = await getMethod(trx, evaluationId, methodId);
    await store.deleteMethod(trx, evaluationId, methodId);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'delete', entity: 'method', entityId: methodId, detail: { name: method.name } });
  });
}

export async function moveMethod(db: Db, evaluationId: string, methodId: string, direction: Direction): Promise<void> {
  await inTransaction(db, async (trx) => {
    await requireRow(trx, 'research_methods', evaluationId, methodId, 'Method');
    const ids = (await store.listMethods(trx, evaluationId)).map((m) => m.id);
    await setPositions(trx, 'research_methods', evaluationId, moved(ids, methodId, direction));
  });
}

export async function listMatrix(db: Db, evaluationId: string): Promise<MatrixCell[]> {
  return (await store.listMatrix(db, evaluationId)).map((r) => ({ methodId: r.method_id, questionId: r.question_id }));
}

const cellMessage = 'Each tick must pair a method and a research question of this evaluation';

/** The matrix form sends one checkbox per ticked cell, valued "methodId:questionId". */
export const matrixFormInput = z.object({
  cells: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : [v].flat()))
    .transform((values, ctx) =>
      values.map((value) => {
        const [methodId = '', questionId = ''] = value.split(':');
        if (!isUuid(methodId) || !isUuid(questionId)) ctx.addIssue({ code: 'custom', message: cellMessage });
        return { methodId, questionId };
      }),
    ),
});

export const matrixInput = z.object({
  cells: z.array(z.object({ methodId: z.string().refine(isUuid, cellMessage), questionId: z.string().refine(isUuid, cellMessage) })),
});

function distinctCells(cells: MatrixCell[]): MatrixCell[] {
  const seen = new Map(cells.map((c) => [`${c.methodId}:${c.questionId}`, c]));
  return [...seen.values()];
}

/** Replaces the whole matrix with the cells given: the form shows every cell, so what is not ticked is not answered. */
export async function saveMatrix(db: Db, actorId: string | null, evaluationId: string, input: z.input<typeof matrixInput>): Promise<MatrixCell[]> {
  const cells = distinctCells(matrixInput.parse(input).cells);
  await inTransaction(db, async (trx) => {
    await requireLinks(trx, 'research_methods', evaluationId, cells.map((c) => c.methodId), 'cells', cellMessage);
    await requireLinks(trx, 'research_questions', evaluationId, cells.map((c) => c.questionId), 'cells', cellMessage);
    await store.replaceMatrix(trx, evaluationId, cells);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'method-question-matrix', detail: { cells: cells.length } });
  });
  return listMatrix(db, evaluationId);
}

/** Ticks one more cell, leaving the rest: for building a protocol step by step (the demo does). */
export async function linkMethodToQuestions(db: Db, evaluationId: string, methodId: string, questionIds: string[]): Promise<void> {
  await inTransaction(db, async (trx) => {
    await requireRow(trx, 'research_methods', evaluationId, methodId, 'Method');
    if (questionIds.some((id) => !isUuid(id))) throw badRequest(cellMessage, [{ field: 'cells', message: cellMessage }]);
    await requireLinks(trx, 'research_questions', evaluationId, questionIds, 'cells', cellMessage);
    await store.addMatrixCells(trx, questionIds.map((questionId) => ({ methodId, questionId })));
  });
}
