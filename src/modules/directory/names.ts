/**
 * People's names as directories write them: "Dr J. Smith", "Smith, John", "John A. Smith",
 * "Jim Smith". Pure functions that reduce a name to comparable parts and say how alike two are.
 */

/** Titles and honours left out before comparing; they tell nothing about who a person is. */
const titles = new Set(['dr', 'mr', 'mrs', 'ms', 'miss', 'mx', 'prof', 'professor', 'sir', 'dame', 'rev', 'revd', 'lord', 'lady']);
const honours = new Set(['jr', 'jnr', 'sr', 'snr', 'phd', 'md', 'obe', 'mbe', 'cbe', 'frcp', 'frcpsych', 'rgn', 'rmn', 'msc', 'ba', 'bsc', 'ma']);

/**
 * Short forms of first names and the full names each can stand for, so "Jim" meets "James" and
 * "Bob" meets "Robert" even though their first letters differ.
 */
const fullNamesOf: Readonly<Record<string, readonly string[]>> = {
  al: ['alan', 'alistair', 'albert', 'alfred'],
  alex: ['alexander', 'alexandra'],
  andy: ['andrew'],
  ant: ['anthony'],
  tony: ['anthony'],
  becky: ['rebecca'],
  becca: ['rebecca'],
  ben: ['benjamin'],
  bill: ['william'],
  billy: ['william'],
  will: ['william'],
  bob: ['robert'],
  bobby: ['robert'],
  rob: ['robert'],
  robbie: ['robert'],
  cath: ['catherine', 'cathryn'],
  cathy: ['catherine', 'cathryn'],
  kate: ['katherine', 'catherine', 'kathryn'],
  katie: ['katherine', 'catherine', 'kathryn'],
  kath: ['katherine', 'kathryn'],
  kathy: ['katherine', 'kathryn'],
  chris: ['christopher', 'christine', 'christina'],
  dan: ['daniel'],
  danny: ['daniel'],
  dave: ['david'],
  deb: ['deborah', 'debra'],
  debbie: ['deborah', 'debra'],
  ed: ['edward', 'edmund'],
  eddie: ['edward'],
  ted: ['edward'],
  liz: ['elizabeth'],
  lizzie: ['elizabeth'],
  beth: ['elizabeth', 'bethany'],
  betty: ['elizabeth'],
  fred: ['frederick'],
  geoff: ['geoffrey'],
  jeff: ['jeffrey', 'geoffrey'],
  greg: ['gregory'],
  harry: ['henry', 'harold'],
  jack: ['john'],
  johnny: ['john'],
  jackie: ['jacqueline'],
  jim: ['james'],
  jimmy: ['james'],
  jamie: ['james'],
  jen: ['jennifer'],
  jenny: ['jennifer'],
  jo: ['joanne', 'joanna', 'josephine'],
  joe: ['joseph'],
  jon: ['jonathan'],
  ken: ['kenneth'],
  larry: ['lawrence'],
  maggie: ['margaret'],
  meg: ['margaret'],
  peggy: ['margaret'],
  mandy: ['amanda'],
  matt: ['matthew'],
  mike: ['michael'],
  mick: ['michael'],
  nick: ['nicholas'],
  nicky: ['nicola', 'nicholas'],
  nikki: ['nicola'],
  pat: ['patricia', 'patrick'],
  pete: ['peter'],
  phil: ['philip', 'phillip'],
  rich: ['richard'],
  rick: ['richard'],
  dick: ['richard'],
  sam: ['samuel', 'samantha'],
  sandy: ['sandra', 'alexander'],
  steve: ['stephen', 'steven'],
  sue: ['susan', 'suzanne'],
  susie: ['susan', 'suzanne'],
  tom: ['thomas'],
  tommy: ['thomas'],
  tim: ['timothy'],
  val: ['valerie'],
  vicky: ['victoria'],
};

/** A name reduced to comparable parts: lower case, no accents, titles or punctuation. */
export interface NameParts {
  /** The first name or initial as written, like "john", "j" or "jim". */
  given: string;
  /** Further given names or initials, like ["a"] for "John A. Smith". */
  middle: string[];
  /** All surname words, like "o brien" would be "obrien", "van der berg". */
  surname: string;
  /** The last surname word, which blocks candidates: "berg" for "van der berg". */
  surnameKey: string;
  /** Whether the name was written "Surname, First". */
  surnameFirst: boolean;
  /** The title written, like "dr", or "". */
  title: string;
}

