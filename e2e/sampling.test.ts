import { describe, expect, it } from 'vitest';
import { addPeriod, createEvaluation } from '../src/modules/evaluations/service.ts';
import { addPeople, createUnit, type PersonInput } from '../src/modules/organisation/service.ts';
import { testPassword } from '../test/app.ts';
import { backends } from '../test/databases.ts';
import { useBrowser } from './support/browser.ts';
import { SamplingPage } from './support/pages/sampling-page.ts';
import { SignInPage } from './support/pages/sign-in-page.ts';
import { useServer } from './support/server.ts';

const browser = useBrowser();

describe.each(backends)('sampling in a browser, on $name', (backend) => {
  const server = useServer(backend);

  /** A lead, signed in, with an evaluation of 90 staff in three programmes (plus 2 who have left). */
  async function evaluationWithStaff(slug: string) {
    const db = server.database.db;
    const lead = await server.addUser('Sam Sampler');
    const evaluation = await createEvaluation(db, lead.id, { title: 'Partnership evaluation', slug });
    const root = await createUnit(db, lead.id, evaluation.id, { kind: 'organisation', name: 'Partnership' });
    const ids: Record<string, string> = {};
    for (const name of ['Mental health', 'Older people', 'Children']) ids[name] = (await createUnit(db, lead.id, evaluation.id, { kind: 'programme', name, parentId: root.id })).id;
    await addPeriod(db, lead.id, 'waves', evaluation.id, { name: 'Year 1', startsOn: '2006-05-01', endsOn: '2006-07-31' });
    const staff: PersonInput[] = Array.from({ length: 92 }, (_, i) => ({
      name: `Staff member ${String(i + 1).padStart(2, '0')}`,
      email: `staff${i + 1}@example.org`,
      unitId: ids[i < 50 ? 'Mental health' : i < 75 ? 'Older people' : 'Children'],
      leftOn: i >= 90 ? '2006-02-28' : null,
    }));
    await addPeople(db, lead.id, evaluation.id, staff);
    const page = await browser.newPage({ baseURL: server.baseUrl });
    await (await SignInPage.open(page)).signIn(lead.email, testPassword);
    return { page, slug };
  }

  it('freezes a frame and draws a stratified sample from the pages, then reports it', async () => {
    const { page, slug } = await evaluationWithStaff(`sampling-${backend.name}`);
    const sampling = await SamplingPage.open(page, slug);
    expect(await sampling.frames()).toEqual([]);

    const form = await sampling.startFreezing();
    const frame = await form.freeze({ name: 'Year 1 frame', wave: 'Year 1', asOf: { day: '1', month: '5', year: '2006' } });
    expect(await frame.summary()).toMatchObject({ 'People in the frame': '90', Wave: 'Year 1', 'Frame date': '1 May 2006' });
    expect(await frame.table('Left out of the frame')).toEqual([
      { Reason: 'Double entry merged into another entry', Entries: '0' },
      { Reason: 'Had left by the frame date', Entries: '2' },
      { Reason: 'No e-mail address (the frame asks for one)', Entries: '0' },
    ]);
    expect(await frame.table('People by programme')).toEqual([
      { Programme: 'Mental health', People: '50' },
      { Programme: 'Older people', People: '25' },
      { Programme: 'Children', People: '15' },
    ]);

    const drawForm = await frame.startDrawing();
    const sample = { name: 'Main sample', purpose: 'Main survey', stratifyBy: 'Programme', allocation: 'Proportional', size: '30', seed: 'two thousand' };
    const badSeed = await drawForm.drawExpectingErrors(sample);
    expect(await badSeed.summaryErrors()).toEqual([{ text: 'Seed must be a whole number, like 2006', href: '#seed' }]);
    expect(await badSeed.fieldError(badSeed.seed)).toBe('Seed must be a whole number, like 2006');
    const tooBig = await badSeed.drawExpectingErrors({ ...sample, size: '91', seed: '2006' });
    expect(await tooBig.summaryErrors()).toEqual([{ text: 'Sample size must be 90 or fewer: the frame has 90 people', href: '#size' }]);

    const report = await tooBig.draw({ ...sample, seed: '2006' });
    expect(await report.sizes()).toEqual({ 'Frame size': '90', 'In earlier samples, left out': '0', 'Available to draw from': '90', 'Sample size': '30' });
    const strata = await report.strata();
    expect(strata.map((s) => [s.Stratum, s['In frame'], s.Allocated, s.Drawn, s['Sampling fraction']])).toEqual([
      ['Children', '15', '5', '5', '33.3%'],
      ['Mental health', '50', '17', '17', '34.0%'],
      ['Older people', '25', '8', '8', '32.0%'],
    ]);
    const csv = (await report.membersCsv()).trimEnd().split('\r\n');
    expect(csv[0]).toBe('name,email,unit,region,programme,stratum');
    expect(csv).toHaveLength(31);

    const again = await SamplingPage.open(page, slug);
    expect((await again.samples()).map((s) => [s.Sample, s.People, s.Seed])).toEqual([['Main sample', '30', '2006']]);
  });
});
