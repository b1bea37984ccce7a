import { normalisedEmail } from './doubles.ts';
import type { IncomingEntry } from './mapping.ts';
import { normalisedName } from './names.ts';

/**
 * Re-importing an updated directory: each row is matched to an entry already held, by the
 * organisation's identifier when the file has one, else by e-mail, else by the same name in the
 * same unit; what differs is listed field by field. Entries merged into another are not matched.
 */

/** An entry already in the directory, as matching needs it. */
export interface KnownEntry {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  unitId: string | null;
  regionId: string | null;
  jobTitle: string;
  startedOn: string | null;
  leftOn: string | null;
  lastVerifiedOn: string | null;
  externalId: string | null;
}

export const comparedFields = ['name', 'email', 'phone', 'unitId', 'regionId', 'jobTitle', 'startedOn', 'leftOn', 'lastVerifiedOn', 'externalId'] as const;
export type ComparedField = (typeof comparedFields)[number];

export interface FieldChange {
  field: ComparedField;
  from: string | null;
  to: string;
}

export interface MatchedRow {
  entry: IncomingEntry;
  /** The entry it matched, or undefined for a new person. */
  known?: KnownEntry;
  matchedBy?: 'identifier' | 'e-mail' | 'name and unit';
  changes: FieldChange[];
}

export interface ImportPlan {
  rows: MatchedRow[];
  /** Entries held that no row matched: not changed, only counted. */
  notInFile: KnownEntry[];
}

const nameUnitKey = (name: string, unitId: string | null) => `${normalisedName(name)}|${unitId ?? ''}`;

function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The changes a row brings: only fields it has a value for, and only where the value differs. */
export function changesOf(entry: IncomingEntry, known: KnownEntry): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of comparedFields) {
    const value = entry[field];
    if (value === null || value === '') continue;
    const before = known[field];
    const same = field === 'email' ? normalisedEmail(before) === normalisedEmail(value) && before === value : before === value;
    if (!same) changes.push({ field, from: before === '' ? null : before, to: value });
  }
  return changes;
}

export function planImport(entries: IncomingEntry[], known: KnownEntry[]): ImportPlan {
  const byExternalId = new Map<string, KnownEntry>();
  const byEmail = new Map<string, KnownEntry[]>();
  const byNameUnit = new Map<string, KnownEntry[]>();
  for (const k of known) {
    if (k.externalId) byExternalId.set(k.externalId, k);
    if (k.email) addTo(byEmail, normalisedEmail(k.email), k);
    addTo(byNameUnit, nameUnitKey(k.name, k.unitId), k);
  }
  const used = new Set<string>();
  // A known entry with another identifier is another person, whatever else agrees.
  const free = (entry: IncomingEntry) => (k: KnownEntry) => !used.has(k.id) && (!entry.externalId || !k.externalId || k.externalId === entry.externalId);

  const rows = entries.map((entry): MatchedRow => {
    let known: KnownEntry | undefined;
    let matchedBy: MatchedRow['matchedBy'];
    const byId = entry.externalId ? byExternalId.get(entry.externalId) : undefined;
    if (byId && !used.has(byId.id)) [known, matchedBy] = [byId, 'identifier'];
    if (!known && entry.email) {
      known = byEmail.get(normalisedEmail(entry.email))?.find(free(entry));
      if (known) matchedBy = 'e-mail';
    }
    if (!known) {
      // A row without a unit matches only an entry without one: the same name elsewhere may be another person.
      known = byNameUnit.get(nameUnitKey(entry.name, entry.unitId))?.find(free(entry));
      if (known) matchedBy = 'name and unit';
    }
    if (!known) return { entry, changes: [] };
    used.add(known.id);
    return { entry, known, matchedBy, changes: changesOf(entry, known) };
  });
  return { rows, notInFile: known.filter((k) => !used.has(k.id)) };
}
