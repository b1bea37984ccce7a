import { describe, it } from 'vitest';
import { fuzz, importers } from './importers.ts';

/**
 * A short run of the importer fuzzing on every test run (FUZZ_RUNS cases each, 300 by default);
 * `npm run bench:fuzz` runs 100,000 per importer.
 */
const runs = Number(process.env.FUZZ_RUNS ?? 300);

describe('importers under random and damaged files', async () => {
  for (const importer of await importers()) {
    it(`${importer.name}: refuses with a message or imports, never crashes (${runs} cases)`, { timeout: 300_000 }, async () => {
      await fuzz(importer, runs);
    });
  }
});
