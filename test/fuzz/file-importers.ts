import fc from 'fast-check';
import { sql, type KyselyPlugin } from 'kysely';
import { openEmbeddedDatabase, type Database, type Db } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { HttpError } from '../../src/http/errors.ts';
import { createUser } from '../../src/modules/accounts/service.ts';
import { importDirectory } from '../../src/modules/directory/import-service.ts';
import { DocumentFileError } from '../../src/modules/documents/extraction.ts';
import { addDocument } from '../../src/modules/documents/service.ts';
import { minimalPdf, webPage, wordDocument } from '../../src/modules/documents/test-files.ts';
import { createEvaluation } from '../../src/modules/evaluations/service.ts';
import { createUnit } from '../../src/modules/organisation/service.ts';
import { importPlans } from '../../src/modules/plans/importing.ts';
import { importDatasetFile } from '../../src/modules/surveys/datasets/service.ts';
import { createSurvey } from '../../src/modules/surveys/service.ts';
import type { Importer } from './importers.ts';
import { csvText, damagedBytes, damagedCsv, damagedOffice, randomBytes, randomText, workbookOf } from './file-inputs.ts';

/**
 * Fuzzing of the importers that store what they read: the staff directory (CSV, Excel), plans
 * (CSV, Excel), data sets (CSV, Excel) and documents (PDF, Word, web pages). Each case imports the
 * bytes into an embedded database for real. The property: the import succeeds, or it refuses with
 * the module's own error for people (a 4xx HttpError, or the reader's file error) and the tables
 * it writes hold exactly what they held before. A TypeError, a RangeError, a database error or a
 * half-stored file is a failure.
 */

/**
 * The rows an importer writes, counted for one evaluation (one number per table), to see that a
 * refusal stored nothing and that a success stored all it says it did.
 */
type Counter = (database: Database, target: Target) => Promise<number[]>;

interface Target {
  id: string;
  surveyId: string;
}

const countOf = (table: 'people' | 'documents'): Counter => async (database, target) => {
  const row = await database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('evaluation_id', '=', target.id).executeTakeFirstOrThrow();
  return [Number(row.n)];
};

const countResponses: Counter = async (database, target) => {
  const row = await database.db.selectFrom('responses').select((eb) => eb.fn.countAll<number>().as('n')).where('survey_id', '=', target.surveyId).executeTakeFirstOrThrow();
  return [Number(row.n)];
};

/** Plans, workstreams and deliverables of the evaluation, in one query. */
const countPlansDeep: Counter = async (database, target) => {
  const { rows } = await sql<{ plans: number; workstreams: number; deliverables: number }>`
    SELECT (SELECT count(*) FROM plans WHERE evaluation_id = ${target.id}) AS plans,
           (SELECT count(*) FROM workstreams w JOIN plans p ON p.id = w.plan_id WHERE p.evaluation_id = ${target.id}) AS workstreams,
           (SELECT count(*) FROM deliverables WHERE evaluation_id = ${target.id}) AS deliverables`.execute(database.db);
  const row = rows[0]!;
  return [Number(row.plans), Number(row.workstreams), Number(row.deliverables)];
};

/** A refusal meant for people: the reader's own error, or a 4xx with a message. */
function isRefusal(error: unknown): boolean {
  return (error instanceof HttpError && error.status < 500) || error instanceof DocumentFileError;
}

export class HalfStored extends Error {}

interface Fixture {
  database: Database;
  userId: string;
  /** A fresh evaluation with the units and the survey the sample files name. */
  evaluation(): Promise<Target>;
}

let opened: Promise<Fixture> | undefined;

const surveyDefinition = {
  pages: [
    {
      id: 'p1',
      title: 'Questions',
      questions: [
        { id: 'programme', text: 'Which programme?', format: { type: 'single' as const, options: [{ code: 'MHI', label: 'Mental health' }, { code: 'CfC', label: 'Children' }] } },
        { id: 'tc1', text: 'There is a need for change.', format: { type: 'likert' as const, points: 5, labels: ['1', '2', '3', '4', '5'] } },
        { id: 'started', text: 'Start date', format: { type: 'date' as const } },
        { id: 'comment', text: 'Anything else?', format: { type: 'text' as const, multiline: true, maxLength: 2000 } },
      ],
    },
  ],
};

