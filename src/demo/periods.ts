import { addPeriod } from '../modules/evaluations/service.ts';
import type { DemoStep } from './step.ts';

/** The protocol's three phases, which overlap as real ones do. */
const phases = [
  { name: 'Phase 1: scoping and documentary analysis', startsOn: '2005-04-01', endsOn: '2006-03-31' },
  { name: 'Phase 2: interviews and pilot survey', startsOn: '2006-01-01', endsOn: '2006-12-31' },
  { name: 'Phase 3: main survey waves and reporting', startsOn: '2007-01-01', endsOn: '2008-03-31' },
];

/** One staff survey wave a year, repeated to measure change. */
const waves = [
  { name: 'Year 1', startsOn: '2006-05-01', endsOn: '2006-07-31' },
  { name: 'Year 2', startsOn: '2007-05-01', endsOn: '2007-07-31' },
  { name: 'Year 3', startsOn: '2008-01-07', endsOn: '2008-02-29' },
];

export const periodsStep: DemoStep = {
  name: 'phases and waves',
  async run({ db, evaluationId, leadUserId }) {
    for (const phase of phases) await addPeriod(db, leadUserId, 'phases', evaluationId, phase);
    for (const wave of waves) await addPeriod(db, leadUserId, 'waves', evaluationId, wave);
    return { phases: phases.length, waves: waves.length };
  },
};
