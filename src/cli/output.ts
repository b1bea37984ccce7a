/** What a command prints: a line for people, or one JSON document with --json. */
export class CliError extends Error {}

export interface Output {
  json: boolean;
  /** Prints the result: `text` for people, `data` as JSON with --json. */
  result(data: unknown, text: string): void;
  /** Progress and notes for people; silent with --json so the output stays one document. */
  note(text: string): void;
}

export function createOutput(json: boolean): Output {
  return {
    json,
    result(data, text) {
      process.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${text}\n`);
    },
    note(text) {
      if (!json) process.stdout.write(`${text}\n`);
    },
  };
}
