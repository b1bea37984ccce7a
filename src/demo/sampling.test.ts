import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import type { Database } from '../db/database.ts';
import { listFrames } from '../modules/sampling/frames.ts';
import { getSampleMembers, getSampleReport, listSamples } from '../modules/sampling/samples.ts';
import { loadDemo, type DemoResult } from './load.ts';
import { DEMO_MAIN_SIZE, DEMO_PILOT_SIZE, samplingStep } from './sampling.ts';
import { demoSteps } from './steps.ts';
import { programmes } from './structure.ts';

describe.each(backends)('the demo samples on $name', (backend) => {
  let database: Database;
  let demo: DemoResult;
  beforeAll(async () => {
    database = await backend.open();
    // Only the steps up to sampling: the surveys and interviews after it are not needed here.
    demo = await loadDemo(database, { steps: demoSteps.slice(0, demoSteps.indexOf(samplingStep) + 1) });
  }, 180_000);
  afterAll(async () => {
    await database.close();
  });

  it('freezes the Year 1 frame and draws a pilot of 30 and a main sample that leaves the pilot out', async () => {
    const evaluationId = demo.evaluation.id;
    const [frame] = await listFrames(database.db, evaluationId);
    expect(frame).toMatchObject({ name: 'Year 1 survey frame', waveName: 'Year 1', asOf: '2006-05-01' });
    expect(frame!.leftOut.left).toBeGreaterThanOrEqual(25);
    expect(frame!.leftOut.merged).toBeGreaterThanOrEqual(1);

    const [pilot, main] = await listSamples(database.db, evaluationId);
    expect(pilot).toMatchObject({ purpose: 'pilot', method: 'simple', size: DEMO_PILOT_SIZE });
    expect(main).toMatchObject({ purpose: 'main', method: 'stratified', stratifyBy: 'programme', allocation: 'proportional' });
    // The planned 400, with people left over: the frame is large enough once the pilot is set aside.
    expect(main!.size).toBe(DEMO_MAIN_SIZE);
    expect(frame!.size - DEMO_PILOT_SIZE).toBeGreaterThan(DEMO_MAIN_SIZE);
    expect(demo.counts).toMatchObject({ pilotSample: DEMO_PILOT_SIZE, mainSample: main!.size, frameSize: frame!.size });

    const pilotPeople = new Set((await getSampleMembers(database.db, evaluationId, pilot!.id)).map((m) => m.personId));
    const mainPeople = (await getSampleMembers(database.db, evaluationId, main!.id)).map((m) => m.personId);
    expect(pilotPeople.size).toBe(DEMO_PILOT_SIZE);
    expect(new Set(mainPeople).size).toBe(main!.size);
    expect(mainPeople.filter((id) => pilotPeople.has(id))).toEqual([]);

    const report = await getSampleReport(database.db, evaluationId, main!.id);
    expect(report.excludedCount).toBe(DEMO_PILOT_SIZE);
    // The eight programmes, and the regional centres' and corporate staff, who belong to none.
    expect(report.strata.map((s) => s.stratum).sort()).toEqual([...programmes.map((p) => p.name), 'No programme'].sort());
    expect(report.strata.reduce((sum, s) => sum + s.drawn, 0)).toBe(main!.size);
  });
});
