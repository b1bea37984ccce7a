import type { Db } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import { HttpError, notFound } from '../../http/errors.ts';
import { recordAudit } from '../accounts/audit.ts';
import { getInstrument, listInstruments } from './catalogue.ts';
import type { Instrument } from './definition.ts';
import { isOrdinal } from './response-formats.ts';
import { parseScoringKeyCsv } from './scoring-key-file.ts';
import { parseWordingCsv } from './wording-file.ts';
import * as store from './store.ts';

export { getInstrument, listInstruments } from './catalogue.ts';

/** Where an item's text comes from: the instrument file (our own instruments) or the team's upload. */
export interface ItemWording {
  itemId: string;
  text: string | null;
  source: 'included' | 'uploaded' | null;
  uploadedAt: Date | null;
  uploadedBy: string | null;
}

export interface InstrumentStatus {
  instrument: Instrument;
  itemsNeedingWording: number;
  itemsNeedingKey: number;
}

// A file with hundreds of bad rows is usually the wrong file: list enough to see the pattern.
const problemsShown = 20;

export function requireInstrument(id: string): Instrument {
  const instrument = getInstrument(id);
  if (!instrument) throw notFound('Instrument');
  return instrument;
}

function rejectFile(what: string, problems: string[]): HttpError {
  const shown = problems.slice(0, problemsShown);
  if (problems.length > shown.length) shown.push(`…and ${problems.length - shown.length} more problems`);
  const count = problems.length === 1 ? 'a problem' : `${problems.length} problems`;
  return new HttpError(400, 'invalid_file', `The ${what} was not loaded because it has ${count}: ${shown.join('; ')}`, shown.map((message) => ({ field: 'csv', message })));
}

/** Items whose keying a licensed scoring key must supply: the ordinal items that some scale scores. */
function keyedItemIds(instrument: Instrument): string[] {
  const scored = new Set(instrument.scales.flatMap((s) => (s.items ?? []).map((m) => m.item)));
  return instrument.items.filter((i) => scored.has(i.id) && isOrdinal(instrument.responseFormats[i.format]!)).map((i) => i.id);
}

/**
 * Stores licensed wording for one instrument in an evaluation from CSV text (item id, text): every
 * row or none. Rows replace earlier wording of the same items; other items keep theirs.
 */
export async function loadWording(db: Db, actorId: string, evaluationId: string, instrumentId: string, csvText: string): Promise<{ items: number }> {
  const instrument = requireInstrument(instrumentId);
  const file = parseWordingCsv(instrument, csvText);
  if (!file.ok) throw rejectFile('wording file', file.problems);
  await inTransaction(db, async (trx) => {
    await store.upsertWordings(trx, [...file.wording].map(([itemId, text]) => ({ evaluationId, instrumentId, itemId, text, uploadedBy: actorId })));
    // The audit says how much was loaded, never the licensed text itself.
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'upload-wording', entity: 'instrument', entityId: instrumentId, detail: { items: file.wording.size } });
  });
  return { items: file.wording.size };
}

/** Each item's text and where it came from, in the instrument's order. */
export async function itemWordings(db: Db, evaluationId: string, instrumentId: string): Promise<ItemWording[]> {
  const instrument = requireInstrument(instrumentId);
  if (instrument.licence.wording === 'included') {
    return instrument.items.map((i) => ({ itemId: i.id, text: i.text ?? null, source: i.text ? 'included' : null, uploadedAt: null, uploadedBy: null }));
  }
  const rows = new Map((await store.listWordings(db, evaluationId, instrumentId)).map((r) => [r.item_id, r]));
  return instrument.items.map((i) => {
    const row = rows.get(i.id);
    return { itemId: i.id, text: row?.text ?? null, source: row ? 'uploaded' : null, uploadedAt: row?.uploaded_at ?? null, uploadedBy: row?.uploaded_by_name ?? null };
  });
}

