import { z } from 'zod';
import type { Db } from '../../../db/database.ts';
import { badRequest, notFound } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { listUnits } from '../../organisation/service.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { requiredText, uuid } from '../../shared-schemas.ts';
import { everyDirectoryPerson } from '../interviews/directory-people.ts';
import { toCodePoints } from '../text-positions.ts';
import { buildMatcher, replacementSpans, type NamePattern } from './matcher.ts';
import * as store from './store.ts';

/**
 * Pseudonymisation: the evaluation's list of names that must not leave the team (people,
 * programmes, places…), each with its other spellings and what replaces it. `pseudonymise` is
 * applied to quotes and to everything exported; `prereleaseCheck` lists what is still there.
 */

export const termKinds = ['person', 'programme', 'place', 'organisation', 'other'] as const;
export type TermKind = (typeof termKinds)[number];

export const kindLabels: Record<TermKind, string> = { person: 'Person', programme: 'Programme', place: 'Place', organisation: 'Organisation', other: 'Other' };
export const defaultReplacements: Record<TermKind, string> = {
  person: '[name]',
  programme: '[name of programme]',
  place: '[name of place]',
  organisation: '[name of organisation]',
  other: '[removed]',
};

export interface PseudonymTerm {
  id: string;
  kind: TermKind;
  term: string;
  variants: string[];
  replacement: string;
  seededFrom: '' | 'unit' | 'directory';
}

/** Variants come as a list (API) or one per line (form); blanks and repeats are dropped. */
const variantList = z
  .union([z.array(z.string()), z.string().transform((text) => text.split(/\r?\n/))])
  .default([])
  .transform((list) => [...new Set(list.map((v) => v.trim()).filter(Boolean))])
  .refine((list) => list.length <= 50, 'Give 50 variants or fewer')
  .refine((list) => list.every((v) => v.length <= 200), 'Variants must be 200 characters or fewer');

export const termInput = z.object({
  kind: z.enum(termKinds, { error: 'Choose what kind of name this is' }),
  term: requiredText('The name to replace', 200),
  variants: variantList,
  /** Blank means the usual replacement for the kind, like "[name of programme]". */
  replacement: z.string().trim().max(200, 'The replacement must be 200 characters or fewer').default(''),
});
export type TermInput = z.input<typeof termInput>;

type TermRow = Awaited<ReturnType<typeof store.listTerms>>[number];

const toTerm = (row: TermRow): PseudonymTerm => ({
  id: row.id,
  kind: row.kind as TermKind,
  term: row.term,
  variants: row.variants,
  replacement: row.replacement,
  seededFrom: row.seeded_from as PseudonymTerm['seededFrom'],
});

export async function listTerms(db: Db, evaluationId: string): Promise<PseudonymTerm[]> {
  return (await store.listTerms(db, evaluationId)).map(toTerm);
}

export async function getTerm(db: Db, evaluationId: string, termId: string): Promise<PseudonymTerm> {
  const row = uuid.safeParse(termId).success ? await store.findTerm(db, evaluationId, termId) : undefined;
  if (!row) throw notFound('Term');
  return toTerm(row);
}

// People's names are personal data: the audit log records that one changed, not which.
const auditDetail = (kind: TermKind, term: string) => (kind === 'person' ? { kind } : { kind, term });

async function checkFree(db: Db, evaluationId: string, term: string, exceptId: string | null): Promise<void> {
  if (await store.termTaken(db, evaluationId, term, exceptId)) {
    throw badRequest(`"${term}" is already on the list`, [{ field: 'term', message: `"${term}" is already on the list: edit that entry instead` }]);
  }
}

export async function addTerm(db: Db, actorId: string | null, evaluationId: string, input: TermInput): Promise<PseudonymTerm> {
  const data = termInput.parse(input);
  return inTransaction(db, async (trx) => {
    await checkFree(trx, evaluationId, data.term, null);
    const row = await store.insertTerm(trx, { evaluation_id: evaluationId, kind: data.kind, term: data.term, variants: data.variants, replacement: data.replacement || defaultReplacements[data.kind] });
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'pseudonym-term', entityId: row.id, detail: auditDetail(data.kind, data.term) });
    return toTerm(row);
  });
}

export async function updateTerm(db: Db, actorId: string | null, evaluationId: string, termId: string, input: TermInput): Promise<PseudonymTerm> {
  const data = termInput.parse(input);
  return inTransaction(db, async (trx) => {
    await getTerm(trx, evaluationId, termId);
    await checkFree(trx, evaluationId, data.term, termId);
    const row = await store.updateTerm(trx, evaluationId, termId, {
      kind: data.kind,
      term: data.term,
      variants: data.variants,
      replacement: data.replacement || defaultReplacements[data.kind],
      updated_at: new Date(),
    });
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'pseudonym-term', entityId: termId, detail: auditDetail(data.kind, data.term) });
    return toTerm(row);
  });
}

