import type { Db } from '../../../db/database.ts';
import { searchPeople } from '../../organisation/service.ts';

export interface DirectoryName {
  id: string;
  name: string;
}

/**
 * Everyone in the evaluation's staff directory, by name, read page by page through the
 * organisation module: participants link to them and pseudonymisation must know every name.
 */
export async function everyDirectoryPerson(db: Db, evaluationId: string): Promise<DirectoryName[]> {
  const people: DirectoryName[] = [];
  for (let page = 1; ; page++) {
    const found = await searchPeople(db, evaluationId, { page });
    people.push(...found.people.map((p) => ({ id: p.id, name: p.name })));
    if (page >= found.pages) return people;
  }
}