/** Item id → text for an evaluation: the shipped wording of our own instruments, the team's otherwise. */
export async function wordingFor(db: Db, evaluationId: string, instrumentId: string): Promise<Map<string, string>> {
  const items = await itemWordings(db, evaluationId, instrumentId);
  return new Map(items.filter((i) => i.text !== null).map((i) => [i.itemId, i.text!]));
}

/** Ids of the items that still have no wording; a survey using the instrument cannot open until it is empty. */
export async function missingWording(db: Db, evaluationId: string, instrumentId: string): Promise<string[]> {
  return (await itemWordings(db, evaluationId, instrumentId)).filter((i) => i.text === null).map((i) => i.itemId);
}

/** Stores a licensed scoring key (CSV: item id, keyed answer): every row or none. */
export async function loadScoringKey(db: Db, actorId: string, evaluationId: string, instrumentId: string, csvText: string): Promise<{ items: number }> {
  const instrument = requireInstrument(instrumentId);
  const file = parseScoringKeyCsv(instrument, csvText);
  if (!file.ok) throw rejectFile('scoring key', file.problems);
  await inTransaction(db, async (trx) => {
    await store.upsertScoringKeys(trx, [...file.reverse].map(([itemId, reverse]) => ({ evaluationId, instrumentId, itemId, reverse, uploadedBy: actorId })));
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'upload-scoring-key', entity: 'instrument', entityId: instrumentId, detail: { items: file.reverse.size } });
  });
  return { items: file.reverse.size };
}

/** Item id → reverse-keyed?, from the file when it ships its key, else from the team's upload. */
export async function scoringKeyFor(db: Db, evaluationId: string, instrumentId: string): Promise<Map<string, boolean>> {
  const instrument = requireInstrument(instrumentId);
  const keyed = keyedItemIds(instrument);
  if (instrument.licence.scoringKey === 'included') {
    const reverse = new Map(instrument.items.map((i) => [i.id, i.reverse]));
    return new Map(keyed.map((id) => [id, reverse.get(id) ?? false]));
  }
  const rows = await store.listScoringKeys(db, evaluationId, instrumentId);
  const wanted = new Set(keyed);
  return new Map(rows.filter((r) => wanted.has(r.item_id)).map((r) => [r.item_id, r.reverse]));
}

/** Scored items whose keying is still unknown; scores cannot be computed until it is empty. */
export async function missingScoringKey(db: Db, evaluationId: string, instrumentId: string): Promise<string[]> {
  const key = await scoringKeyFor(db, evaluationId, instrumentId);
  return keyedItemIds(requireInstrument(instrumentId)).filter((id) => !key.has(id));
}

/** The instrument with each item's reverse flag taken from a scoring key, for scoring. Pure. */
export function withScoringKey(instrument: Instrument, key: ReadonlyMap<string, boolean>): Instrument {
  return { ...instrument, items: instrument.items.map((item) => ({ ...item, reverse: key.get(item.id) ?? item.reverse })) };
}

/** Every instrument with how many of its items still need wording or a scoring key in an evaluation. */
export async function instrumentStatuses(db: Db, evaluationId: string): Promise<InstrumentStatus[]> {
  const worded = await store.listWordedItems(db, evaluationId);
  const keyed = await store.listKeyedItems(db, evaluationId);
  const has = (rows: { instrument_id: string; item_id: string }[]) => new Set(rows.map((r) => `${r.instrument_id}\u0000${r.item_id}`));
  const wordedSet = has(worded);
  const keyedSet = has(keyed);
  return listInstruments().map((instrument) => ({
    instrument,
    itemsNeedingWording:
      instrument.licence.wording === 'included' ? 0 : instrument.items.filter((i) => !wordedSet.has(`${instrument.id}\u0000${i.id}`)).length,
    itemsNeedingKey:
      instrument.licence.scoringKey === 'included' ? 0 : keyedItemIds(instrument).filter((id) => !keyedSet.has(`${instrument.id}\u0000${id}`)).length,
  }));
}
