import { readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InstrumentDefinitionError, parseInstrumentText, type Instrument } from './definition.ts';

/** The instrument files shipped with Formative, one instrument per file named after its id. */
export const shippedInstrumentsDir = fileURLToPath(new URL('../../../instruments/', import.meta.url));

const instrumentFile = /\.(ya?ml|json)$/;

/** Reads and validates every instrument file in a folder; any bad file stops the whole read. */
export function readInstrumentFolder(dir: string): Instrument[] {
  const files = readdirSync(dir).filter((f) => instrumentFile.test(f)).sort();
  const found = new Map<string, string>();
  return files.map((file) => {
    const instrument = parseInstrumentText(readFileSync(join(dir, file), 'utf8'), file);
    const stem = basename(file, extname(file));
    if (instrument.id !== stem) throw new InstrumentDefinitionError(file, [`id "${instrument.id}" must match the file name ("${stem}")`]);
    const earlier = found.get(instrument.id);
    if (earlier) throw new InstrumentDefinitionError(file, [`id "${instrument.id}" is also defined in ${earlier}`]);
    found.set(instrument.id, file);
    return instrument;
  });
}

/** Instruments are shared by every request, so the cached copies are frozen against accidental change. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

// Read once, on first use (the instruments module asks at start, so a broken file stops the server
// before it serves anyone); the files do not change while Formative runs.
let cache: ReadonlyMap<string, Instrument> | undefined;

function catalogue(): ReadonlyMap<string, Instrument> {
  cache ??= new Map(readInstrumentFolder(shippedInstrumentsDir).map((i) => [i.id, deepFreeze(i)]));
  return cache;
}

/** Every shipped instrument, in file-name order. */
export function listInstruments(): Instrument[] {
  return [...catalogue().values()];
}

/** The instrument with this id, or undefined. */
export function getInstrument(id: string): Instrument | undefined {
  return catalogue().get(id);
}
