import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, api, testConfig, TestBrowser } from '../../../test/app.ts';
import { backends } from '../../../test/databases.ts';
import type { Database } from '../../db/database.ts';
import { buildApp, type BuiltApp } from '../../http/app.ts';
import { ZodError } from 'zod';
import { fromZodError, HttpError } from '../../http/errors.ts';
import { createApiToken } from '../accounts/service.ts';
import { addPeriod, createEvaluation, setMember } from '../evaluations/service.ts';
import { createUnit, updatePerson, getPerson } from '../organisation/service.ts';
import { freezeFrame, getFrame } from './frames.ts';
import { drawFromFrame, getSampleMembers, getSampleReport, listSamples } from './samples.ts';

const programmes = ['Mental health', 'Older people', 'Children'] as const;

describe.each(backends)('sampling frames and samples on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  beforeAll(async () => {
    database = await backend.open();
    built = await buildApp({ config: testConfig(), database });
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  let made = 0;
  /**
   * An evaluation with 120 people, 60 in Mental health (half of them in a team inside it), 30 each in
   * the other two; people are given ids in name order so a frame's order, and so each seeded
   * sample, is the same in every run. Four are not eligible: one merged, two left, one without e-mail.
   */
  async function evaluationWithStaff() {
    made += 1;
    const lead = await addUser(database, 'Lena Lead');
    const evaluation = await createEvaluation(database.db, lead.id, { title: `Sampling ${made}`, slug: `sampling-${made}` });
    const root = await createUnit(database.db, lead.id, evaluation.id, { kind: 'organisation', name: 'Partnership' });
    const units = new Map<string, string>();
    for (const name of programmes) units.set(name, (await createUnit(database.db, lead.id, evaluation.id, { kind: 'programme', name, parentId: root.id })).id);
    const team = await createUnit(database.db, lead.id, evaluation.id, { kind: 'team', name: 'Crisis team', parentId: units.get('Mental health')! });
    const north = await createUnit(database.db, lead.id, evaluation.id, { kind: 'region', name: 'North', parentId: root.id });
    const wave = await addPeriod(database.db, lead.id, 'waves', evaluation.id, { name: 'Year 1', startsOn: '2006-05-01', endsOn: '2006-07-31' });
    const idOf = (i: number) => `${made.toString(16).padStart(8, '0')}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
    const people = Array.from({ length: 124 }, (_, i) => {
      const programme = i < 60 ? 'Mental health' : i < 90 ? 'Older people' : i < 120 ? 'Children' : 'Mental health';
      return {
        id: idOf(i + 1),
        evaluation_id: evaluation.id,
        name: `Person ${String(i + 1).padStart(3, '0')}`,
        email: i === 122 ? null : `person${i + 1}@example.org`,
        unit_id: i < 30 ? team.id : units.get(programme)!,
        region_id: i % 2 ? north.id : null,
        left_on: i === 120 ? '2006-01-31' : i === 121 ? '2006-05-01' : null,
      };
    });
    await database.db.insertInto('people').values(people).execute();
    await database.db.updateTable('people').set({ merged_into_id: idOf(1) }).where('id', '=', idOf(124)).execute();
    const browser = new TestBrowser(built.app);
    await browser.signIn(lead);
    const token = (await createApiToken(database.db, lead.id, 'test')).token;
    return { lead, evaluation, wave, browser, token, idOf, base: `/evaluations/${evaluation.slug}/sampling`, apiBase: `/api/v1/evaluations/${evaluation.slug}/sampling` };
  }

  async function expectRefused(promise: Promise<unknown>, status: number, field?: string, message?: RegExp) {
    const thrown = await promise.then(() => undefined, (e: unknown) => e);
    // Input the schema refuses arrives as a ZodError, which the app answers as this HttpError.
    const error = thrown instanceof ZodError ? fromZodError(thrown) : thrown;
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(status);
    if (field) expect((error as HttpError).fields.map((f) => f.field)).toContain(field);
    if (message) expect((error as HttpError).message).toMatch(message);
  }

  it('freezes a frame with what was left out and why, and keeps its snapshot when the directory changes', async () => {
    const { lead, evaluation, wave, idOf } = await evaluationWithStaff();
    const frame = await freezeFrame(database.db, lead.id, evaluation.id, { name: 'Year 1 frame', waveId: wave.id, requireEmail: true }, new Date('2006-05-01T12:00:00Z'));
    expect(frame).toMatchObject({ asOf: '2006-05-01', waveName: 'Year 1', directorySize: 124, size: 120, leftOut: { merged: 1, left: 2, noEmail: 1 }, requireEmail: true });
    const lax = await freezeFrame(database.db, lead.id, evaluation.id, { name: 'Before anyone left', asOf: '2005-12-31' });
    expect(lax).toMatchObject({ size: 123, leftOut: { merged: 1, left: 0, noEmail: 0 } });

    const person = await getPerson(database.db, evaluation.id, idOf(1));
    await updatePerson(database.db, lead.id, evaluation.id, person.id, { ...person, name: 'Renamed Person', unitId: null });
    const sample = await drawFromFrame(database.db, lead.id, evaluation.id, frame.id, { size: 120, seed: 1 });
    const first = (await getSampleMembers(database.db, evaluation.id, sample.id)).find((m) => m.personId === idOf(1));
    expect(first).toMatchObject({ name: 'Person 001', unitName: 'Crisis team', programmeName: 'Mental health', regionName: null });

    await expectRefused(freezeFrame(database.db, lead.id, evaluation.id, { name: 'year 1 FRAME' }), 400, 'name', /already a frame called/);
    await expectRefused(freezeFrame(database.db, lead.id, evaluation.id, { name: 'Nobody', asOf: '1990-01-01', waveId: '00000000-0000-4000-8000-000000000000' }), 400, 'waveId');
    await expectRefused(freezeFrame(database.db, lead.id, evaluation.id, { name: '' }), 400);
  });

  it('gives the same sample for the same seed on every database, and another for another seed', async () => {
    const { lead, evaluation } = await evaluationWithStaff();
    const frame = await freezeFrame(database.db, lead.id, evaluation.id, { name: 'Frame' });
    const draw = async (seed: number | string) => (await getSampleMembers(database.db, evaluation.id, (await drawFromFrame(database.db, lead.id, evaluation.id, frame.id, { size: 10, seed, purpose: 'pilot' })).id)).map((m) => m.name);
    const first = await draw(2006);
    // Recorded once: a seed written in a protocol must give this sample in every release, on both back ends.
    expect(first).toEqual(['Person 018', 'Person 053', 'Person 061', 'Person 067', 'Person 070', 'Person 073', 'Person 074', 'Person 075', 'Person 086', 'Person 117']);
    expect(await draw('2006')).toEqual(first);
    expect(await draw(2007)).not.toEqual(first);
    const big = await draw('-9223372036854775808');
    expect(big).toHaveLength(10);
    expect(await draw('-9223372036854775808')).toEqual(big);
    expect((await listSamples(database.db, evaluation.id)).map((s) => s.seed)).toEqual(['2006', '2006', '2007', '-9223372036854775808', '-9223372036854775808']);
  });

  it('leaves out earlier samples, and allocates a stratified sample proportionally or by a fixed number', async () => {
    const { lead, evaluation } = await evaluationWithStaff();
    const frame = await freezeFrame(database.db, lead.id, evaluation.id, { name: 'Frame' });
    expect(frame.size).toBe(121);
    const pilot = await drawFromFrame(database.db, lead.id, evaluation.id, frame.id, { size: 21, seed: 30, purpose: 'pilot', name: 'Pilot' });
    const main = await drawFromFrame(database.db, lead.id, evaluation.id, frame.id, { size: 100, seed: 400, method: 'stratified', stratifyBy: 'programme', allocation: 'proportional', exclude: [pilot.id] });
    const pilotIds = new Set((await getSampleMembers(database.db, evaluation.id, pilot.id)).map((m) => m.personId));
    const mainMembers = await getSampleMembers(database.db, evaluation.id, main.id);
    expect(mainMembers).toHaveLength(100);
    expect(mainMembers.filter((m) => pilotIds.has(m.personId))).toEqual([]);
    expect(main).toMatchObject({ frameSize: 121, excludedCount: 21, available: 100, size: 100, excludedSamples: [{ id: pilot.id, name: 'Pilot' }] });
    expect(main.strata.reduce((sum, s) => sum + s.allocated, 0)).toBe(100);
    expect(main.name).toBe('Main sample of 100, stratified by programme (seed 400)');

    const byRegion = await drawFromFrame(database.db, lead.id, evaluation.id, frame.id, { size: 30, seed: 9, method: 'stratified', stratifyBy: 'region', allocation: 'proportional' });
    expect(byRegion.strata.map((s) => [s.stratum, s.frameCount, s.allocated])).toEqual([['No region', 61, 15], ['North', 60, 15]]);

    const byUnit = await drawFromFrame(database.db, lead.id, evaluation.id, frame.id, { size: 31, seed: 3, method: 'stratified', stratifyBy: 'unit', allocation: 'fixed' });
    expect(byUnit.strata.map((s) => [s.stratum, s.available, s.allocated, s.drawn, s.tookEveryone])).toEqual([
      ['Children', 30, 31, 30, true],
      ['Crisis team', 30, 31, 30, true],
      ['Mental health', 31, 31, 31, false],
      ['Older people', 30, 31, 30, true],
    ]);
    expect(byUnit.size).toBe(121);
    const report = await getSampleReport(database.db, evaluation.id, byUnit.id);
    expect(report.strata[0]!.fraction).toBe(1);
  });

  it('refuses bad input with the field to fix, and stores nothing', async () => {
    const { lead, evaluation } = await evaluationWithStaff();
    const frame = await freezeFrame(database.db, lead.id, evaluation.id, { name: 'Frame' });
    const draw = (input: Parameters<typeof drawFromFrame>[4], frameId = frame.id) => drawFromFrame(database.db, lead.id, evaluation.id, frameId, input);
    await expectRefused(draw({ size: 122, seed: 1 }), 400, 'size', /Sample size must be 121 or fewer: the frame has 121 people/);
    await expectRefused(draw({ size: 10, seed: '20.5' }), 400, 'seed', /Seed must be a whole number/);
    await expectRefused(draw({ size: 10, seed: 'abc' }), 400, 'seed');
    await expectRefused(draw({ size: 10, seed: '9223372036854775808' }), 400, 'seed', /between/);
    await expectRefused(draw({ size: 0, seed: 1 }), 400, 'size');
    await expectRefused(draw({ size: 10, seed: 1, method: 'stratified' }), 400, 'stratifyBy');
    await expectRefused(draw({ size: 10, seed: 1, exclude: ['00000000-0000-4000-8000-000000000000'] }), 400, 'exclude');
    await expectRefused(draw({ size: 10, seed: 1 }, '00000000-0000-4000-8000-000000000000'), 404);
    const other = await createEvaluation(database.db, lead.id, { title: `Other ${made}`, slug: `other-${made}` });
    await expectRefused(drawFromFrame(database.db, lead.id, other.id, frame.id, { size: 1, seed: 1 }), 404);
    await expectRefused(getFrame(database.db, other.id, frame.id), 404);
    expect(await listSamples(database.db, evaluation.id)).toEqual([]);
  });

  it('freezes and draws through the pages, shows the report, and gives researchers the members as CSV', async () => {
    const { lead, evaluation, wave, browser, base } = await evaluationWithStaff();
    const form = await browser.get(`${base}/frames/new`);
    expect(form.statusCode).toBe(200);
    const missingName = await browser.post(`${base}/frames`, { name: '', waveId: wave.id }, `${base}/frames/new`);
    expect(missingName.statusCode).toBe(400);
    expect(missingName.body).toContain('href="#name"');
    expect(missingName.body).toContain('Enter a name for the frame');
    const frozen = await browser.post(`${base}/frames`, { name: 'Year 1 frame', waveId: wave.id, 'asOf-day': '1', 'asOf-month': '5', 'asOf-year': '2006', requireEmail: 'yes' }, `${base}/frames/new`);
    expect(frozen.statusCode).toBe(303);
    const framePage = await browser.get(String(frozen.headers.location));
    expect(framePage.body).toContain('Year 1 frame');
    expect(framePage.body).toMatch(/Had left by the frame date<\/th>\s*<td[^>]*>2</);
    expect(framePage.body).toMatch(/Double entry merged into another entry<\/th>\s*<td[^>]*>1</);
    expect(framePage.body).toMatch(/No e-mail address \(the frame asks for one\)<\/th>\s*<td[^>]*>1</);
    const frameId = String(frozen.headers.location).split('/').pop()!;

    const drawForm = `${base}/frames/${frameId}/samples/new`;
    const tooBig = await browser.post(`${base}/frames/${frameId}/samples`, { purpose: 'main', stratifyBy: 'programme', allocation: 'proportional', size: '500', seed: '7' }, drawForm);
    expect(tooBig.statusCode).toBe(400);
    expect(tooBig.body).toContain('href="#size"');
    expect(tooBig.body).toContain('Sample size must be 120 or fewer');
    const badSeed = await browser.post(`${base}/frames/${frameId}/samples`, { purpose: 'main', stratifyBy: '', size: '5', seed: 'seven' }, drawForm);
    expect(badSeed.body).toContain('href="#seed"');
    expect(badSeed.body).toContain('value="seven"');

    const drawn = await browser.post(`${base}/frames/${frameId}/samples`, { name: 'Main', purpose: 'main', stratifyBy: 'programme', allocation: 'proportional', size: '40', seed: '7' }, drawForm);
    expect(drawn.statusCode).toBe(303);
    const report = await browser.get(String(drawn.headers.location));
    expect(report.body).toContain('Stratified by programme, proportional allocation');
    expect(report.body).toMatch(/Mental health<\/th>\s*<td[^>]*>60<\/td>\s*<td[^>]*>0<\/td>\s*<td[^>]*>60<\/td>\s*<td[^>]*>20<\/td>\s*<td[^>]*>20<\/td>\s*<td[^>]*>33.3%/);
    const csv = await browser.get(`${String(drawn.headers.location)}/members.csv`);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="main.csv"');
    const lines = csv.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe('name,email,unit,region,programme,stratum');
    expect(lines).toHaveLength(41);
    expect(lines.slice(1).every((line) => /^Person \d{3},person\d+@example\.org,/.test(line))).toBe(true);

    const coder = await addUser(database, 'Cody Coder');
    await setMember(database.db, lead.id, evaluation.id, { email: coder.email, role: 'coder' });
    const coderBrowser = new TestBrowser(built.app);
    await coderBrowser.signIn(coder);
    expect((await coderBrowser.get(String(drawn.headers.location))).statusCode).toBe(200);
    expect((await coderBrowser.get(String(drawn.headers.location))).body).not.toContain('members.csv');
    expect((await coderBrowser.get(`${String(drawn.headers.location)}/members.csv`)).statusCode).toBe(403);
    expect((await coderBrowser.get(`${base}/frames/new`)).statusCode).toBe(403);
    const index = await coderBrowser.get(base);
    expect(index.body).toContain('Year 1 frame');
    expect(index.body).not.toContain('Freeze a frame');
  });

  it('does the same through the API', async () => {
    const { evaluation, token, apiBase } = await evaluationWithStaff();
    const frame = await api(built.app, token, 'POST', `${apiBase}/frames`, { name: 'API frame', asOf: '2006-05-01' });
    expect(frame.status).toBe(201);
    expect(frame.body).toMatchObject({ name: 'API frame', size: 121, leftOut: { merged: 1, left: 2, noEmail: 0 } });
    const frameId = String(frame.body!.id);
    const detail = await api(built.app, token, 'GET', `${apiBase}/frames/${frameId}`);
    expect(detail.body!.breakdowns).toEqual([
      { by: 'programme', rows: [{ name: 'Mental health', count: 61 }, { name: 'Children', count: 30 }, { name: 'Older people', count: 30 }] },
      { by: 'region', rows: [{ name: 'No region', count: 61 }, { name: 'North', count: 60 }] },
    ]);
    const sample = await api(built.app, token, 'POST', `${apiBase}/frames/${frameId}/samples`, { size: 12, seed: '123456789012345678', stratifyBy: 'programme', allocation: 'fixed' });
    expect(sample.status).toBe(201);
    expect(sample.body).toMatchObject({ method: 'stratified', allocation: 'fixed', seed: '123456789012345678', size: 36, frameSize: 121 });
    const members = await api(built.app, token, 'GET', `${apiBase}/samples/${String(sample.body!.id)}/members`);
    expect((members.body!.items as unknown[]).length).toBe(36);
    const tooBig = await api(built.app, token, 'POST', `${apiBase}/frames/${frameId}/samples`, { size: 1000, seed: 1 });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body!.errors).toEqual([{ field: 'size', message: 'Sample size must be 121 or fewer: the frame has 121 people' }]);
    const fractional = await api(built.app, token, 'POST', `${apiBase}/frames/${frameId}/samples`, { size: 10, seed: 1.5 });
    expect(fractional.status).toBe(400);
    const missing = await api(built.app, token, 'POST', `${apiBase}/frames/00000000-0000-4000-8000-000000000000/samples`, { size: 10, seed: 1 });
    expect(missing.status).toBe(404);
    expect(((await api(built.app, token, 'GET', `${apiBase}/samples`)).body!.items as unknown[]).length).toBe(1);
    expect(evaluation.slug).toMatch(/^sampling-/);
  });
});
