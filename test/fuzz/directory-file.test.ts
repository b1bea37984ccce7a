import { afterAll, describe, it } from 'vitest';
import { closeFuzzFixture, directoryImporter } from './file-importers.ts';
import { fuzz } from './importers.ts';

/** A short run of the fuzzing of the staff directory (FUZZ_RUNS cases, 300 by default); `npm run bench:fuzz` runs 100,000. */
const runs = Number(process.env.FUZZ_RUNS ?? 300);

describe('the staff directory under random and damaged files', () => {
  afterAll(closeFuzzFixture);
  it(`imports, or refuses with a message and stores nothing (${runs} cases)`, { timeout: 300_000 }, async () => {
    await fuzz(await directoryImporter(), runs);
  });
});
