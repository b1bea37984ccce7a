import { z } from 'zod';
import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { PeopleTable } from '../../db/tables.ts';
import { badRequest, notFound } from '../../http/errors.ts';
import { recordAudit } from '../accounts/audit.ts';
import { optionalDate, optionalText } from '../shared-schemas.ts';
import { optionalUnitId, requiredEntry } from './schemas.ts';
import * as store from './store.ts';
import { inTransaction } from '../../db/transaction.ts';
import { listUnits, type Unit } from './units.ts';

/**
 * The staff directory as the organisation supplied it. It is personal data: only researchers and
 * leads see it, and the audit log records which fields changed, never their values.
 */
export interface Person {
  id: string;
  evaluationId: string;
  name: string;
  email: string | null;
  phone: string | null;
  unitId: string | null;
  unitName: string | null;
  regionId: string | null;
  regionName: string | null;
  jobTitle: string;
  startedOn: string | null;
  leftOn: string | null;
  lastVerifiedOn: string | null;
}

export const peoplePerPage = 50;

const emailMessage = 'Enter an e-mail address in the correct format, like name@example.org';

/** Blank means "not known": the directory has gaps, and a gap is not an error. */
const optionalEmail = z
  .string({ error: emailMessage })
  .trim()
  .max(320, 'E-mail address must be 320 characters or fewer')
  .nullish()
  .transform((v) => v || null)
  .refine((v) => v === null || z.email().safeParse(v).success, emailMessage);

const optionalPhone = z
  .string({ error: 'Enter a phone number' })
  .trim()
  .max(50, 'Phone number must be 50 characters or fewer')
  .nullish()
  .transform((v) => v || null);

export const personInput = z
  .object({
    name: requiredEntry("Enter the person's name", 'Name', 200),
    email: optionalEmail,
    phone: optionalPhone,
    unitId: optionalUnitId('Unit'),
    regionId: optionalUnitId('Region'),
    jobTitle: optionalText('Job title', 200),
    startedOn: optionalDate('Start date'),
    leftOn: optionalDate('Date they left'),
    lastVerifiedOn: optionalDate('Date last checked'),
  })
  .superRefine((value, ctx) => {
    if (value.startedOn && value.leftOn && value.leftOn < value.startedOn) {
      ctx.addIssue({ code: 'custom', path: ['leftOn'], message: 'Date they left must be the same as or after the start date' });
    }
  });
export type PersonInput = z.input<typeof personInput>;
type PersonData = z.output<typeof personInput>;

export const peopleQuery = z.object({
  q: z.string().trim().max(200).optional(),
  unit: z.union([z.literal(''), z.string().uuid()]).optional(),
  page: z.coerce.number().int().min(1).default(1),
});

type PersonRow = NonNullable<Awaited<ReturnType<typeof store.findPerson>>>;

function toPerson(row: PersonRow): Person {
  return {
    id: row.id,
    evaluationId: row.evaluation_id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    unitId: row.unit_id,
    unitName: row.unit_name,
    regionId: row.region_id,
    regionName: row.region_name,
    jobTitle: row.job_title,
    startedOn: row.started_on,
    leftOn: row.left_on,
    lastVerifiedOn: row.last_verified_on,
  };
}

function toValues(evaluationId: string, data: PersonData): Insertable<PeopleTable> {
  return {
    evaluation_id: evaluationId,
    name: data.name,
    email: data.email,
    phone: data.phone,
    unit_id: data.unitId,
    region_id: data.regionId,
    job_title: data.jobTitle,
    started_on: data.startedOn,
    left_on: data.leftOn,
    last_verified_on: data.lastVerifiedOn,
  };
}

/** Problems with a person's unit and region: both must be this evaluation's, and the region a region. */
function unitProblems(units: Map<string, Unit>, data: PersonData): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (data.unitId && !units.has(data.unitId)) problems.push({ field: 'unitId', message: "Unit: choose one of this evaluation's units" });
  if (data.regionId && units.get(data.regionId)?.kind !== 'region') problems.push({ field: 'regionId', message: "Region: choose one of this evaluation's regions" });
  return problems;
}

async function unitsById(db: Db, evaluationId: string): Promise<Map<string, Unit>> {
  return new Map((await listUnits(db, evaluationId)).map((u) => [u.id, u]));
}

async function checkUnits(db: Db, evaluationId: string, data: PersonData): Promise<void> {
  const problems = unitProblems(await unitsById(db, evaluationId), data);
  if (problems.length) throw badRequest(problems.map((p) => p.message).join('; '), problems);
}

