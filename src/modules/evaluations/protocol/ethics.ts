import { z } from 'zod';
import type { Selectable } from 'kysely';
import type { Db } from '../../../db/database.ts';
import type { EthicsApprovalsTable } from '../../../db/tables.ts';
import { notFound } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { optionalDate, optionalText, requiredText } from '../../shared-schemas.ts';
import * as store from './ethics-store.ts';
import { isUuid } from './schemas.ts';
import { inTransaction } from '../../../db/transaction.ts';

export const approvalStatuses = ['submitted', 'approved', 'approved-with-conditions', 'not-approved', 'withdrawn'] as const;
export type ApprovalStatus = (typeof approvalStatuses)[number];

export const approvalStatusLabels: Record<ApprovalStatus, string> = {
  submitted: 'Submitted, awaiting a decision',
  approved: 'Approved',
  'approved-with-conditions': 'Approved with conditions',
  'not-approved': 'Not approved',
  withdrawn: 'Withdrawn',
};

export interface EthicsApproval {
  id: string;
  committee: string;
  reference: string;
  decidedOn: string | null;
  conditions: string;
  status: ApprovalStatus;
  statusLabel: string;
}

export const approvalInput = z
  .object({
    committee: requiredText('The name of the committee', 300),
    reference: optionalText('Reference', 100),
    decidedOn: optionalDate('Date of the decision'),
    conditions: optionalText('Conditions', 5000),
    status: z.enum(approvalStatuses, { error: 'Choose the status of the application' }),
  })
  .superRefine((value, ctx) => {
    // An approval with conditions that does not say what they are cannot be kept to.
    if (value.status === 'approved-with-conditions' && value.conditions === '') {
      ctx.addIssue({ code: 'custom', path: ['conditions'], message: 'Enter the conditions of the approval' });
    }
  });
export type ApprovalInput = z.input<typeof approvalInput>;

function toApproval(row: Selectable<EthicsApprovalsTable>): EthicsApproval {
  const status = row.status as ApprovalStatus;
  return { id: row.id, committee: row.committee, reference: row.reference, decidedOn: row.decided_on, conditions: row.conditions, status, statusLabel: approvalStatusLabels[status] };
}

const approvalColumns = (data: z.infer<typeof approvalInput>) => ({
  committee: data.committee,
  reference: data.reference,
  decided_on: data.decidedOn,
  conditions: data.conditions,
  status: data.status,
});

export async function listApprovals(db: Db, evaluationId: string): Promise<EthicsApproval[]> {
  return (await store.listApprovals(db, evaluationId)).map(toApproval);
}

export async function getApproval(db: Db, evaluationId: string, approvalId: string): Promise<EthicsApproval> {
  const approval = (await listApprovals(db, evaluationId)).find((a) => a.id === approvalId);
  if (!approval) throw notFound('Ethics approval');
  return approval;
}

export async function addApproval(db: Db, actorId: string | null, evaluationId: string, input: ApprovalInput): Promise<EthicsApproval> {
  const data = approvalInput.parse(input);
  return inTransaction(db, async (trx) => {
    const row = await store.insertApproval(trx, { evaluation_id: evaluationId, ...approvalColumns(data) });
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'ethics-approval', entityId: row.id, detail: { committee: row.committee, status: row.status } });
    return toApproval(row);
  });
}

export async function updateApproval(db: Db, actorId: string | null, evaluationId: string, approvalId: string, input: ApprovalInput): Promise<EthicsApproval> {
  const data = approvalInput.parse(input);
  return inTransaction(db, async (trx) => {
    const before = await getApproval(trx, evaluationId, approvalId);
    const row = await store.updateApproval(trx, evaluationId, approvalId, approvalColumns(data));
    if (!row) throw notFound('Ethics approval');
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'ethics-approval', entityId: approvalId, detail: { status: { from: before.status, to: row.status } } });
    return toApproval(row);
  });
}

export async function deleteApproval(db: Db, actorId: string | null, evaluationId: string, approvalId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const row = isUuid(approvalId) ? await store.deleteApproval(trx, evaluationId, approvalId) : undefined;
    if (!row) throw notFound('Ethics approval');
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'delete', entity: 'ethics-approval', entityId: approvalId, detail: { committee: row.committee } });
  });
}
