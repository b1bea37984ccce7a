import type { Config } from '../config.ts';
import type { Output } from './output.ts';

type OptionSpec = { type: 'string' | 'boolean'; short?: string; multiple?: boolean; default?: string | boolean };

export interface CommandContext {
  options: Record<string, string | boolean | undefined>;
  args: string[];
  config: Config;
  output: Output;
}

/** One `formative …` command: its words, its options and what it does. */
export interface Command {
  /** The words that name it, like ['user', 'add']. */
  words: string[];
  usage: string;
  summary: string;
  options?: Record<string, OptionSpec>;
  run(context: CommandContext): Promise<void>;
}

/** Options every command accepts. */
export const commonOptions: Record<string, OptionSpec> = {
  json: { type: 'boolean' },
  data: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};
