import type { Command } from './command.ts';
import { backupCommand, restoreCommand } from './backup-commands.ts';
import { demoCommand } from './demo-command.ts';
import { evaluationCreateCommand, evaluationListCommand, evaluationShowCommand } from './evaluation-commands.ts';
import { exportResponsesCommand } from './export-command.ts';
import { migrateCommand, serveCommand } from './server-commands.ts';
import { qdpxExportCommand, qdpxImportCommand } from './qdpx-commands.ts';
import { surveyImportCommand, surveyListCommand } from './survey-commands.ts';
import { userAddCommand, userListCommand } from './user-commands.ts';

/** Every command, in the order `formative --help` lists them. */
export const commands: Command[] = [
  serveCommand,
  demoCommand,
  migrateCommand,
  userAddCommand,
  userListCommand,
  evaluationCreateCommand,
  evaluationListCommand,
  evaluationShowCommand,
  backupCommand,
  restoreCommand,
  exportResponsesCommand,
  surveyImportCommand,
  surveyListCommand,
  qdpxExportCommand,
  qdpxImportCommand,
];
