import { addPeople, listUnits } from '../modules/organisation/service.ts';
import { buildDirectory, VERIFIED_STALE_BEFORE } from './directory-builder.ts';
import type { DemoStep } from './step.ts';

/** Loads the fictional staff directory, faults and all, in one go. */
export const directoryStep: DemoStep = {
  name: 'staff directory',
  async run({ db, evaluationId, leadUserId, random }) {
    const { entries, doubleEntries } = buildDirectory(random);
    const unitIds = new Map((await listUnits(db, evaluationId)).map((unit) => [unit.name, unit.id]));
    const idOf = (name: string | undefined) => {
      if (name === undefined) return undefined;
      const id = unitIds.get(name);
      if (!id) throw new Error(`The directory names a unit "${name}" that does not exist: run the organisation step first`);
      return id;
    };
    const people = await addPeople(
      db,
      leadUserId,
      evaluationId,
      entries.map(({ unit, region, ...entry }) => ({ ...entry, unitId: idOf(unit), regionId: idOf(region) })),
    );
    return {
      people,
      doubleEntries,
      missingEmails: entries.filter((e) => !e.email).length,
      missingUnits: entries.filter((e) => !e.unit).length,
      leavers: entries.filter((e) => e.leftOn).length,
      notVerifiedForAYear: entries.filter((e) => e.lastVerifiedOn < VERIFIED_STALE_BEFORE).length,
    };
  },
};