export async function deleteTerm(db: Db, actorId: string | null, evaluationId: string, termId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const term = await getTerm(trx, evaluationId, termId);
    await store.deleteTerm(trx, evaluationId, termId);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'delete', entity: 'pseudonym-term', entityId: termId, detail: auditDetail(term.kind, term.term) });
  });
}

export interface SeedOutcome {
  fromUnits: number;
  fromDirectory: number;
}

/**
 * Adds the programmes (names, with short names as variants), regions and everyone in the staff
 * directory as terms, skipping names already listed. Seeding again adds only what is new.
 */
export async function seedTerms(db: Db, actorId: string | null, evaluationId: string): Promise<SeedOutcome> {
  return inTransaction(db, async (trx) => {
    const units = (await listUnits(trx, evaluationId)).filter((u) => u.kind === 'programme' || u.kind === 'region');
    const fromUnits = await store.insertNewTerms(
      trx,
      units.map((u) => {
        const kind: TermKind = u.kind === 'programme' ? 'programme' : 'place';
        const variants = u.shortName && u.shortName.toLowerCase() !== u.name.toLowerCase() ? [u.shortName] : [];
        return { evaluation_id: evaluationId, kind, term: u.name, variants, replacement: defaultReplacements[kind], seeded_from: 'unit' };
      }),
    );
    const people = await everyDirectoryPerson(trx, evaluationId);
    const fromDirectory = await store.insertNewTerms(
      trx,
      people.filter((p) => p.name.trim()).map((p) => ({ evaluation_id: evaluationId, kind: 'person', term: p.name.trim(), variants: [], replacement: defaultReplacements.person, seeded_from: 'directory' })),
    );
    const outcome = { fromUnits: fromUnits.length, fromDirectory: fromDirectory.length };
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'seed', entity: 'pseudonym-term', detail: outcome });
    return outcome;
  });
}

function termPatterns(terms: PseudonymTerm[]): NamePattern[] {
  return terms.flatMap((t) => [t.term, ...t.variants].map((text) => ({ text, replacement: t.replacement, source: { kind: t.kind, term: t.term, termId: t.id } })));
}

/** A function that pseudonymises many texts with one reading of the terms. */
export async function pseudonymiser(db: Db, evaluationId: string): Promise<(text: string) => string> {
  const matcher = buildMatcher(termPatterns(await listTerms(db, evaluationId)));
  return (text) => matcher.replace(text);
}

/** Replaces every listed term and variant (whole words, any case, the longest first). */
export async function pseudonymise(db: Db, evaluationId: string, text: string): Promise<string> {
  return (await pseudonymiser(db, evaluationId))(text);
}

export interface PrereleaseFinding {
  /** 'term' for a listed term or variant, 'directory' for a name in the staff directory. */
  source: 'term' | 'directory';
  kind: string;
  /** The listed term (or directory name) the words stand for. */
  term: string;
  /** The words as they appear in the text. */
  found: string;
  /** Where they start in the text, in code points. */
  at: number;
}

export interface PrereleaseResult {
  id: string;
  clear: boolean;
  findings: PrereleaseFinding[];
}

/**
 * For each text, every listed term and every staff directory name still in it (whole words, any
 * case), except inside the replacement texts the pseudonymisation inserts. Run it on the
 * pseudonymised text that is about to leave the team: anything found means it is not ready.
 */
export async function prereleaseCheck(db: Db, evaluationId: string, texts: { id: string; text: string }[]): Promise<PrereleaseResult[]> {
  const terms = termPatterns(await listTerms(db, evaluationId));
  const directory: NamePattern[] = (await everyDirectoryPerson(db, evaluationId)).map((p) => ({ text: p.name, replacement: defaultReplacements.person, source: { kind: 'directory', term: p.name, termId: null } }));
  // Listed terms come first, so a name that is both is reported as the listed term.
  const matcher = buildMatcher([...terms, ...directory]);
  // A name inside a replacement the pseudonymisation put there ("Programme" in "[name of
  // programme]", a directory name in a custom replacement) is not a leak.
  const replacements = [...terms.map((t) => t.replacement), ...Object.values(defaultReplacements)];
  return texts.map(({ id, text }) => {
    const spans = replacementSpans(replacements, text);
    const inserted = (m: { index: number; found: string }) => spans.some(([start, end]) => start <= m.index && m.index + m.found.length <= end);
    const findings = matcher.find(text).filter((m) => !inserted(m)).map((m) => ({
      source: m.pattern.source.termId ? ('term' as const) : ('directory' as const),
      kind: m.pattern.source.kind === 'directory' ? 'person' : m.pattern.source.kind,
      term: m.pattern.source.term,
      found: m.found,
      at: toCodePoints(text, m.index),
    }));
    return { id, clear: findings.length === 0, findings };
  });
}
