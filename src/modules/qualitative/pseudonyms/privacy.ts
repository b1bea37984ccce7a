import { sql } from 'kysely';
import type { Db } from '../../../db/database.ts';

/**
 * What the privacy module may ask of pseudonymisation when someone withdraws. A person term that
 * is their name holds that name, so it goes — but only once no remaining transcript or document
 * text contains the name or one of its spellings: while other people's words still mention them,
 * the term is what keeps the name out of everything that leaves the team, and it stays.
 * The caller holds the transaction, and calls this after the person's own transcripts are erased.
 */
export async function forgetPseudonymTerms(db: Db, evaluationId: string, name: string): Promise<Record<string, number>> {
  const lower = name.trim().toLowerCase();
  if (!lower) return {};
  const terms = await db
    .selectFrom('pseudonym_terms')
    .select(['id', 'term', 'variants'])
    .where('evaluation_id', '=', evaluationId)
    .where('kind', '=', 'person')
    .execute();
  const theirs = terms.filter((t) => [t.term, ...t.variants].some((text) => text.trim().toLowerCase() === lower));
  const counts = { pseudonymTerms: 0, pseudonymTermsKept: 0 };
  for (const term of theirs) {
    const spellings = [term.term, ...term.variants].map((s) => s.trim()).filter((s) => s.length > 0);
    const stillMentioned = await db
      .selectFrom('qda_sources')
      .select('id')
      .where('evaluation_id', '=', evaluationId)
      .where((eb) => eb.or(spellings.map((s) => eb(sql<number>`strpos(lower(content), ${s.toLowerCase()})`, '>', 0))))
      .executeTakeFirst();
    if (stillMentioned) {
      counts.pseudonymTermsKept += 1;
      continue;
    }
    await db.deleteFrom('pseudonym_terms').where('id', '=', term.id).execute();
    counts.pseudonymTerms += 1;
  }
  return counts;
}
