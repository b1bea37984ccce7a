import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError } from '../../src/http/errors.ts';
import { importDirectory } from '../../src/modules/directory/import-service.ts';
import { addDocument } from '../../src/modules/documents/service.ts';
import { wordDocument } from '../../src/modules/documents/test-files.ts';
import { importPlans } from '../../src/modules/plans/importing.ts';
import { readTranscript } from '../../src/modules/qualitative/transcripts/formats.ts';
import { importDatasetFile } from '../../src/modules/surveys/datasets/service.ts';
import { closeFuzzFixture, fuzzFixture, sampleRows } from './file-importers.ts';
import { workbookOf, zipBomb } from './file-inputs.ts';

/**
 * Office files built to hurt: a workbook or Word document of a few hundred kilobytes whose sheet
 * or body unpacks to 100 MB of spaces, and parts declaring entities that expand a billion times.
 * Before the expansion guard (src/modules/zip-expansion.ts) a 200 KB workbook took 45 seconds and
 * half a gigabyte of memory to read, and was then imported; now each is refused at once, in words,
 * and nothing is stored.
 */

const bombMegabytes = 100;
const refusedAsBomb = (error: unknown) => error instanceof HttpError && error.status === 400 && /zip bomb/.test(error.message);

async function refusal(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  throw new Error('The file was read and imported');
}

describe('zip bombs and entity expansion in uploaded office files', () => {
  let fixture: Awaited<ReturnType<typeof fuzzFixture>>;
  let target: { id: string; surveyId: string };

  beforeAll(async () => {
    fixture = await fuzzFixture();
    target = await fixture.evaluation();
  });
  afterAll(closeFuzzFixture);

  const count = async (table: 'people' | 'plans' | 'documents') =>
    Number((await fixture.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('evaluation_id', '=', target.id).executeTakeFirstOrThrow()).n);

  it('refuses a staff directory, plan file and data set workbook that unpacks absurdly, quickly and storing nothing', { timeout: 120_000 }, async () => {
    const cases = [
      { rows: sampleRows.directory, run: (bytes: Buffer) => importDirectory(fixture.database.db, fixture.userId, target.id, { filename: 'staff.xlsx', content: bytes }) },
      { rows: sampleRows.plans, run: (bytes: Buffer) => importPlans(fixture.database.db, fixture.userId, target.id, { fileName: 'plans.xlsx', content: bytes }) },
      { rows: sampleRows.dataset, run: (bytes: Buffer) => importDatasetFile(fixture.database.db, fixture.userId, target.id, target.surveyId, { filename: 'wave.xlsx', content: bytes }) },
    ];
    for (const { rows, run } of cases) {
      const bomb = await zipBomb(await workbookOf(rows), 'xl/worksheets/sheet1.xml', bombMegabytes);
      expect(bomb.length).toBeLessThan(bombMegabytes * 1024 * 1024 / 500);
      const started = performance.now();
      const error = await refusal(run(bomb));
      expect(refusedAsBomb(error), String(error)).toBe(true);
      expect(performance.now() - started, 'refused before unpacking the whole file').toBeLessThan(20_000);
    }
    expect(await count('people')).toBe(0);
    expect(await count('plans')).toBe(0);
  });

  it('refuses a Word document that unpacks absurdly, as a document and as a transcript', { timeout: 120_000 }, async () => {
    const bomb = await zipBomb(await wordDocument(['A management plan']), 'word/document.xml', bombMegabytes);
    const asDocument = await refusal(addDocument(fixture.database.db, fixture.userId, target.id, { kind: 'report', title: 'Bomb' }, { fileName: 'plan.docx', content: bomb }));
    expect(refusedAsBomb(asDocument), String(asDocument)).toBe(true);
    const asTranscript = await refusal(readTranscript('docx', bomb, 'interview.docx'));
    expect(refusedAsBomb(asTranscript), String(asTranscript)).toBe(true);
    expect(await count('documents')).toBe(0);
  });

  it('never expands entities declared inside a workbook or a Word document', { timeout: 120_000 }, async () => {
    const laughs = `<!DOCTYPE x [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]>`;
    const withEntities = async (original: Buffer, part: string, before: RegExp, reference: string) => {
      const zip = await JSZip.loadAsync(original);
      const xml = (await zip.file(part)!.async('string')).replace(/^(<\?xml[^>]*\?>)/, `$1${laughs}`).replace(before, (m) => `${reference}${m}`);
      return zip.file(part, xml).generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    };
    const workbook = await withEntities(await workbookOf(sampleRows.directory), 'xl/sharedStrings.xml', /<\/t>/, '&lol9;');
    const directory = await importDirectory(fixture.database.db, fixture.userId, target.id, { filename: 'staff.xlsx', content: workbook }).catch((error: unknown) => error);
    if (directory instanceof Error) expect(directory).toBeInstanceOf(HttpError);
    const people = await fixture.database.db.selectFrom('people').select('name').where('evaluation_id', '=', target.id).execute();
    expect(people.every((p) => !p.name.includes('lollol'))).toBe(true);

    const word = await withEntities(await wordDocument(['A management plan']), 'word/document.xml', /<\/w:t>/, '&lol9;');
    const document = await addDocument(fixture.database.db, fixture.userId, target.id, { kind: 'report', title: 'Laughs' }, { fileName: 'laughs.docx', content: word }).catch((error: unknown) => error);
    if (document instanceof Error) expect(document).toBeInstanceOf(HttpError);
    else expect((await fixture.database.db.selectFrom('documents').select('extracted_text').where('evaluation_id', '=', target.id).executeTakeFirstOrThrow()).extracted_text).not.toContain('lollol');
  });
});
