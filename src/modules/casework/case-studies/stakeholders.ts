import { z } from 'zod';
import type { Db } from '../../../db/database.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { badRequest, HttpError, notFound } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { getInterview, listInterviews, statusLabels as interviewStatusLabels, type Interview } from '../../qualitative/interviews/interviews.ts';
import { optionalText, requiredText, uuid } from '../../shared-schemas.ts';
import { getSite } from './sites.ts';

/** The people the study meets at a site, by the kind of voice they bring, each perhaps interviewed. */

export const stakeholderCategories = ['senior-manager', 'practitioner', 'community-leader', 'service-user-carer'] as const;
export type StakeholderCategory = (typeof stakeholderCategories)[number];
export const stakeholderCategoryLabels: Record<StakeholderCategory, string> = {
  'senior-manager': 'Senior managers',
  practitioner: 'Practitioners',
  'community-leader': 'Community leaders',
  'service-user-carer': 'Service users and carers',
};

export const stakeholderInput = z.object({
  category: z.enum(stakeholderCategories, { error: 'Choose the kind of stakeholder' }),
  name: requiredText('The name or a description', 200),
  role: optionalText('The role', 200),
  organisation: optionalText('The organisation', 200),
  interviewId: z.union([z.literal('').transform(() => null), z.string()]).nullish().transform((v) => v ?? null),
});
export type StakeholderInput = z.input<typeof stakeholderInput>;

export interface Stakeholder {
  id: string;
  category: StakeholderCategory;
  categoryLabel: string;
  name: string;
  role: string;
  organisation: string;
  interview: { id: string; participantLabel: string; heldOn: string | null; status: string; statusLabel: string } | null;
}

const interviewSummary = (i: Interview) => ({ id: i.id, participantLabel: i.participantLabel, heldOn: i.heldOn, status: i.status, statusLabel: interviewStatusLabels[i.status] });

export async function listStakeholders(db: Db, evaluationId: string, siteId: string): Promise<Stakeholder[]> {
  const site = await getSite(db, evaluationId, siteId);
  const rows = await db.selectFrom('case_study_stakeholders').selectAll().where('site_id', '=', site.id).orderBy('created_at').orderBy('id').execute();
  const interviews = rows.some((r) => r.interview_id) ? new Map((await listInterviews(db, evaluationId)).map((i) => [i.id, i])) : new Map<string, Interview>();
  const order = (c: string) => stakeholderCategories.indexOf(c as StakeholderCategory);
  return rows
    .sort((a, b) => order(a.category) - order(b.category))
    .map((r) => {
      const interview = r.interview_id ? interviews.get(r.interview_id) : undefined;
      return {
        id: r.id,
        category: r.category as StakeholderCategory,
        categoryLabel: stakeholderCategoryLabels[r.category as StakeholderCategory],
        name: r.name,
        role: r.role,
        organisation: r.organisation,
        interview: interview ? interviewSummary(interview) : null,
      };
    });
}

async function checkInterview(db: Db, evaluationId: string, interviewId: string | null): Promise<void> {
  if (!interviewId) return;
  await getInterview(db, evaluationId, interviewId).catch((error: unknown) => {
    if (error instanceof HttpError && error.status === 404) throw badRequest('Choose one of this evaluation’s interviews', [{ field: 'interviewId', message: 'Choose one of this evaluation’s interviews' }]);
    throw error;
  });
}

export async function addStakeholder(db: Db, actorId: string | null, evaluationId: string, siteId: string, input: StakeholderInput): Promise<string> {
  const data = stakeholderInput.parse(input);
  return inTransaction(db, async (trx) => {
    const site = await getSite(trx, evaluationId, siteId);
    await checkInterview(trx, evaluationId, data.interviewId);
    const row = await trx
      .insertInto('case_study_stakeholders')
      .values({ site_id: site.id, category: data.category, name: data.name, role: data.role, organisation: data.organisation, interview_id: data.interviewId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'case-study-stakeholder', entityId: row.id, detail: { siteId: site.id, category: data.category, interviewId: data.interviewId } });
    return row.id;
  });
}

export async function removeStakeholder(db: Db, actorId: string | null, evaluationId: string, siteId: string, stakeholderId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const site = await getSite(trx, evaluationId, siteId);
    const row = uuid.safeParse(stakeholderId).success
      ? await trx.selectFrom('case_study_stakeholders').select(['id', 'category']).where('site_id', '=', site.id).where('id', '=', stakeholderId).executeTakeFirst()
      : undefined;
    if (!row) throw notFound('Stakeholder');
    await trx.deleteFrom('case_study_stakeholders').where('id', '=', row.id).execute();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'delete', entity: 'case-study-stakeholder', entityId: row.id, detail: { siteId: site.id, category: row.category } });
  });
}

/** Interviews as choices for linking a stakeholder: "participant – date (status)". */
export async function interviewChoices(db: Db, evaluationId: string): Promise<{ id: string; text: string }[]> {
  return (await listInterviews(db, evaluationId)).map((i) => ({ id: i.id, text: `${i.participantLabel}${i.heldOn ? ` – ${i.heldOn}` : ''} (${interviewStatusLabels[i.status].toLowerCase()})` }));
}
