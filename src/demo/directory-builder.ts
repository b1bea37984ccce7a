import { givenNames, shortForms, surnames } from './names.ts';
import type { Random } from './random.ts';
import { phonePrefixes, staffing, type Staffing } from './staffing.ts';
import { programmes, regions, type RegionName } from './structure.ts';

/**
 * The fictional staff directory as the partnership would hand it over: one row per entry, with the
 * faults real directories have (double entries under other forms of a name, gaps, people who have
 * left, entries nobody has checked for a long time), so that cleaning it into a sampling frame is
 * worth showing. Pure: the same seed gives the same directory.
 */

/** The day the partnership supplied the directory; "left" and "not verified" are judged against it. */
export const DIRECTORY_AS_OF = '2006-03-01';
/** Entries last verified before this day have not been checked for over a year. */
export const VERIFIED_STALE_BEFORE = '2005-03-01';

const DOMAIN = 'csip.example.org';
// The address some staff still used from the bodies the partnership was formed from.
const OLD_DOMAIN = 'nhs.example.net';

const LEAVERS = 25;
const STALE = 30;
const MISSING_EMAILS = 12;
const MISSING_UNITS = 10;
const DOUBLE_ENTRIES = 20;

export interface DirectoryEntry {
  name: string;
  email?: string;
  phone?: string;
  /** Unit and region by name; the directory step turns them into ids. */
  unit?: string;
  region?: RegionName;
  jobTitle: string;
  startedOn: string;
  leftOn?: string;
  lastVerifiedOn: string;
}

export interface DemoDirectory {
  entries: DirectoryEntry[];
  /** How many rows are second entries for someone already listed. */
  doubleEntries: number;
  /** Each second entry with the entry it doubles, so cleaning can be checked against them. */
  doublePairs: { original: DirectoryEntry; double: DirectoryEntry }[];
}

interface Person {
  given: string;
  surname: string;
  doctor: boolean;
  staffing: Staffing;
  region?: RegionName;
  isLead: boolean;
}

const fullName = (p: Person) => `${p.doctor ? 'Dr ' : ''}${p.given} ${p.surname}`;
const emailAt = (local: string, domain: string) => `${local.toLowerCase().replace(/[^a-z.]/g, '')}@${domain}`;

/** Distinct people: no two share a first initial and surname, so every such pair is a double entry. */
function drawPeople(random: Random): Person[] {
  const taken = new Set<string>();
  const people: Person[] = [];
  for (const unit of staffing) {
    for (let i = 0; i < unit.count; i++) {
      let given: string;
      let surname: string;
      do {
        given = random.pick(givenNames);
        surname = random.pick(surnames);
      } while (taken.has(`${given[0]}|${surname}`));
      taken.add(`${given[0]}|${surname}`);
      const isLead = i === 0;
      const region = unit.homeRegion ?? (random.chance(unit.regionShare) ? random.pick(regions).name : undefined);
      people.push({ given, surname, doctor: random.chance(isLead ? 0.3 : 0.06), staffing: unit, region, isLead });
    }
  }
  return people;
}

/** `count` distinct items of `items`, in random order. */
function sample<T>(random: Random, items: readonly T[], count: number): T[] {
  const pool = [...items];
  for (let i = 0; i < Math.min(count, pool.length); i++) {
    const j = random.int(i, pool.length - 1);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count);
}

function phoneDrawer(random: Random) {
  const used = new Set<string>();
  return (region: RegionName | undefined): string => {
    const prefix = random.chance(0.1) ? phonePrefixes.mobile : phonePrefixes[region ?? 'London'];
    let phone: string;
    do phone = `${prefix}${String(random.int(0, 999)).padStart(3, '0')}`;
    while (used.has(phone));
    used.add(phone);
    return phone;
  };
}

const later = (a: string, b: string) => (a > b ? a : b);

function dates(random: Random, kind: 'current' | 'stale' | 'leaver') {
  if (kind === 'stale') {
    const startedOn = random.date('1998-09-01', '2003-12-31');
    return { startedOn, lastVerifiedOn: random.date(later(startedOn, '2003-06-01'), '2005-02-28') };
  }
  if (kind === 'leaver') {
    const startedOn = random.date('1999-01-04', '2005-03-31');
    const leftOn = random.date('2005-05-01', '2006-02-24');
    return { startedOn, leftOn, lastVerifiedOn: random.date(later(startedOn, '2004-09-01'), leftOn) };
  }
  const startedOn = random.date('1999-01-04', '2006-01-31');
  return { startedOn, lastVerifiedOn: random.date(later(startedOn, '2005-06-01'), '2006-02-28') };
}