/** The fields a person's record holds a value in, for the audit log. */
const filledFields = (data: PersonData) => Object.entries(data).filter(([, v]) => v !== null && v !== '').map(([k]) => k);

export async function getPerson(db: Db, evaluationId: string, personId: string): Promise<Person> {
  const row = z.string().uuid().safeParse(personId).success ? await store.findPerson(db, evaluationId, personId) : undefined;
  if (!row) throw notFound('Person');
  return toPerson(row);
}

export interface PeopleSearch {
  q?: string | undefined;
  unitId?: string | undefined;
  page?: number | undefined;
}

export interface PeoplePage {
  people: Person[];
  /** How many people match, on all pages. */
  total: number;
  page: number;
  pages: number;
  perPage: number;
}

/** One page of the directory, by name; a page past the end shows the last one. */
export async function searchPeople(db: Db, evaluationId: string, search: PeopleSearch = {}): Promise<PeoplePage> {
  const filter = { search: search.q?.trim() || undefined, unitId: search.unitId || undefined };
  const total = await store.countPeople(db, evaluationId, filter);
  const pages = Math.max(1, Math.ceil(total / peoplePerPage));
  const page = Math.min(Math.max(1, Math.floor(search.page ?? 1)), pages);
  const rows = await store.listPeople(db, evaluationId, filter, peoplePerPage, (page - 1) * peoplePerPage);
  return { people: rows.map(toPerson), total, page, pages, perPage: peoplePerPage };
}

export async function addPerson(db: Db, actorId: string | null, evaluationId: string, input: PersonInput): Promise<Person> {
  const data = personInput.parse(input);
  return inTransaction(db, async (trx) => {
    await checkUnits(trx, evaluationId, data);
    const [id] = await store.insertPeople(trx, [toValues(evaluationId, data)]);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'person', entityId: id, detail: { fields: filledFields(data) } });
    return getPerson(trx, evaluationId, id!);
  });
}

const insertBatchSize = 200;
const problemsShown = 5;

/**
 * Adds many people at once, all or none: every row is checked before any is stored, and a
 * problem is reported by its row number (counting from 1) so the source can be fixed.
 */
export async function addPeople(db: Db, actorId: string | null, evaluationId: string, inputs: PersonInput[]): Promise<number> {
  return inTransaction(db, async (trx) => {
    const units = await unitsById(trx, evaluationId);
    const rows: PersonData[] = [];
    const problems: { field: string; message: string }[] = [];
    inputs.forEach((input, index) => {
      const parsed = personInput.safeParse(input);
      const issues = parsed.success
        ? unitProblems(units, parsed.data)
        : parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || 'row', message: issue.message }));
      for (const issue of issues) problems.push({ field: `rows.${index}.${issue.field}`, message: `Row ${index + 1} (${issue.field}): ${issue.message}` });
      if (parsed.success) rows.push(parsed.data);
    });
    if (problems.length) {
      const more = problems.length > problemsShown ? `; and ${problems.length - problemsShown} more` : '';
      throw badRequest(`No people were added. ${problems.slice(0, problemsShown).map((p) => p.message).join('; ')}${more}`, problems);
    }
    for (let start = 0; start < rows.length; start += insertBatchSize) {
      await store.insertPeople(trx, rows.slice(start, start + insertBatchSize).map((data) => toValues(evaluationId, data)));
    }
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'import', entity: 'person', detail: { count: rows.length } });
    return rows.length;
  });
}

export async function updatePerson(db: Db, actorId: string | null, evaluationId: string, personId: string, input: PersonInput): Promise<Person> {
  const data = personInput.parse(input);
  return inTransaction(db, async (trx) => {
    const before = await getPerson(trx, evaluationId, personId);
    await checkUnits(trx, evaluationId, data);
    const { evaluation_id: _unchanged, ...values } = toValues(evaluationId, data);
    await store.updatePerson(trx, evaluationId, personId, { ...values, updated_at: new Date() });
    const changed = (Object.keys(data) as (keyof PersonData)[]).filter((key) => (before[key] ?? '') !== (data[key] ?? ''));
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'person', entityId: personId, detail: { fields: changed } });
    return getPerson(trx, evaluationId, personId);
  });
}

export async function deletePerson(db: Db, actorId: string | null, evaluationId: string, personId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    await getPerson(trx, evaluationId, personId);
    await store.deletePerson(trx, evaluationId, personId);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'delete', entity: 'person', entityId: personId });
  });
}
