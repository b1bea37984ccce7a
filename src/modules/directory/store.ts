import { randomUUID } from 'node:crypto';
import { sql, type Insertable, type Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { PeopleTable } from '../../db/tables.ts';
import type { DirectoryDecisionsTable, DirectoryFindingsTable, DirectoryImportStagingsTable } from '../../db/tables-directory.ts';
import type { EntryForChecks } from './doubles.ts';
import type { KnownEntry } from './matching.ts';

/**
 * Queries of directory import and cleaning. Every query names the evaluation, so an id from
 * another evaluation never matches. Cleaning is the one place besides the organisation module
 * that writes `people`: imports add and update entries in bulk, and decisions merge entries and
 * mark them as left, in the same transaction as the finding they settle.
 */

/** Rows per insert: well under PostgreSQL's 65,535 parameters for every table here. */
const batchSize = 1000;

async function inBatches<T>(items: T[], run: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < items.length; start += batchSize) await run(items.slice(start, start + batchSize));
}

// Stagings

export function deleteStagingsOlderThan(db: Db, before: Date) {
  return db.deleteFrom('directory_import_stagings').where('created_at', '<', before).execute();
}

export async function insertStaging(db: Db, values: Insertable<DirectoryImportStagingsTable>): Promise<string> {
  return (await db.insertInto('directory_import_stagings').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

/** One user's staged upload; `lock` holds it until the transaction ends, so a double-clicked commit imports once. */
export function findStaging(db: Db, evaluationId: string, userId: string, id: string, notBefore: Date, lock = false) {
  const query = db
    .selectFrom('directory_import_stagings')
    .selectAll()
    .where('evaluation_id', '=', evaluationId)
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .where('created_at', '>=', notBefore);
  return (lock ? query.forUpdate() : query).executeTakeFirst();
}

/**
 * Cleaning one evaluation's directory happens one transaction at a time: two runs of the checks,
 * or two decisions on one finding, would otherwise both act on what they read.
 */
export async function lockCleaning(db: Db, evaluationId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`directory-cleaning:${evaluationId}`}))`.execute(db);
}

export function setStagingMapping(db: Db, id: string, mapping: Record<string, number>) {
  return db.updateTable('directory_import_stagings').set({ mapping: JSON.stringify(mapping) }).where('id', '=', id).execute();
}

export function deleteStaging(db: Db, id: string) {
  return db.deleteFrom('directory_import_stagings').where('id', '=', id).execute();
}

// Directory entries

/** Entries not merged into another, with the organisation's identifier, for matching a re-import. */
export async function listKnownEntries(db: Db, evaluationId: string): Promise<KnownEntry[]> {
  const rows = await db
    .selectFrom('people as p')
    .leftJoin('directory_external_ids as x', 'x.person_id', 'p.id')
    .select(['p.id', 'p.name', 'p.email', 'p.phone', 'p.unit_id', 'p.region_id', 'p.job_title', 'p.started_on', 'p.left_on', 'p.last_verified_on', 'x.external_id'])
    .where('p.evaluation_id', '=', evaluationId)
    .where('p.merged_into_id', 'is', null)
    .orderBy('p.created_at')
    .orderBy('p.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    phone: r.phone,
    unitId: r.unit_id,
    regionId: r.region_id,
    jobTitle: r.job_title,
    startedOn: r.started_on,
    leftOn: r.left_on,
    lastVerifiedOn: r.last_verified_on,
    externalId: r.external_id,
  }));
}

function entrySelect(db: Db, evaluationId: string) {
  return db
    .selectFrom('people as p')
    .leftJoin('units as u', 'u.id', 'p.unit_id')
    .select(['p.id', 'p.name', 'p.email', 'p.phone', 'p.unit_id', 'u.name as unit_name', 'p.job_title', 'p.left_on', 'p.last_verified_on', 'p.email_bounced_at'])
    .where('p.evaluation_id', '=', evaluationId)
    .where('p.merged_into_id', 'is', null);
}

type EntryRow = Awaited<ReturnType<ReturnType<typeof entrySelect>['execute']>>[number];

const toEntry = (r: EntryRow): EntryForChecks => ({
  id: r.id,
  name: r.name,
  email: r.email,
  phone: r.phone,
  unitId: r.unit_id,
  unitName: r.unit_name,
  jobTitle: r.job_title,
  leftOn: r.left_on,
  lastVerifiedOn: r.last_verified_on,
  emailBouncedAt: r.email_bounced_at,
});

/** The entries the checks look at: every entry not merged into another. */
export async function listEntriesForChecks(db: Db, evaluationId: string): Promise<EntryForChecks[]> {
  return (await entrySelect(db, evaluationId).execute()).map(toEntry);
}

export async function findEntryForChecks(db: Db, evaluationId: string, personId: string): Promise<EntryForChecks | undefined> {
  const row = await entrySelect(db, evaluationId).where('p.id', '=', personId).executeTakeFirst();
  return row && toEntry(row);
}

export type NewPerson = Pick<Insertable<PeopleTable>, 'name' | 'email' | 'phone' | 'unit_id' | 'region_id' | 'job_title' | 'started_on' | 'left_on' | 'last_verified_on'>;

/** Rows per statement when adding people: each statement sends its rows as one JSON parameter. */
const peopleBatch = 5000;

/**
 * Adds entries, returning their ids in the order given. The ids are made here and the rows sent
 * as one JSON document per statement: binding ten values per row is what costs most on the
 * embedded database, and a 100,000-person import must take seconds.
 */
export async function insertPeople(db: Db, evaluationId: string, people: NewPerson[]): Promise<string[]> {
  const rows = people.map((p) => ({ ...p, id: randomUUID() }));
  for (let start = 0; start < rows.length; start += peopleBatch) {
    const batch = JSON.stringify(rows.slice(start, start + peopleBatch));
    await sql`
      INSERT INTO people (id, evaluation_id, name, email, phone, unit_id, region_id, job_title, started_on, left_on, last_verified_on)
      SELECT x.id, ${evaluationId}::uuid, x.name, x.email, x.phone, x.unit_id, x.region_id, coalesce(x.job_title, ''), x.started_on, x.left_on, x.last_verified_on
      FROM jsonb_to_recordset(${batch}::jsonb) AS x(id uuid, name text, email text, phone text, unit_id uuid, region_id uuid, job_title text, started_on date, left_on date, last_verified_on date)
    `.execute(db);
  }
  return rows.map((r) => r.id);
}

export function updatePerson(db: Db, evaluationId: string, id: string, values: Updateable<PeopleTable>) {
  return db.updateTable('people').set(values).where('evaluation_id', '=', evaluationId).where('id', '=', id).execute();
}

export function findPersonRow(db: Db, evaluationId: string, id: string) {
  return db.selectFrom('people').selectAll().where('evaluation_id', '=', evaluationId).where('id', '=', id).executeTakeFirst();
}

/** Entries merged into `from` now point at `to`, so no chain of merges is left behind. */
export function repointMerged(db: Db, evaluationId: string, from: string, to: string) {
  return db.updateTable('people').set({ merged_into_id: to }).where('evaluation_id', '=', evaluationId).where('merged_into_id', '=', from).execute();
}

export async function setExternalIds(db: Db, evaluationId: string, pairs: { personId: string; externalId: string }[]): Promise<void> {
  await inBatches(pairs, (batch) =>
    db
      .insertInto('directory_external_ids')
      .values(batch.map((p) => ({ person_id: p.personId, evaluation_id: evaluationId, external_id: p.externalId })))
      .onConflict((oc) => oc.column('person_id').doUpdateSet((eb) => ({ external_id: eb.ref('excluded.external_id') })))
      .execute(),
  );
}

export function findExternalId(db: Db, personId: string) {
  return db.selectFrom('directory_external_ids').select('external_id').where('person_id', '=', personId).executeTakeFirst();
}

export function moveExternalId(db: Db, from: string, to: string) {
  return db.updateTable('directory_external_ids').set({ person_id: to }).where('person_id', '=', from).execute();
}

// Runs

export function latestRun(db: Db, evaluationId: string) {
  return db.selectFrom('directory_cleaning_runs').selectAll().where('evaluation_id', '=', evaluationId).orderBy('run_at', 'desc').limit(1).executeTakeFirst();
}

export function insertRun(db: Db, values: { evaluationId: string; asOf: string; staleMonths: number; runBy: string | null; counts: Record<string, number> }) {
  return db
    .insertInto('directory_cleaning_runs')
    .values({ evaluation_id: values.evaluationId, as_of: values.asOf, stale_months: values.staleMonths, run_by: values.runBy, counts: JSON.stringify(values.counts) })
    .execute();
}

// Findings

export function listFindingStates(db: Db, evaluationId: string) {
  return db.selectFrom('directory_findings').select(['id', 'subject', 'status', 'fingerprint', 'score', 'reasons']).where('evaluation_id', '=', evaluationId).execute();
}

export type NewFinding = Pick<Insertable<DirectoryFindingsTable>, 'kind' | 'person_id' | 'other_person_id' | 'subject' | 'fingerprint'> & {
  score: number | null;
  reasons: string[];
  status?: string;
};

/** Adds findings, each statement's rows sent as one JSON parameter (see insertPeople for why). */
export async function insertFindings(db: Db, evaluationId: string, findings: NewFinding[]): Promise<void> {
  for (let start = 0; start < findings.length; start += peopleBatch) {
    const batch = JSON.stringify(findings.slice(start, start + peopleBatch).map((f) => ({ ...f, status: f.status ?? 'open' })));
    await sql`
      INSERT INTO directory_findings (evaluation_id, kind, person_id, other_person_id, subject, score, reasons, fingerprint, status)
      SELECT ${evaluationId}::uuid, x.kind, x.person_id, x.other_person_id, x.subject, x.score, x.reasons, x.fingerprint, x.status
      FROM jsonb_to_recordset(${batch}::jsonb) AS x(kind text, person_id uuid, other_person_id uuid, subject text, score numeric, reasons jsonb, fingerprint text, status text)
    `.execute(db);
  }
}

export function updateFinding(db: Db, evaluationId: string, id: string, values: Updateable<DirectoryFindingsTable>) {
  return db.updateTable('directory_findings').set(values).where('evaluation_id', '=', evaluationId).where('id', '=', id).execute();
}

export async function deleteFindings(db: Db, evaluationId: string, ids: string[]): Promise<void> {
  await inBatches(ids, (batch) => db.deleteFrom('directory_findings').where('evaluation_id', '=', evaluationId).where('id', 'in', batch).execute());
}

/** Open findings that involve an entry, for settling them when the entry is merged away or leaves. */
export function openFindingsOf(db: Db, evaluationId: string, personId: string) {
  return db
    .selectFrom('directory_findings')
    .select(['id', 'kind', 'subject', 'person_id', 'other_person_id'])
    .where('evaluation_id', '=', evaluationId)
    .where('status', '=', 'open')
    .where((eb) => eb.or([eb('person_id', '=', personId), eb('other_person_id', '=', personId)]))
    .execute();
}

export function findingBySubject(db: Db, evaluationId: string, subject: string) {
  return db.selectFrom('directory_findings').select(['id', 'status']).where('evaluation_id', '=', evaluationId).where('subject', '=', subject).executeTakeFirst();
}

export interface QueueFilter {
  kind?: string | undefined;
  status: string;
}

function queueQuery(db: Db, evaluationId: string, filter: QueueFilter) {
  let query = db.selectFrom('directory_findings as f').where('f.evaluation_id', '=', evaluationId).where('f.status', '=', filter.status);
  if (filter.kind) query = query.where('f.kind', '=', filter.kind);
  return query;
}

export async function countQueue(db: Db, evaluationId: string, filter: QueueFilter): Promise<number> {
  const row = await queueQuery(db, evaluationId, filter).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** How many findings of each kind have each status. */
export async function countFindings(db: Db, evaluationId: string): Promise<{ kind: string; status: string; n: number }[]> {
  const rows = await db
    .selectFrom('directory_findings')
    .select(['kind', 'status', (eb) => eb.fn.countAll<string>().as('n')])
    .where('evaluation_id', '=', evaluationId)
    .groupBy(['kind', 'status'])
    .execute();
  return rows.map((r) => ({ kind: r.kind, status: r.status, n: Number(r.n) }));
}

function findingSelect(db: Db) {
  return db
    .selectFrom('directory_findings as f')
    .innerJoin('people as a', 'a.id', 'f.person_id')
    .leftJoin('units as au', 'au.id', 'a.unit_id')
    .leftJoin('people as b', 'b.id', 'f.other_person_id')
    .leftJoin('units as bu', 'bu.id', 'b.unit_id')
    .select([
      'f.id', 'f.evaluation_id', 'f.kind', 'f.person_id', 'f.other_person_id', 'f.score', 'f.reasons', 'f.status', 'f.found_at', 'f.fingerprint',
      'a.name as a_name', 'a.email as a_email', 'a.phone as a_phone', 'au.name as a_unit', 'a.job_title as a_job_title', 'a.left_on as a_left_on', 'a.last_verified_on as a_verified', 'a.merged_into_id as a_merged_into',
      'b.name as b_name', 'b.email as b_email', 'b.phone as b_phone', 'bu.name as b_unit', 'b.job_title as b_job_title', 'b.left_on as b_left_on', 'b.last_verified_on as b_verified', 'b.merged_into_id as b_merged_into',
    ]);
}

export type FindingRow = Awaited<ReturnType<ReturnType<typeof findingSelect>['execute']>>[number];

export function listQueue(db: Db, evaluationId: string, filter: QueueFilter, limit: number, offset: number): Promise<FindingRow[]> {
  let query = findingSelect(db).where('f.evaluation_id', '=', evaluationId).where('f.status', '=', filter.status);
  if (filter.kind) query = query.where('f.kind', '=', filter.kind);
  // Likeliest doubles first, then by name, so the queue reads the same way each time.
  return query.orderBy(sql`f.score DESC NULLS LAST`).orderBy('a.name').orderBy('f.id').limit(limit).offset(offset).execute();
}

export function findFinding(db: Db, evaluationId: string, id: string): Promise<FindingRow | undefined> {
  return findingSelect(db).where('f.evaluation_id', '=', evaluationId).where('f.id', '=', id).executeTakeFirst();
}

// Decisions

export async function insertDecision(db: Db, values: Insertable<DirectoryDecisionsTable>): Promise<string> {
  return (await db.insertInto('directory_decisions').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export function listDecisions(db: Db, evaluationId: string, findingId: string) {
  return db
    .selectFrom('directory_decisions as d')
    .leftJoin('users as u', 'u.id', 'd.decided_by')
    .select(['d.id', 'd.decision', 'd.person_id', 'd.merged_person_id', 'd.reason', 'd.decided_at', 'd.detail', 'u.name as decided_by_name'])
    .where('d.evaluation_id', '=', evaluationId)
    .where('d.finding_id', '=', findingId)
    .orderBy('d.decided_at')
    .execute();
}
