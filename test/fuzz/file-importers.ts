import fc from 'fast-check';
import { openEmbeddedDatabase, type Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { HttpError } from '../../src/http/errors.ts';
import { createUser } from '../../src/modules/accounts/service.ts';
import { importDirectory } from '../../src/modules/directory/import-service.ts';
import { DocumentFileError, extractText } from '../../src/modules/documents/extraction.ts';
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

/** The tables an importer writes, counted for one evaluation, to see that a refusal stored nothing. */
type Counter = (database: Database, target: Target) => Promise<number>;

interface Target {
  id: string;
  surveyId: string;
}

const countOf = (table: 'people' | 'plans' | 'documents'): Counter => async (database, target) => {
  const row = await database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('evaluation_id', '=', target.id).executeTakeFirstOrThrow();
  return Number(row.n);
};

const countResponses: Counter = async (database, target) => {
  const row = await database.db.selectFrom('responses').select((eb) => eb.fn.countAll<number>().as('n')).where('survey_id', '=', target.surveyId).executeTakeFirstOrThrow();
  return Number(row.n);
};

const countPlansDeep: Counter = async (database, target) => {
  const evaluationId = target.id;
  const plans = await countOf('plans')(database, target);
  const workstreams = await database.db.selectFrom('workstreams').innerJoin('plans', 'plans.id', 'workstreams.plan_id').select((eb) => eb.fn.countAll<number>().as('n')).where('plans.evaluation_id', '=', evaluationId).executeTakeFirstOrThrow();
  const deliverables = await database.db
    .selectFrom('deliverables')
    .innerJoin('workstreams', 'workstreams.id', 'deliverables.workstream_id')
    .innerJoin('plans', 'plans.id', 'workstreams.plan_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('plans.evaluation_id', '=', evaluationId)
    .executeTakeFirstOrThrow();
  return plans * 1_000_000 + Number(workstreams.n) * 1_000 + Number(deliverables.n);
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
 * Runs one import in an evaluation of its own for every `perEvaluation` cases (so successes do not
 * pile up in one), and checks the property: success, or a refusal with nothing stored.
 */
function storedImporter(name: string, input: fc.Arbitrary<Buffer | Promise<Buffer>>, count: Counter, work: (fixture: Fixture, target: Target, bytes: Buffer) => Promise<unknown>): Importer {
  let target: Target | undefined;
  let uses = 0;
  return {
    name,
    input: input as fc.Arbitrary<Buffer>,
    async run(given) {
      const bytes = await given;
      const fixture = await fuzzFixture();
      if (!target || uses++ % 200 === 0) target = await fixture.evaluation();
      const before = await count(fixture.database, target);
      try {
        await work(fixture, target, bytes);
      } catch (error) {
        if (!isRefusal(error)) throw error;
        const after = await count(fixture.database, target);
        if (after !== before) throw new HalfStored(`${name}: refused with "${(error as Error).message.slice(0, 200)}" but stored something (${before} → ${after})`);
      }
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
  return storedImporter('staff directory (CSV, Excel)', await tableInputs(directoryRows), countOf('people'), (f, target, bytes) => importDirectory(f.database.db, f.userId, target.id, { filename: 'staff.csv', content: bytes }));
}

export async function planImporter(): Promise<Importer> {
  return storedImporter('plans (CSV, Excel)', await tableInputs(planRows), countPlansDeep, (f, target, bytes) => importPlans(f.database.db, f.userId, target.id, { fileName: 'plans.csv', content: bytes }));
}

export async function datasetImporter(): Promise<Importer> {
  return storedImporter('survey data set (CSV, Excel)', await tableInputs(datasetRows), countResponses, (f, target, bytes) => importDatasetFile(f.database.db, f.userId, target.id, target.surveyId, { filename: 'wave1.csv', content: bytes }));
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
  return storedImporter('document text (PDF, Word, HTML)', input, countOf('documents'), async (f, target, bytes) => {
    // The reader alone first: its refusal must be its own error too.
    await extractText(bytes, 'upload.bin').catch((error: unknown) => {
      if (!(error instanceof DocumentFileError)) throw error;
    });
    documents += 1;
    return addDocument(f.database.db, f.userId, target.id, { kind: 'report', title: `Upload ${documents}` }, { fileName: 'upload.bin', content: bytes });
  });
}

/** The importers that store what they read, for `npm run bench:fuzz`. */
export async function fileImporters(): Promise<Importer[]> {
  return [await directoryImporter(), await planImporter(), await datasetImporter(), await documentImporter()];
}