/** Another way the same person's name was typed: reversed, initialled, shortened or with a middle initial. */
function nameVariant(random: Random, p: Person): string {
  const forms = [
    () => `${p.surname}, ${p.given}`,
    () => `${p.doctor ? 'Dr ' : ''}${p.given[0]}. ${p.surname}`,
    () => `${p.given} ${random.pick([...'ABCDEFGHJKLMNPRSTW'])}. ${p.surname}`,
  ];
  const short = shortForms[p.given];
  if (short) forms.push(() => `${short} ${p.surname}`);
  if (p.doctor) forms.push(() => `${p.given} ${p.surname}`);
  return random.pick(forms)();
}

/** The e-mail on a double entry: the same, the same in other letter case, another, or none. */
function variantEmail(random: Random, p: Person, email: string | undefined): string | undefined {
  const roll = random.next();
  if (roll < 0.2) return email;
  if (roll < 0.35) return email && `${p.given}.${p.surname.replace(/[^A-Za-z]/g, '')}@${DOMAIN}`;
  if (roll < 0.65) return emailAt(`${p.given[0]}.${p.surname}`, DOMAIN);
  if (roll < 0.8) return emailAt(`${p.given}.${p.surname}`, OLD_DOMAIN);
  return undefined;
}

function doubleEntry(random: Random, p: Person, original: DirectoryEntry, drawPhone: (r: RegionName | undefined) => string): DirectoryEntry {
  const unitRoll = random.next();
  const previousProgramme = random.pick(programmes.filter((x) => x.name !== original.unit)).name;
  const unit = unitRoll < 0.6 ? original.unit : unitRoll < 0.85 ? previousProgramme : undefined;
  const phoneRoll = random.next();
  const phone = phoneRoll < 0.5 ? original.phone : phoneRoll < 0.75 ? drawPhone(p.region) : undefined;
  // A second entry is usually the older one, left over from a predecessor's list.
  const stale = random.chance(0.6) ? dates(random, 'stale') : dates(random, 'current');
  const name = nameVariant(random, p);
  let email = variantEmail(random, p, original.email);
  let linked = { phone, unit };
  // Under another programme, a second entry is a double only if a contact detail ties it to the
  // first (cleaning does not pair similar names across units on the name alone): such entries
  // keep the old phone number, or the old e-mail name at the predecessor's domain.
  const localPart = (address: string | undefined) => address?.toLowerCase().split('@')[0];
  const tied = (phone && phone === original.phone) || (email && original.email && localPart(email) === localPart(original.email));
  if (unit && unit !== original.unit && !tied) {
    if (original.phone) linked = { phone: original.phone, unit };
    else if (original.email) email = emailAt(`${p.given}.${p.surname}`, OLD_DOMAIN);
    else linked = { phone, unit: undefined };
  }
  return {
    name,
    email,
    phone: linked.phone,
    unit: linked.unit,
    region: p.region,
    jobTitle: original.jobTitle,
    startedOn: stale.startedOn < original.startedOn ? stale.startedOn : original.startedOn,
    lastVerifiedOn: stale.lastVerifiedOn,
  };
}

export function buildDirectory(random: Random): DemoDirectory {
  const people = drawPeople(random);
  const drawPhone = phoneDrawer(random);
  const staff = people.map((_, i) => i).filter((i) => !people[i]!.isLead);
  const byTurn = sample(random, staff, LEAVERS + STALE);
  const leavers = new Set(byTurn.slice(0, LEAVERS));
  const stale = new Set(byTurn.slice(LEAVERS));
  const noEmail = new Set(sample(random, staff, MISSING_EMAILS));
  const noUnit = new Set(sample(random, staff, MISSING_UNITS));

  const entries = people.map((p, i): DirectoryEntry => ({
    name: fullName(p),
    email: noEmail.has(i) ? undefined : emailAt(`${p.given}.${p.surname}`, DOMAIN),
    phone: random.chance(0.08) ? undefined : drawPhone(p.region),
    unit: noUnit.has(i) ? undefined : p.staffing.unit,
    region: p.region,
    jobTitle: p.isLead ? p.staffing.leadTitle : random.pick(p.staffing.titles),
    ...dates(random, leavers.has(i) ? 'leaver' : stale.has(i) ? 'stale' : 'current'),
  }));

  const doubled = sample(random, people.map((_, i) => i).filter((i) => !leavers.has(i)), DOUBLE_ENTRIES);
  const rows = [...entries];
  const doublePairs: DemoDirectory['doublePairs'] = [];
  for (const i of doubled) {
    // Double entries sit anywhere in the list, not next to the original. (The place is drawn first.)
    const at = random.int(0, rows.length);
    const double = doubleEntry(random, people[i]!, entries[i]!, drawPhone);
    doublePairs.push({ original: entries[i]!, double });
    rows.splice(at, 0, double);
  }
  return { entries: rows, doubleEntries: doubled.length, doublePairs };
}