/** Lower case without accents; apostrophes vanish ("O'Brien" → "obrien"), other punctuation separates words. */
export function plainWords(text: string): string[] {
  // Most names are plain ASCII; only others pay for taking accents off.
  const ascii = /^[\x20-\x7e]*$/.test(text) ? text : text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  return ascii
    .toLowerCase()
    .replace(/['’`-]/g, '')
    .replace(/[^a-z0-9,]+/g, ' ')
    .split(/[\s,]+/)
    .filter(Boolean);
}

/** Leading titles come off ("Dr", "Prof"), and honours anywhere after the first word ("PhD"). */
function withoutTitles(words: string[]): { words: string[]; title: string } {
  let start = 0;
  while (start < words.length - 1 && titles.has(words[start]!)) start += 1;
  const kept = words.slice(start).filter((word, index) => index === 0 || !honours.has(word));
  return { words: kept, title: words[0] !== undefined && start > 0 ? words[0] : '' };
}

export function nameParts(name: string): NameParts {
  const comma = name.indexOf(',');
  if (comma > 0) {
    const surnameWords = withoutTitles(plainWords(name.slice(0, comma)));
    const givenWords = withoutTitles(plainWords(name.slice(comma + 1)));
    if (surnameWords.words.length && givenWords.words.length) {
      const [given = '', ...middle] = givenWords.words;
      return {
        given,
        middle,
        surname: surnameWords.words.join(' '),
        surnameKey: surnameWords.words.at(-1)!,
        surnameFirst: true,
        title: givenWords.title || surnameWords.title,
      };
    }
  }
  const { words, title } = withoutTitles(plainWords(name));
  if (words.length <= 1) return { given: '', middle: [], surname: words[0] ?? '', surnameKey: words[0] ?? '', surnameFirst: false, title };
  const [given = '', ...rest] = words;
  // Surname particles belong to the surname: "Anna van der Berg".
  let split = rest.length - 1;
  while (split > 0 && ['van', 'von', 'der', 'den', 'de', 'da', 'del', 'la', 'le', 'di', 'du', 'st', 'bin', 'al'].includes(rest[split - 1]!)) split -= 1;
  return { given, middle: rest.slice(0, split), surname: rest.slice(split).join(' '), surnameKey: rest.at(-1)!, surnameFirst: false, title };
}

/** The name written one way, for "exact" matching: first names then surname, without titles. */
export function normalisedName(name: string): string {
  const parts = nameParts(name);
  return [parts.given, ...parts.middle, parts.surname].filter(Boolean).join(' ');
}

/** The full names a first name may stand for, itself included. */
export function fullForms(given: string): string[] {
  return [given, ...(fullNamesOf[given] ?? [])];
}

/**
 * The first letters a person's entry may be filed under: their first name's, and those of the
 * full names a short form stands for ("bob" files under b and r).
 */
export function firstInitials(parts: NameParts): string[] {
  if (!parts.given) return [];
  return [...new Set(fullForms(parts.given).map((n) => n[0]!))];
}

export interface NameMatch {
  /** 1 for the same first name, less for a short form or an initial, 0 when they differ. */
  score: number;
  reason: string;
}

const display = (word: string) => (word.length === 1 ? `${word.toUpperCase()}.` : word.charAt(0).toUpperCase() + word.slice(1));

/** How well two first names agree, given the surnames already do. */
export function compareFirstNames(a: string, b: string): NameMatch {
  if (!a || !b) return { score: 0, reason: 'no first name on one entry' };
  if (a === b) return a.length === 1 ? { score: 0.75, reason: `same initial ${display(a)}` } : { score: 1, reason: 'same first name' };
  if (a.length === 1 || b.length === 1) {
    const [initial, full] = a.length === 1 ? [a, b] : [b, a];
    return full.startsWith(initial) ? { score: 0.75, reason: `initial ${display(initial)} fits ${display(full)}` } : { score: 0, reason: 'different first initials' };
  }
  const formsA = fullForms(a);
  if (fullForms(b).some((form) => formsA.includes(form))) {
    const [short, full] = fullNamesOf[a] ? [a, b] : [b, a];
    return { score: 0.9, reason: `${display(short)} is a short form of ${display(full)}` };
  }
  return { score: 0, reason: 'different first names' };
}

/** How alike two whole names are, with the reasons in words; 0 when they cannot be one person. */
export function compareNames(a: NameParts, b: NameParts): { score: number; reasons: string[] } {
  if (!a.surname || a.surnameKey !== b.surnameKey) return { score: 0, reasons: [] };
  const first = compareFirstNames(a.given, b.given);
  if (first.score === 0) return { score: 0, reasons: [] };
  const reasons = first.score === 1 ? ['same first name and surname'] : [first.reason, 'same surname'];
  if (a.surnameFirst !== b.surnameFirst) reasons.push('one written surname first');
  if (a.title !== b.title) reasons.push(`title ${display(a.title || b.title)} on one entry only`);
  const middleA = a.middle.map((m) => m[0]).join('');
  const middleB = b.middle.map((m) => m[0]).join('');
  if (middleA !== middleB) {
    if (middleA && middleB) return { score: first.score * 0.5, reasons: [...reasons, 'different middle initials'] };
    reasons.push('middle name or initial on one entry only');
  }
  return { score: first.score, reasons };
}
