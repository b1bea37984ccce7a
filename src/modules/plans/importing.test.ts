import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, api, buildTestApp, TestBrowser } from '../../../test/app.ts';
import { backends } from '../../../test/databases.ts';
import type { Database } from '../../db/database.ts';
import type { BuiltApp } from '../../http/app.ts';
import { HttpError } from '../../http/errors.ts';
import { createApiToken } from '../accounts/service.ts';
import { createEvaluation } from '../evaluations/service.ts';
import { createUnit } from '../organisation/service.ts';
import { multipartBody } from '../documents/test-files.ts';
import { crossCutting, programmesByYear, setCrossCuttingThemes, themeMatrix } from './analysis.ts';
import { checkPlanImport, importPlans } from './importing.ts';
import { listPlans } from './plans.ts';
import { addDocument } from '../documents/service.ts';

const header = 'plan,plan year,workstream,directorate,deliverable,programmes,themes,status';

/** Four deliverables whose cross-cutting counts are known: 2 by programmes, 1 more by theme. */
const knownPlan = [
  header,
  'Mental health plan,2005/06,Acute care,Programmes Directorate,Crisis standards,MHI;CAT,workforce,done',
  'Mental health plan,2005/06,Acute care,Programmes Directorate,Bed audit,MHI,,ongoing',
  'Mental health plan,2005/06,Community,Programmes Directorate,Commissioning guide,MHI,Commissioning; housing,planned',
  'Children plan,2006/07,Transitions,Programmes Directorate,Joint protocol,Change for Children | CAMHS | MHI,housing,',
].join('\n');

const csv = (text: string) => ({ fileName: 'plans.csv', content: Buffer.from(text) });

