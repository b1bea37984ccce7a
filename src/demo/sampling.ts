import { listPeriods } from '../modules/evaluations/service.ts';
import { freezeFrame } from '../modules/sampling/frames.ts';
import { drawFromFrame } from '../modules/sampling/samples.ts';
import type { DemoStep } from './step.ts';

/** The pilot's size and the main survey's, as the evaluation planned them. */
export const DEMO_PILOT_SIZE = 30;
export const DEMO_MAIN_SIZE = 400;
/** Fixed seeds, recorded as a protocol would record them, so every demo draws the same samples. */
export const DEMO_PILOT_SEED = 20060403;
export const DEMO_MAIN_SEED = 20060501;

/**
 * Freezes the frame for the first main wave (Year 1) from the cleaned directory, as of the wave's
 * first day, then draws the pilot (a simple random sample of 30) and the main sample, stratified by
 * programme with proportional allocation, leaving out the pilot's 30.
 *
 * The demo directory has about 455 people still in post on that day, so once the pilot's 30 are
 * left out the main sample of 400 is drawn in full, as the evaluation planned it.
 */
export const samplingStep: DemoStep = {
  name: 'sampling',
  async run({ db, evaluationId, leadUserId }) {
    const [firstWave] = await listPeriods(db, 'waves', evaluationId);
    if (!firstWave) throw new Error('The sampling step needs the survey waves: run the periods step first');
    const frame = await freezeFrame(db, leadUserId, evaluationId, { name: `${firstWave.name} survey frame`, waveId: firstWave.id, asOf: firstWave.startsOn });
    const pilot = await drawFromFrame(db, leadUserId, evaluationId, frame.id, {
      name: 'Pilot sample',
      purpose: 'pilot',
      method: 'simple',
      size: DEMO_PILOT_SIZE,
      seed: DEMO_PILOT_SEED,
    });
    const main = await drawFromFrame(db, leadUserId, evaluationId, frame.id, {
      name: `${firstWave.name} main sample`,
      purpose: 'main',
      method: 'stratified',
      stratifyBy: 'programme',
      allocation: 'proportional',
      size: DEMO_MAIN_SIZE,
      seed: DEMO_MAIN_SEED,
      exclude: [pilot.id],
    });
    return { frameSize: frame.size, pilotSample: pilot.size, mainSample: main.size };
  },
};
