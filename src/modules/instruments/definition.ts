import { z } from 'zod';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { crossCheck } from './checks.ts';
import { responseFormatSchema } from './response-formats.ts';

/**
 * The instrument file format (documented field by field in docs/instruments.md). Ids of items,
 * scales and derived scores become variable names in SPSS, R and CSV exports, hence the narrow
 * pattern; the instrument id appears in web addresses.
 */

const id = z
  .string({ error: 'must be an id' })
  .regex(/^[a-z][a-z0-9_]{0,31}$/, 'must be 1 to 32 lowercase letters, digits or underscores, starting with a letter');
const instrumentId = z
  .string({ error: 'must be an id' })
  .regex(/^[a-z][a-z0-9-]{1,39}$/, 'must be 2 to 40 lowercase letters, digits or hyphens, starting with a letter');
const text = (max: number) =>
  z.string({ error: 'must be text (put it in quotes if it contains ": " or looks like a number)' }).trim().min(1, 'must not be empty').max(max, `must be ${max} characters or fewer`);

const licenceSchema = z.strictObject({
  holder: text(300).optional(),
  terms: text(2000),
  url: z.url('must be a web address').optional(),
  /** `user-supplied`: the file carries no item text; each team loads wording from its licensed copy. */
  wording: z.enum(['included', 'user-supplied']),
  /** `user-supplied`: which items are reverse-keyed comes from the team's licensed scoring key. */
  scoringKey: z.enum(['included', 'user-supplied']).default('included'),
});

const itemSchema = z.strictObject({
  id,
  format: id,
  text: text(2000).optional(),
  /** A few words of our own saying what the item is about, to match licensed wording to the right id. */
  topic: text(120).optional(),
  reverse: z.boolean().optional(),
});

const memberSchema = z
  .union([id, z.strictObject({ item: id, weight: z.number().positive('must be more than 0').finite() })])
  .transform((m) => (typeof m === 'string' ? { item: m, weight: 1 } : m));

const scoringSchema = z.strictObject({
  method: z.enum(['mean', 'sum']),
  /** Fewer answered items (or scored subscales) than this and the score is missing; all of them when absent. */
  minAnswered: z.number().int().min(1).optional(),
  /** For sums: scale a sum over fewer than all items up to the full number, so scores stay comparable. */
  prorate: z.boolean().default(false),
});

const scaleSchema = z.strictObject({
  id,
  name: text(200),
  description: text(1000).optional(),
  items: z.array(memberSchema).min(1, 'must list at least one item').optional(),
  subscales: z.array(id).min(1, 'must list at least one scale').optional(),
  scoring: scoringSchema,
});

const level = z.enum(['high', 'low']);
const cutSchema = z.strictObject({ scale: id, cut: z.union([z.number().finite(), z.literal('median')]) });

const derivedSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('ratio'), id, name: text(200), description: text(1000).optional(), numerator: id, denominator: id, factor: z.number().finite().positive().default(1) }),
  z.strictObject({ kind: z.literal('difference'), id, name: text(200), description: text(1000).optional(), from: id, minus: id }),
  z.strictObject({
    kind: z.literal('quadrant'),
    id,
    name: text(200),
    description: text(1000).optional(),
    first: cutSchema,
    second: cutSchema,
    quadrants: z.array(z.strictObject({ when: z.tuple([level, level]), code: id, label: text(100) })).length(4, 'must list exactly four quadrants'),
  }),
]);

const normSchema = z.strictObject({
  scale: id,
  citation: text(1000),
  population: text(500),
  year: z.number().int().min(1900).max(2100).optional(),
  mean: z.number().finite(),
  sd: z.number().finite().positive('must be more than 0'),
  n: z.number().int().min(2, 'must be at least 2'),
});

export const instrumentFileSchema = z.strictObject({
  id: instrumentId,
  name: text(200),
  shortName: text(40).optional(),
  version: text(40),
  description: text(2000).optional(),
  citation: text(1000),
  references: z.array(text(1000)).default([]),
  licence: licenceSchema,
  notes: text(5000).optional(),
  responseFormats: z.record(id, responseFormatSchema),
  items: z.array(itemSchema).min(1, 'must list at least one item'),
  scales: z.array(scaleSchema).default([]),
  derived: z.array(derivedSchema).default([]),
  norms: z.array(normSchema).default([]),
});

type FileInstrument = z.output<typeof instrumentFileSchema>;
export type InstrumentItem = z.output<typeof itemSchema> & { reverse: boolean };
export type ScaleMember = z.output<typeof memberSchema>;
export type Scoring = z.output<typeof scoringSchema> & { minAnswered: number };
export type Scale = Omit<z.output<typeof scaleSchema>, 'scoring'> & { scoring: Scoring };
export type DerivedScore = z.output<typeof derivedSchema>;
export type Norm = z.output<typeof normSchema>;
export type Licence = z.output<typeof licenceSchema>;

/** A validated instrument: defaults filled in, every cross-reference checked. */
export type Instrument = Omit<FileInstrument, 'items' | 'scales'> & { items: InstrumentItem[]; scales: Scale[] };

/** Every problem found in one instrument file, each naming where it is. */
export class InstrumentDefinitionError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source}: ${problems.join('; ')}`);
  }
}

/** "items[2] (tc3).format" from a zod path, naming list entries by their id where they have one. */
function describePath(data: unknown, path: readonly PropertyKey[]): string {
  let out = '';
  let node: unknown = data;
  for (const key of path) {
    if (typeof key === 'number') {
      out += `[${key}]`;
      node = Array.isArray(node) ? node[key] : undefined;
      const nodeId = node && typeof node === 'object' ? (node as { id?: unknown }).id : undefined;
      if (typeof nodeId === 'string') out += ` (${nodeId})`;
    } else {
      out += (out ? '.' : '') + String(key);
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[String(key)] : undefined;
    }
  }
  return out || 'the file';
}

function withDefaults(file: FileInstrument): Instrument {
  return {
    ...file,
    items: file.items.map((item) => ({ ...item, reverse: item.reverse ?? false })),
    scales: file.scales.map((scale) => ({
      ...scale,
      scoring: { ...scale.scoring, minAnswered: scale.scoring.minAnswered ?? (scale.items ?? scale.subscales ?? []).length },
    })),
  };
}

/** Validates parsed file content: the shape first, then the cross-references between its parts. */
export function parseInstrument(data: unknown, source: string): Instrument {
  const shape = instrumentFileSchema.safeParse(data);
  if (!shape.success) {
    throw new InstrumentDefinitionError(source, shape.error.issues.map((issue) => `${describePath(data, issue.path)}: ${issue.message}`));
  }
  const problems = crossCheck(shape.data);
  if (problems.length) throw new InstrumentDefinitionError(source, problems);
  return withDefaults(shape.data);
}

/** Reads an instrument file written in YAML (JSON is YAML too). */
export function parseInstrumentText(content: string, source: string): Instrument {
  let data: unknown;
  try {
    data = parseYaml(content, { uniqueKeys: true, prettyErrors: true });
  } catch (error) {
    if (error instanceof YAMLParseError) throw new InstrumentDefinitionError(source, [`not valid YAML: ${error.message.split('\n')[0]}`]);
    throw error;
  }
  return parseInstrument(data, source);
}

export type { FileInstrument };
