import type { Db } from '../../db/database.ts';

/**
 * What the privacy module may ask of findings: evidence that points at a withdrawn person's coded
 * segments or quotes goes before those are erased, so a finding never cites words that are gone
 * (the database would drop the rows anyway; doing it here counts them for the record). The finding
 * itself, the team's own statement, stays. The caller holds the transaction.
 */
export async function dropEvidenceOn(db: Db, records: { codingIds: string[]; quoteIds: string[] }): Promise<Record<string, number>> {
  if (!records.codingIds.length && !records.quoteIds.length) return {};
  const result = await db
    .deleteFrom('finding_evidence')
    .where((eb) => eb.or([...(records.codingIds.length ? [eb('coding_id', 'in', records.codingIds)] : []), ...(records.quoteIds.length ? [eb('quote_id', 'in', records.quoteIds)] : [])]))
    .executeTakeFirst();
  return { findingEvidence: Number(result.numDeletedRows) };
}
