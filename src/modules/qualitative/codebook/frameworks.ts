import { readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FrameworkDefinitionError, parseFrameworkText, type Framework } from './framework.ts';

/** The framework codebooks shipped with Formative, one per file named after its id. */
export const shippedFrameworksDir = fileURLToPath(new URL('../../../../frameworks/', import.meta.url));

const frameworkFile = /\.ya?ml$/;

/** Reads and validates every framework file in a folder; any bad file stops the whole read. */
export function readFrameworkFolder(dir: string): Framework[] {
  const files = readdirSync(dir).filter((f) => frameworkFile.test(f)).sort();
  const found = new Map<string, string>();
  return files.map((file) => {
    const framework = parseFrameworkText(readFileSync(join(dir, file), 'utf8'), file);
    const stem = basename(file, extname(file));
    if (framework.id !== stem) throw new FrameworkDefinitionError(file, [`id "${framework.id}" must match the file name ("${stem}")`]);
    const earlier = found.get(framework.id);
    if (earlier) throw new FrameworkDefinitionError(file, [`id "${framework.id}" is also defined in ${earlier}`]);
    found.set(framework.id, file);
    return framework;
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

// Read once, on first use (the codebook routes ask at start, so a broken file stops the server
// before it serves anyone); shared by every request, hence frozen.
let cache: ReadonlyMap<string, Framework> | undefined;

function catalogue(): ReadonlyMap<string, Framework> {
  cache ??= new Map(readFrameworkFolder(shippedFrameworksDir).map((f) => [f.id, deepFreeze(f)]));
  return cache;
}

/** Every shipped framework, in file-name order. */
export function listFrameworks(): Framework[] {
  return [...catalogue().values()];
}

/** The framework with this id, or undefined. */
export function getFramework(id: string): Framework | undefined {
  return catalogue().get(id);
}