async function openFixture(): Promise<Fixture> {
  const database = await openEmbeddedDatabase('memory');
  await migrate(database);
  const user = await createUser(database.db, { email: 'fuzz@example.org', name: 'Fuzz Lead', password: 'a long test password' });
  let made = 0;
  return {
    database,
    userId: user.id,
    async evaluation() {
      made += 1;
      const evaluation = await createEvaluation(database.db, user.id, { title: `Fuzzing ${made}`, slug: `fuzzing-${made}` });
      for (const [kind, name, shortName] of [
        ['programme', 'Mental Health Institute', 'MHI'],
        ['programme', 'Change for Children', 'CfC'],
        ['directorate', 'Programmes Directorate', ''],
        ['region', 'North West', 'NW'],
      ] as const) {
        await createUnit(database.db, user.id, evaluation.id, { kind, name, shortName });
      }
      const survey = await createSurvey(database.db, user.id, evaluation.id, { title: 'Earlier wave', purpose: 'main', anonymity: 'anonymous' }, surveyDefinition);
      return { id: evaluation.id, surveyId: survey.id };
    },
  };
}

/** The shared embedded database of the fuzzing, opened once. */
export function fuzzFixture(): Promise<Fixture> {
  opened ??= openFixture();
  return opened;
}

export async function closeFuzzFixture(): Promise<void> {
  if (!opened) return;
  const fixture = await opened;
  opened = undefined;
  await fixture.database.close();
}

/**
 * Watches the statements an importer sends: a refusal that sent none that writes (only SELECTs)
 * cannot have stored anything, so it needs no count. Anything other than a plain SELECT (an
 * INSERT, UPDATE, DELETE, raw SQL, a SELECT with a WITH clause) counts as a write.
 */
