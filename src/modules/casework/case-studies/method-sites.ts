import type { Db } from '../../../db/database.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { badRequest } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { listMethods } from '../../plans/methods.ts';
import { uuid } from '../../shared-schemas.ts';
import { getSite, siteTypeLabel } from './sites.ts';

/** Which of the organisation's improvement methods each case-study site's project used. */

export async function siteMethods(db: Db, evaluationId: string, siteId: string): Promise<{ id: string; name: string }[]> {
  const site = await getSite(db, evaluationId, siteId);
  return db.selectFrom('improvement_method_sites as l').innerJoin('improvement_methods as m', 'm.id', 'l.method_id').select(['m.id', 'm.name']).where('l.site_id', '=', site.id).orderBy('m.name').execute();
}

/** The methods the site's project used; replaces the earlier choice. */
export async function setSiteMethods(db: Db, actorId: string | null, evaluationId: string, siteId: string, methodIds: readonly string[]): Promise<void> {
  const ids = [...new Set(methodIds.filter(Boolean))];
  await inTransaction(db, async (trx) => {
    const site = await getSite(trx, evaluationId, siteId);
    const known = new Set((await listMethods(trx, evaluationId)).map((m) => m.id));
    if (ids.some((id) => !uuid.safeParse(id).success || !known.has(id))) throw badRequest('The method is not in this evaluation’s catalogue', [{ field: 'methodIds', message: 'Choose from the catalogue of improvement methods' }]);
    await trx.deleteFrom('improvement_method_sites').where('site_id', '=', site.id).execute();
    if (ids.length) await trx.insertInto('improvement_method_sites').values(ids.map((method_id) => ({ method_id, site_id: site.id }))).execute();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'case-study-site', entityId: site.id, detail: { methods: ids.length } });
  });
}

/** The case-study sites whose projects used a method, for the method's own page. */
export async function sitesForMethod(db: Db, evaluationId: string, methodId: string): Promise<{ id: string; name: string; siteTypeLabel: string; projectTitle: string; status: string }[]> {
  if (!uuid.safeParse(methodId).success) return [];
  const rows = await db
    .selectFrom('improvement_method_sites as l')
    .innerJoin('case_study_sites as s', 's.id', 'l.site_id')
    .select(['s.id', 's.name', 's.site_type', 's.project_title', 's.status'])
    .where('l.method_id', '=', methodId)
    .where('s.evaluation_id', '=', evaluationId)
    .orderBy('s.name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, siteTypeLabel: siteTypeLabel(r.site_type), projectTitle: r.project_title, status: r.status }));
}
