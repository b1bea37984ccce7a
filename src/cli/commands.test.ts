import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commands } from './commands.ts';

describe('the command list', () => {
  it('names each command by the words its own module gives it, once', async () => {
    const loaded = await Promise.all(commands.map((c) => c.load()));
    expect(loaded.map((c) => c.words)).toEqual(commands.map((c) => c.words));
    const names = commands.map((c) => c.words.join(' '));
    expect(new Set(names).size).toBe(names.length);
  });

  it('lists every command a module defines, so none is unreachable', () => {
    const folder = new URL('.', import.meta.url);
    const defined = readdirSync(folder)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .flatMap((f) => [...readFileSync(new URL(f, folder), 'utf8').matchAll(/export const (\w+Command): Command\b/g)].map((m) => m[1]!));
    const listed = [...readFileSync(new URL('commands.ts', folder), 'utf8').matchAll(/\)\)\.(\w+Command) \}/g)].map((m) => m[1]!);
    expect(defined.length).toBeGreaterThan(30);
    expect(listed.sort()).toEqual(defined.sort());
  });
});
