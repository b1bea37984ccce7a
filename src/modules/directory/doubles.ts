import { compareNames, firstInitials, fullForms, nameParts, type NameParts } from './names.ts';

/**
 * Finding double entries without comparing every pair: entries are put in blocks that share a
 * normalised e-mail, or a surname and first initial, and only entries in one block are scored.
 * A 100,000-entry directory makes blocks of a few entries each, so the work grows with the
 * directory, not with its square.
 */

/** What the checks need of a directory entry. */
export interface EntryForChecks {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  unitId: string | null;
  unitName: string | null;
  jobTitle: string;
  leftOn: string | null;
  lastVerifiedOn: string | null;
  emailBouncedAt: Date | null;
}

export interface DoubleEntry {
  /** The two entries, the smaller id first, so a pair is always named the same way. */
  personId: string;
  otherPersonId: string;
  /** 0 to 1: how likely the two are one person. */
  score: number;
  reasons: string[];
}

/** Pairs scoring at least this are raised for review. */
export const doubleThreshold = 0.4;
/** A name block larger than this (a very common name) is split by unit before pairing. */
const largestBlock = 200;
/** Entries sharing one address beyond this many (a team mailbox) are paired with the first only. */
const largestMailbox = 25;

export const normalisedEmail = (email: string | null) => (email ? email.trim().toLowerCase() : '');
const digits = (phone: string | null) => (phone ?? '').replace(/\D/g, '');
const sameText = (a: string, b: string) => a.trim() !== '' && a.trim().toLowerCase() === b.trim().toLowerCase();

interface Prepared {
  entry: EntryForChecks;
  parts: NameParts;
  email: string;
  /** The first name and the full names it may stand for. */
  forms: string[];
}

/** A cheap first test that two first names could be one person's, before any scoring. */
function firstNamesMayMatch(a: Prepared, b: Prepared): boolean {
  const [x, y] = [a.parts.given, b.parts.given];
  if (x === y) return x !== '';
  if (x.length === 1 || y.length === 1) return x[0] === y[0];
  return a.forms.some((form) => b.forms.includes(form));
}

/** Scores one pair: the name's agreement first, then what else the two entries share or not. */
export function scorePair(a: Prepared, b: Prepared): { score: number; reasons: string[] } {
  const name = compareNames(a.parts, b.parts);
  const sameEmail = a.email !== '' && a.email === b.email;
  if (name.score === 0 && !sameEmail) return { score: 0, reasons: [] };
  const [phoneA, phoneB] = [digits(a.entry.phone), digits(b.entry.phone)];
  const samePhone = phoneA.length >= 6 && phoneA === phoneB;
  const sameEmailName = !sameEmail && a.email !== '' && b.email !== '' && a.email.split('@')[0] === b.email.split('@')[0];
  // In a directory of hundreds, two people in different units often share a surname and an
  // initial, and a job title too. Across units a similar name alone is not evidence: the pair is
  // raised only when a contact detail (an e-mail address or its name part, or a phone number)
  // says they are one person. Within a unit, or when a unit is missing, the name is scored.
  const [unitA, unitB] = [a.entry.unitId, b.entry.unitId];
  if (unitA && unitB && unitA !== unitB && !sameEmail && !sameEmailName && !samePhone) return { score: 0, reasons: [] };
  const reasons = [...(sameEmail ? ['same e-mail address'] : []), ...name.reasons];
  let score = 0.6 * name.score;
  if (unitA && unitB) {
    if (unitA === unitB) {
      score += 0.2;
      reasons.push('same unit');
    } else {
      score -= 0.1;
      reasons.push(`different units (${a.entry.unitName ?? 'one'} and ${b.entry.unitName ?? 'another'})`);
    }
  } else if (unitA || unitB) reasons.push('no unit on one entry');
  if (samePhone) {
    score += 0.15;
    reasons.push('same phone number');
  }
  if (sameEmail) score = Math.max(score + 0.4, 0.9);
  else if (sameEmailName) {
    score += 0.2;
    reasons.push('same e-mail name at another domain');
  }
  if (sameText(a.entry.jobTitle, b.entry.jobTitle)) {
    score += 0.1;
    reasons.push('same job title');
  }
  return { score: Math.round(Math.min(1, Math.max(0, score)) * 100) / 100, reasons };
}

function addToBlock(blocks: Map<string, Prepared[]>, key: string, entry: Prepared): void {
  const block = blocks.get(key);
  if (block) block.push(entry);
  else blocks.set(key, [entry]);
}

/** Splits a very common name's block by unit, so no block is paired whole when it is huge. */
function nameBlocks(prepared: Prepared[]): Prepared[][] {
  const blocks = new Map<string, Prepared[]>();
  for (const p of prepared) {
    for (const initial of firstInitials(p.parts)) addToBlock(blocks, `${p.parts.surnameKey}|${initial}`, p);
  }
  const result: Prepared[][] = [];
  for (const block of blocks.values()) {
    if (block.length < 2) continue;
    if (block.length <= largestBlock) {
      result.push(block);
      continue;
    }
    const byUnit = new Map<string, Prepared[]>();
    for (const p of block) addToBlock(byUnit, p.entry.unitId ?? '', p);
    const withoutUnit = byUnit.get('') ?? [];
    for (const [unit, members] of byUnit) {
      // Entries without a unit may belong to any unit's group.
      if (unit) result.push([...members, ...withoutUnit].slice(0, largestBlock));
    }
  }
  return result;
}

function emailBlocks(prepared: Prepared[]): Prepared[][] {
  const blocks = new Map<string, Prepared[]>();
  for (const p of prepared) if (p.email) addToBlock(blocks, p.email, p);
  return [...blocks.values()].filter((b) => b.length > 1);
}

/** Every pair of entries that may be one person, best first. */
export function findDoubleEntries(entries: EntryForChecks[]): DoubleEntry[] {
  const prepared: Prepared[] = entries.map((entry) => {
    const parts = nameParts(entry.name);
    return { entry, parts, email: normalisedEmail(entry.email), forms: fullForms(parts.given) };
  });
  const found = new Map<string, DoubleEntry>();
  const consider = (a: Prepared, b: Prepared) => {
    if (a === b || ((!a.email || a.email !== b.email) && !firstNamesMayMatch(a, b))) return;
    const [first, second] = a.entry.id < b.entry.id ? [a, b] : [b, a];
    const key = `${first.entry.id}|${second.entry.id}`;
    if (found.has(key)) return;
    const { score, reasons } = scorePair(first, second);
    if (score >= doubleThreshold) found.set(key, { personId: first.entry.id, otherPersonId: second.entry.id, score, reasons });
  };
  for (const block of emailBlocks(prepared)) {
    const limit = block.length > largestMailbox ? 1 : block.length;
    for (let i = 0; i < limit; i++) for (let j = i + 1; j < block.length; j++) consider(block[i]!, block[j]!);
  }
  for (const block of nameBlocks(prepared)) {
    for (let i = 0; i < block.length; i++) for (let j = i + 1; j < block.length; j++) consider(block[i]!, block[j]!);
  }
  return [...found.values()].sort((a, b) => b.score - a.score || a.personId.localeCompare(b.personId));
}
