import type { Command } from './command.ts';
import { backupCommand, restoreCommand } from './backup-commands.ts';
import { demoCommand } from './demo-command.ts';
import { directoryCheckCommand, directoryImportCommand } from './directory-commands.ts';
import { evaluationCreateCommand, evaluationListCommand, evaluationShowCommand } from './evaluation-commands.ts';
import { exportResponsesCommand } from './export-command.ts';
import { analyseCommand } from './analyse-command.ts';
import { migrateCommand, serveCommand } from './server-commands.ts';
import { qdpxExportCommand, qdpxImportCommand } from './qdpx-commands.ts';
import { surveyImportCommand, surveyListCommand } from './survey-commands.ts';
import { calendarListCommand, surveyRatesCommand } from './follow-up-commands.ts';
import { documentsAddCommand, plansImportCommand } from './plan-commands.ts';
import { learningSetsListCommand } from './learning-set-commands.ts';
import { caseStudiesListCommand } from './case-study-commands.ts';
import { findingsListCommand } from './finding-commands.ts';
import { reportBuildCommand } from './report-commands.ts';
import { sampleDrawCommand, sampleFrameCommand } from './sample-commands.ts';
import { invitationsSendCommand, mailWorkCommand } from './invitation-commands.ts';
import { userAddCommand, userListCommand } from './user-commands.ts';
import { userSecondFactorResetCommand } from './user-commands.ts';
import { privacyExportCommand, privacyRetentionCommand } from './privacy-commands.ts';

/** Every command, in the order `formative --help` lists them. */
export const commands: Command[] = [
  serveCommand,
  demoCommand,
  migrateCommand,
  userAddCommand,
  userListCommand,
  userSecondFactorResetCommand,
  evaluationCreateCommand,
  evaluationListCommand,
  evaluationShowCommand,
  backupCommand,
  restoreCommand,
  exportResponsesCommand,
  analyseCommand,
  surveyImportCommand,
  surveyListCommand,
  surveyRatesCommand,
  calendarListCommand,
  directoryImportCommand,
  directoryCheckCommand,
  sampleFrameCommand,
  sampleDrawCommand,
  invitationsSendCommand,
  mailWorkCommand,
  qdpxExportCommand,
  qdpxImportCommand,
  plansImportCommand,
  documentsAddCommand,
  caseStudiesListCommand,
  findingsListCommand,
  reportBuildCommand,
  privacyRetentionCommand,
  privacyExportCommand,
  learningSetsListCommand,
];