function watchWrites(db: Db): { db: Db; writes: () => number; reset: () => void } {
  let writes = 0;
  const plugin: KyselyPlugin = {
    transformQuery({ node }) {
      if (node.kind !== 'SelectQueryNode' || node.with) writes += 1;
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  return { db: db.withPlugin(plugin), writes: () => writes, reset: () => (writes = 0) };
}

const sameCounts = (a: number[], b: number[]) => a.length === b.length && a.every((n, i) => n === b[i]);

/**
 * Runs one import in an evaluation of its own for every `perEvaluation` cases (so successes do not
 * pile up in one), and checks the property: success with every row it reports stored (the counts
 * grew by exactly `stored(result)`), or a refusal with nothing stored. The counts are kept between
 * cases, so a case costs one count query at most, and none when the refusal wrote nothing.
 */
function storedImporter<R>(name: string, input: fc.Arbitrary<Buffer | Promise<Buffer>>, count: Counter, work: (fixture: Fixture, db: Db, target: Target, bytes: Buffer) => Promise<R>, stored: (result: R) => number[]): Importer {
  let target: Target | undefined;
  let known: number[] = [];
  let uses = 0;
  let watched: ReturnType<typeof watchWrites> | undefined;
  return {
    name,
    input: input as fc.Arbitrary<Buffer>,
    async run(given) {
      const bytes = await given;
      const fixture = await fuzzFixture();
      watched ??= watchWrites(fixture.database.db);
      if (!target || uses++ % 200 === 0) {
        target = await fixture.evaluation();
        known = await count(fixture.database, target);
      }
      const before = known;
      watched.reset();
      let result: R;
      try {
        result = await work(fixture, watched.db, target, bytes);
      } catch (error) {
        if (!isRefusal(error)) throw error;
        if (watched.writes() === 0) return;
        known = await count(fixture.database, target);
        if (!sameCounts(known, before)) throw new HalfStored(`${name}: refused with "${(error as Error).message.slice(0, 200)}" but stored something (${before.join('/')} → ${known.join('/')})`);
        return;
      }
      known = await count(fixture.database, target);
      const grew = known.map((n, i) => n - before[i]!);
      if (!sameCounts(grew, stored(result))) throw new HalfStored(`${name}: accepted, reporting ${stored(result).join('/')} new rows, but ${grew.join('/')} were stored`);
    },
  };
}

function oneOf(...arbitraries: fc.Arbitrary<Buffer | Promise<Buffer>>[]): fc.Arbitrary<Buffer | Promise<Buffer>> {
  return fc.oneof(...arbitraries);
}

const directoryRows = [
  ['Name', 'E-mail', 'Programme', 'Region', 'Job title', 'Start date', 'Leave date', 'Staff number'],
  ['Ann Lee', 'ann.lee@example.org', 'MHI', 'North West', 'Programme lead', '01/03/2006', '', 'S001'],
  ['Bob Ray', 'bob.ray@example.org', 'Change for Children', 'NW', 'Analyst', '2005-09-12', '2007-01-31', 'S002'],
  ['Cara Díaz', '', 'CfC', '', 'Regional director', '1 March 2006', '', 'S003'],
];

const planRows = [
  ['plan', 'plan year', 'workstream', 'directorate', 'deliverable', 'programmes', 'themes', 'status'],
  ['Mental health plan', '2005/06', 'Acute care', 'Programmes Directorate', 'Crisis standards', 'MHI;CfC', 'workforce', 'done'],
  ['Mental health plan', '2005/06', 'Community', 'Programmes Directorate', 'Commissioning guide', 'MHI', 'housing', 'planned'],
  ['Children plan', '2006/07', 'Transitions', 'Programmes Directorate', 'Joint protocol', 'Change for Children | MHI', '', ''],
];

const datasetRows = [
  ['programme', 'tc1', 'started', 'comment'],
  ['MHI', '4', '01/03/2006', 'More time for the change'],
  ['Children', '2', '2005-09-12', ''],
  ['CfC', '5', '', 'Budgets, then "teams", moved'],
];

const sheetParts = ['xl/worksheets/sheet1.xml', 'xl/sharedStrings.xml', 'xl/workbook.xml', '[Content_Types].xml', 'xl/styles.xml'];

/** Inputs for a table importer: random bytes, damaged CSV, damaged workbooks (bytes and XML). */
async function tableInputs(rows: string[][]): Promise<fc.Arbitrary<Buffer | Promise<Buffer>>> {
  const csv = csvText(rows);
  const workbook = await workbookOf(rows);
  return fc.oneof(
    { arbitrary: oneOf(randomBytes, randomText), weight: 1 },
    { arbitrary: damagedCsv(csv), weight: 4 },
    { arbitrary: damagedBytes(Buffer.from(csv)), weight: 1 },
    { arbitrary: damagedOffice(workbook, sheetParts), weight: 3 },
    { arbitrary: damagedBytes(workbook), weight: 1 },
  );
}

export const sampleRows = { directory: directoryRows, plans: planRows, dataset: datasetRows };

export async function directoryImporter(): Promise<Importer> {
  return storedImporter('staff directory (CSV, Excel)', await tableInputs(directoryRows), countOf('people'), (f, db, target, bytes) => importDirectory(db, f.userId, target.id, { filename: 'staff.csv', content: bytes }), (r) => [r.added]);
}

export async function planImporter(): Promise<Importer> {
  return storedImporter('plans (CSV, Excel)', await tableInputs(planRows), countPlansDeep, (f, db, target, bytes) => importPlans(db, f.userId, target.id, { fileName: 'plans.csv', content: bytes }), (r) => [r.newPlans, r.newWorkstreams, r.deliverables]);
}

export async function datasetImporter(): Promise<Importer> {
  return storedImporter('survey data set (CSV, Excel)', await tableInputs(datasetRows), countResponses, (f, db, target, bytes) => importDatasetFile(db, f.userId, target.id, target.surveyId, { filename: 'wave1.csv', content: bytes }), (r) => [r.stored]);
}

export async function documentImporter(): Promise<Importer> {
  const pdf = minimalPdf(['Business plan 2006/07', 'Mental health (MHI) and children (CfC) together.']);
  const word = await wordDocument(['Management plan', 'Deliverable one: crisis standards.']);
  const html = Buffer.from(webPage('Leaflet', '<h1>Our programmes</h1><p>Mental health &amp; children&#39;s services.</p><ul><li>One</li><li>Two</li></ul>'));
  const input = fc.oneof(
    { arbitrary: oneOf(randomBytes, randomText), weight: 1 },
    { arbitrary: damagedBytes(pdf), weight: 4 },
    { arbitrary: damagedOffice(word, ['word/document.xml', 'word/styles.xml', '[Content_Types].xml', 'word/_rels/document.xml.rels']), weight: 3 },
    { arbitrary: damagedBytes(word), weight: 1 },
    { arbitrary: damagedBytes(html), weight: 2 },
  );
  let documents = 0;
  return storedImporter('document text (PDF, Word, HTML)', input, countOf('documents'), async (f, db, target, bytes) => {
    // addDocument turns only the reader's own DocumentFileError into a 400 and lets anything
    // else through, so a crash of the reader fails the case without reading the file twice.
    documents += 1;
    return addDocument(db, f.userId, target.id, { kind: 'report', title: `Upload ${documents}` }, { fileName: 'upload.bin', content: bytes });
  }, () => [1]);
}

/** The importers that store what they read, for `npm run bench:fuzz`. */
export async function fileImporters(): Promise<Importer[]> {
  return [await directoryImporter(), await planImporter(), await datasetImporter(), await documentImporter()];
}
