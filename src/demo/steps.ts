import { budgetStep } from './budget.ts';
import { contactsStep } from './contacts.ts';
import { directoryStep } from './directory.ts';
import { directoryCleaningStep } from './directory-cleaning.ts';
import { interviewsStep } from './interviews.ts';
import { caseStudiesStep } from './case-studies.ts';
import { invitationsStep } from './invitations.ts';
import { organisationStep } from './organisation.ts';
import { periodsStep } from './periods.ts';
import { protocolStep } from './protocol.ts';
import { documentsStep } from './documents.ts';
import { laterBudgetStep, plansStep } from './plans.ts';
import { samplingStep } from './sampling.ts';
import type { DemoStep } from './step.ts';
import { surveysStep } from './surveys.ts';
import { analysisStep } from './analysis.ts';
import { findingsStep } from './findings.ts';
import { learningSetsStep } from './learning-sets.ts';
import { teamStep } from './team.ts';
import { reportsStep } from './reports.ts';

/**
 * The demo, in the order it is built. To show a new capability, write a step in its own file and
 * add it here after the steps whose data it needs.
 */
export const demoSteps: readonly DemoStep[] = [teamStep, periodsStep, organisationStep, budgetStep, directoryStep, directoryCleaningStep, samplingStep, protocolStep, documentsStep, laterBudgetStep, plansStep, interviewsStep, caseStudiesStep, surveysStep, analysisStep, findingsStep, learningSetsStep, invitationsStep, contactsStep, reportsStep];
