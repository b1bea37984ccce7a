import { z } from 'zod';
import type { Db } from '../../../db/database.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { notFound } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import type { Chart } from '../../results/charts.ts';
import { isoDate, optionalText, requiredText, uuid } from '../../shared-schemas.ts';
import { getCaseFile } from './case-files.ts';
import { getSite } from './sites.ts';

/** Service careers: each contact a person had with an agency, over time, read from the case file. */

export const contactInput = z.object({
  contactedOn: isoDate('The date of the contact'),
  agency: requiredText('The agency', 200),
  kind: optionalText('The kind of contact', 200),
  note: optionalText('The note', 2000),
});
export type ContactInput = z.input<typeof contactInput>;

export interface CaseContact {
  id: string;
  contactedOn: string;
  agency: string;
  kind: string;
  note: string;
}

export async function listContacts(db: Db, evaluationId: string, siteId: string, caseFileId: string): Promise<CaseContact[]> {
  const file = await getCaseFile(db, evaluationId, siteId, caseFileId);
  const rows = await db.selectFrom('case_file_contacts').select(['id', 'contacted_on', 'agency', 'kind', 'note']).where('case_file_id', '=', file.id).orderBy('contacted_on').orderBy('agency').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, contactedOn: r.contacted_on, agency: r.agency, kind: r.kind, note: r.note }));
}

export async function addContacts(db: Db, actorId: string | null, evaluationId: string, siteId: string, caseFileId: string, inputs: readonly ContactInput[]): Promise<number> {
  const contacts = inputs.map((input) => contactInput.parse(input));
  return inTransaction(db, async (trx) => {
    const file = await getCaseFile(trx, evaluationId, siteId, caseFileId);
    if (contacts.length) {
      await trx.insertInto('case_file_contacts').values(contacts.map((c) => ({ case_file_id: file.id, contacted_on: c.contactedOn, agency: c.agency, kind: c.kind, note: c.note }))).execute();
    }
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'case-file', entityId: file.id, detail: { contactsAdded: contacts.length } });
    return contacts.length;
  });
}

export async function removeContact(db: Db, actorId: string | null, evaluationId: string, siteId: string, caseFileId: string, contactId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const file = await getCaseFile(trx, evaluationId, siteId, caseFileId);
    const row = uuid.safeParse(contactId).success ? await trx.selectFrom('case_file_contacts').select('id').where('case_file_id', '=', file.id).where('id', '=', contactId).executeTakeFirst() : undefined;
    if (!row) throw notFound('Contact');
    await trx.deleteFrom('case_file_contacts').where('id', '=', row.id).execute();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'case-file', entityId: file.id, detail: { contactRemoved: row.id } });
  });
}

/** The contacts as a chart: one row per agency, a point per contact along the time axis. */
export function timelineChart(reference: string, contacts: readonly CaseContact[]): Chart {
  const agencies = [...new Set(contacts.map((c) => c.agency))];
  const first = contacts[0];
  const last = contacts.at(-1);
  const perAgency = agencies.map((a) => `${a} (${contacts.filter((c) => c.agency === a).length})`).join(', ');
  const summary = first && last
    ? `${contacts.length} contact${contacts.length === 1 ? '' : 's'} with ${agencies.length} agenc${agencies.length === 1 ? 'y' : 'ies'} from ${first.contactedOn} to ${last.contactedOn}: ${perAgency}.`
    : 'No contacts recorded.';
  const y = { field: 'agency', type: 'nominal' as const, title: null, sort: agencies };
  return {
    id: 'service-career',
    title: `Service career of case file ${reference}`,
    summary,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: 480,
      height: { step: 30 },
      data: { values: contacts.map((c) => ({ date: c.contactedOn, agency: c.agency, kind: c.kind || 'Contact' })) },
      layer: [
        { mark: { type: 'rule', color: '#b1b4b6' }, encoding: { y, x: { aggregate: 'min', field: 'date', type: 'temporal', title: 'Date of contact' }, x2: { aggregate: 'max', field: 'date' } } },
        { mark: { type: 'point', filled: true, size: 80, color: '#1d70b8' }, encoding: { y, x: { field: 'date', type: 'temporal', axis: { format: '%b %Y' } }, shape: { field: 'kind', type: 'nominal', title: 'Kind of contact' } } },
      ],
    },
    table: { columns: ['Date', 'Agency', 'Kind of contact', 'Note'], rows: contacts.map((c) => [c.contactedOn, c.agency, c.kind, c.note]) },
  };
}

export interface AgencySummary {
  agency: string;
  contacts: number;
  caseFiles: number;
  first: string;
  last: string;
}

/** Contacts per agency across a site's case files, most contacts first. */
export async function siteAgencySummary(db: Db, evaluationId: string, siteId: string): Promise<AgencySummary[]> {
  const site = await getSite(db, evaluationId, siteId);
  const rows = await db
    .selectFrom('case_file_contacts as c')
    .innerJoin('case_files as f', 'f.id', 'c.case_file_id')
    .select((eb) => [
      'c.agency',
      eb.fn.countAll<number>().as('contacts'),
      eb.fn.count<number>('c.case_file_id').distinct().as('case_files'),
      eb.fn.min('c.contacted_on').as('first'),
      eb.fn.max('c.contacted_on').as('last'),
    ])
    .where('f.site_id', '=', site.id)
    .groupBy('c.agency')
    .execute();
  return rows
    .map((r) => ({ agency: r.agency, contacts: Number(r.contacts), caseFiles: Number(r.case_files), first: String(r.first), last: String(r.last) }))
    .sort((a, b) => b.contacts - a.contacts || a.agency.localeCompare(b.agency));
}
