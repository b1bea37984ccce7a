import type { Command } from './command.ts';
import { demoCommand } from './demo-command.ts';
import { migrateCommand, serveCommand } from './server-commands.ts';
import { userAddCommand } from './user-commands.ts';

/** Every command, in the order `formative --help` lists them. */
export const commands: Command[] = [serveCommand, demoCommand, migrateCommand, userAddCommand];