describe.each(backends)('importing plans on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  let userId: string;
  let browser: TestBrowser;
  let token: string;
  let made = 0;

  beforeAll(async () => {
    database = await backend.open();
    built = await buildTestApp(database);
    const lead = await addUser(database, 'Pat Plans');
    userId = lead.id;
    browser = new TestBrowser(built.app);
    await browser.signIn(lead);
    token = (await createApiToken(database.db, lead.id, 'test')).token;
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  /** An evaluation with the units the files name, some by short name. */
  async function organisation() {
    made += 1;
    const evaluation = await createEvaluation(database.db, userId, { title: `Plans ${made}`, slug: `plans-${made}` });
    const unit = (kind: 'programme' | 'directorate', name: string, shortName = '') => createUnit(database.db, userId, evaluation.id, { kind, name, shortName });
    const units = {
      mhi: await unit('programme', 'Mental Health Institute', 'MHI'),
      cat: await unit('programme', 'Change Agent Team', 'CAT'),
      cfc: await unit('programme', 'Change for Children', 'CfC'),
      camhs: await unit('programme', 'Child and Adolescent Mental Health Support Service', 'CAMHS'),
      directorate: await unit('directorate', 'Programmes Directorate'),
    };
    return { evaluation, units };
  }

  it('imports plans, workstreams and deliverables, and adds to a plan already stored rather than copying it', async () => {
    const { evaluation, units } = await organisation();
    const result = await importPlans(database.db, userId, evaluation.id, csv(knownPlan));
    expect(result).toMatchObject({ plans: 2, newPlans: 2, workstreams: 3, deliverables: 4, programmeLinks: 7, years: ['2005/06', '2006/07'] });
    const plans = await listPlans(database.db, evaluation.id);
    expect(plans.map((p) => [p.title, p.planYear, p.workstreams, p.deliverables, p.directorateId])).toEqual([
      ['Mental health plan', '2005/06', 2, 3, units.directorate.id],
      ['Children plan', '2006/07', 1, 1, units.directorate.id],
    ]);
    const again = await importPlans(database.db, userId, evaluation.id, csv(`${header}\nMental health plan,2005/06,Acute care,Programmes Directorate,Second audit,MHI,,`));
    expect(again).toMatchObject({ newPlans: 0, newWorkstreams: 0, deliverables: 1 });
    expect((await listPlans(database.db, evaluation.id)).map((p) => p.deliverables)).toEqual([4, 1]);

    // The plan is linked to its entry in the documents register through the plan's form.
    const document = await addDocument(database.db, userId, evaluation.id, { kind: 'management-plan', title: 'MH plan as issued', text: 'The plan text' });
    const edit = `/evaluations/${evaluation.slug}/plans/${result.planIds[0]}/edit`;
    const saved = await browser.post(edit, { title: 'Mental health plan', kind: 'management-plan', planYear: '2005/06', directorateId: units.directorate.id, documentId: document.id }, edit);
    expect(saved.statusCode).toBe(303);
    expect((await browser.get(String(saved.headers.location))).body).toContain(`documents/${document.id}">MH plan as issued</a>`);
    const foreign = await browser.post(edit, { title: 'Mental health plan', kind: 'management-plan', planYear: '2005/06', documentId: '00000000-0000-4000-8000-000000000000' }, edit);
    expect(foreign.statusCode).toBe(400);
    expect(foreign.body).toContain('Choose one of the documents in the register');
  });

  it('counts cross-cutting work, programmes by year and themes by programme on a known set', async () => {
    const { evaluation, units } = await organisation();
    await importPlans(database.db, userId, evaluation.id, csv(knownPlan));
    const cross = await crossCutting(database.db, evaluation.id);
    expect(cross.themes).toEqual(['workforce', 'commissioning', 'social inclusion']);
    expect(cross.years).toEqual([
      { planYear: '2005/06', deliverables: 3, byProgrammes: 1, byTheme: 2, crossCutting: 2, percent: (2 / 3) * 100 },
      { planYear: '2006/07', deliverables: 1, byProgrammes: 1, byTheme: 0, crossCutting: 1, percent: 100 },
    ]);
    expect(cross.programmes.find((p) => p.unitId === units.mhi.id)).toMatchObject({ deliverables: 4, crossCutting: 3 });
    await setCrossCuttingThemes(database.db, userId, evaluation.id, { themes: 'Housing' });
    expect((await crossCutting(database.db, evaluation.id)).years.map((y) => y.crossCutting)).toEqual([2, 1]);

    const byYear = await programmesByYear(database.db, evaluation.id);
    expect(byYear.years.map((y) => [y.planYear, y.deliverables, y.workstreams, y.programmes])).toEqual([['2005/06', 3, 2, 2], ['2006/07', 1, 1, 3]]);
    expect(byYear.cells.find((c) => c.unitId === units.mhi.id && c.planYear === '2005/06')).toMatchObject({ deliverables: 3, workstreams: 2, plans: 1 });

    const matrix = await themeMatrix(database.db, evaluation.id);
    expect(matrix.themes).toEqual(['housing', 'commissioning', 'workforce']);
    const cell = (theme: string, unitId: string) => matrix.counts[matrix.themes.indexOf(theme)]![matrix.programmes.findIndex((p) => p.unitId === unitId)];
    expect(cell('housing', units.mhi.id)).toBe(2);
    expect(cell('housing', units.cat.id)).toBe(0);
    expect(cell('workforce', units.cat.id)).toBe(1);
    expect((await themeMatrix(database.db, evaluation.id, '2006/07')).themes).toEqual(['housing']);
  });

  it('lists every row with a problem by row and column, and stores nothing, not even the good rows', async () => {
    const { evaluation } = await organisation();
    const file = csv([header, 'Plan A,2005/06,W1,,Good row,MHI,,', 'Plan A,2005/07,W1,,Bad year,MHI,,', 'Plan A,2005/06,W1,,,MHI,,', 'Plan A,2005/06,W2,,Odd status,MHI,,finished'].join('\n'));
    const check = await checkPlanImport(database.db, evaluation.id, file);
    expect(check.ready).toBe(false);
    expect(check.problems).toEqual([
      { row: 3, column: 'plan year', message: '"2005/07" is not a plan year: write it like 2005/06' },
      { row: 4, column: 'deliverable', message: 'is empty: enter the deliverable' },
      { row: 5, column: 'status', message: '"finished" is not a status: use planned, ongoing, done or dropped' },
    ]);
    const error = await importPlans(database.db, userId, evaluation.id, file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).message).toBe('plans.csv: 3 problems in the rows. Nothing was imported.');
    expect((error as HttpError).fields.map((f) => f.message)).toContain('Row 3, plan year: "2005/07" is not a plan year: write it like 2005/06');
    expect(await listPlans(database.db, evaluation.id)).toEqual([]);
    expect(await database.db.selectFrom('deliverables').select('id').where('evaluation_id', '=', evaluation.id).execute()).toEqual([]);
  });

  it('asks for an unmatched programme name to be mapped to an existing unit, through the pages, then imports', async () => {
    const { evaluation, units } = await organisation();
    const base = `/evaluations/${evaluation.slug}/plans`;
    const file = `${header}\nPlan B,2006/07,W1,Programmes Directorate,Shared work,MHI; Older People's Programme,,\nPlan B,2006/07,W1,Programmes Directorate,More,Older People's Programme,,`;
    const csrf = await browser.csrfToken(`${base}/import`);
    const { payload, contentType } = multipartBody({ _csrf: csrf }, { name: 'plan-b.csv', content: Buffer.from(file) });
    const uploaded = await built.app.inject({ method: 'POST', url: `${base}/import`, payload, headers: { cookie: browser.cookieHeader(), 'content-type': contentType } });
    expect(uploaded.statusCode).toBe(303);
    const checkUrl = String(uploaded.headers.location);
    const check = await browser.get(checkUrl);
    expect(check.body).toContain('“Older People&#39;s Programme”');
    expect(check.body).toContain('Used as programme in rows 2, 3');
    expect(check.body).not.toContain('Import 2 deliverables');
    expect(await listPlans(database.db, evaluation.id)).toEqual([]);

    const unchosen = await browser.post(`${checkUrl}/mapping`, { 'map-0': '' }, checkUrl);
    expect(unchosen.statusCode).toBe(400);
    expect(unchosen.body).toContain('Choose the unit that &quot;Older People&#39;s Programme&quot; stands for');

    expect((await browser.post(`${checkUrl}/mapping`, { 'map-0': units.cat.id }, checkUrl)).statusCode).toBe(303);
    const ready = await browser.get(checkUrl);
    expect(ready.body).toContain('Import 2 deliverables');
    const committed = await browser.post(`${checkUrl}/commit`, {}, checkUrl);
    expect(committed.statusCode).toBe(303);
    expect(committed.headers.location).toBe(`${base}?imported=2`);
    const cross = await crossCutting(database.db, evaluation.id);
    expect(cross.programmes.find((p) => p.unitId === units.cat.id)).toMatchObject({ deliverables: 2, crossCutting: 1 });
    const analysis = await browser.get(`${base}/analysis`);
    expect(analysis.statusCode).toBe(200);
    expect(analysis.body).toMatch(/2006\/07<\/th>\s*<td[^>]*>2<\/td>\s*<td[^>]*>1<\/td>\s*<td[^>]*>0<\/td>\s*<td[^>]*>1<\/td>\s*<td[^>]*>50\.0<\/td>/);
    // The staged file is gone once imported.
    expect((await browser.get(checkUrl)).statusCode).toBe(404);
  });

  it('reads an Excel workbook, turning a plan year Excel made into a date back into a year, and imports through the API', async () => {
    const { evaluation, units } = await organisation();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Deliverables');
    sheet.addRow(header.split(','));
    sheet.addRow(['Plan X', new Date(Date.UTC(2005, 5, 1)), 'W', 'Programmes Directorate', 'From Excel', 'MHI;Integrated Care', 'Social Inclusion', 'Done']);
    const content = Buffer.from(await workbook.xlsx.writeBuffer());
    const path = `/api/v1/evaluations/${evaluation.slug}/plan-imports`;
    const dry = await api(built.app, token, 'POST', path, { fileName: 'x.xlsx', contentBase64: content.toString('base64'), dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ ready: false, problems: [], unmatched: [{ name: 'Integrated Care', roles: ['programme'], rows: [2], count: 1 }] });
    const refused = await api(built.app, token, 'POST', path, { fileName: 'x.xlsx', contentBase64: content.toString('base64') });
    expect(refused.status).toBe(400);
    expect(String(refused.body?.detail)).toBe('x.xlsx: 1 name not matched to a unit. Nothing was imported.');
    const done = await api(built.app, token, 'POST', path, { fileName: 'x.xlsx', contentBase64: content.toString('base64'), mapping: { 'integrated care': units.cfc.id } });
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({ deliverables: 1, years: ['2005/06'] });
    const cross = await crossCutting(database.db, evaluation.id);
    expect(cross.years).toEqual([{ planYear: '2005/06', deliverables: 1, byProgrammes: 1, byTheme: 1, crossCutting: 1, percent: 100 }]);
  });
});
