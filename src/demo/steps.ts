import { budgetStep } from './budget.ts';
import { directoryStep } from './directory.ts';
import { organisationStep } from './organisation.ts';
import { periodsStep } from './periods.ts';
import { protocolStep } from './protocol.ts';
import type { DemoStep } from './step.ts';
import { surveysStep } from './surveys.ts';
import { teamStep } from './team.ts';

/**
 * The demo, in the order it is built. To show a new capability, write a step in its own file and
 * add it here after the steps whose data it needs.
 */
export const demoSteps: readonly DemoStep[] = [teamStep, periodsStep, organisationStep, budgetStep, directoryStep, protocolStep, surveysStep];
