import type { Command } from './command.ts';

/**
 * Every command, in the order `formative --help` lists them: the words that name it and where it
 * lives. A command's module is loaded only when it is run, so `formative user add` does not load
 * the report writer or the web application (a start took over 3 s of CPU when every module loaded).
 * commands.test.ts checks that each module's command has the words listed here.
 */
export interface CommandEntry {
  words: string[];
  load(): Promise<Command>;
}

export const commands: CommandEntry[] = [
  { words: ['serve'], load: async () => (await import('./server-commands.ts')).serveCommand },
  { words: ['demo'], load: async () => (await import('./demo-command.ts')).demoCommand },
  { words: ['migrate'], load: async () => (await import('./server-commands.ts')).migrateCommand },
  { words: ['user', 'add'], load: async () => (await import('./user-commands.ts')).userAddCommand },
  { words: ['user', 'list'], load: async () => (await import('./user-commands.ts')).userListCommand },
  { words: ['user', 'second-factor', 'reset'], load: async () => (await import('./user-commands.ts')).userSecondFactorResetCommand },
  { words: ['evaluation', 'create'], load: async () => (await import('./evaluation-commands.ts')).evaluationCreateCommand },
  { words: ['evaluation', 'list'], load: async () => (await import('./evaluation-commands.ts')).evaluationListCommand },
  { words: ['evaluation', 'show'], load: async () => (await import('./evaluation-commands.ts')).evaluationShowCommand },
  { words: ['backup'], load: async () => (await import('./backup-commands.ts')).backupCommand },
  { words: ['restore'], load: async () => (await import('./backup-commands.ts')).restoreCommand },
  { words: ['export', 'responses'], load: async () => (await import('./export-command.ts')).exportResponsesCommand },
  { words: ['analyse'], load: async () => (await import('./analyse-command.ts')).analyseCommand },
  { words: ['survey', 'import'], load: async () => (await import('./survey-commands.ts')).surveyImportCommand },
  { words: ['survey', 'list'], load: async () => (await import('./survey-commands.ts')).surveyListCommand },
  { words: ['survey', 'rates'], load: async () => (await import('./follow-up-commands.ts')).surveyRatesCommand },
  { words: ['calendar', 'list'], load: async () => (await import('./follow-up-commands.ts')).calendarListCommand },
  { words: ['directory', 'import'], load: async () => (await import('./directory-commands.ts')).directoryImportCommand },
  { words: ['directory', 'check'], load: async () => (await import('./directory-commands.ts')).directoryCheckCommand },
  { words: ['sample', 'frame'], load: async () => (await import('./sample-commands.ts')).sampleFrameCommand },
  { words: ['sample', 'draw'], load: async () => (await import('./sample-commands.ts')).sampleDrawCommand },
  { words: ['invitations', 'send'], load: async () => (await import('./invitation-commands.ts')).invitationsSendCommand },
  { words: ['mail', 'work'], load: async () => (await import('./invitation-commands.ts')).mailWorkCommand },
  { words: ['qdpx', 'export'], load: async () => (await import('./qdpx-commands.ts')).qdpxExportCommand },
  { words: ['qdpx', 'import'], load: async () => (await import('./qdpx-commands.ts')).qdpxImportCommand },
  { words: ['plans', 'import'], load: async () => (await import('./plan-commands.ts')).plansImportCommand },
  { words: ['documents', 'add'], load: async () => (await import('./plan-commands.ts')).documentsAddCommand },
  { words: ['case-studies', 'list'], load: async () => (await import('./case-study-commands.ts')).caseStudiesListCommand },
  { words: ['findings', 'list'], load: async () => (await import('./finding-commands.ts')).findingsListCommand },
  { words: ['report', 'build'], load: async () => (await import('./report-commands.ts')).reportBuildCommand },
  { words: ['privacy', 'retention'], load: async () => (await import('./privacy-commands.ts')).privacyRetentionCommand },
  { words: ['privacy', 'export'], load: async () => (await import('./privacy-commands.ts')).privacyExportCommand },
  { words: ['learning-sets', 'list'], load: async () => (await import('./learning-set-commands.ts')).learningSetsListCommand },
];
