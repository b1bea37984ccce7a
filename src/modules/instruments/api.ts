import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../http/app.ts';
import { member, signedIn } from '../../http/access.ts';
import type { Instrument } from './definition.ts';
import * as instruments from './service.ts';

const tags = ['Instruments'];
const instrumentParams = z.object({ instrument: z.string().describe('The instrument id, e.g. change-climate') });
const evaluationParams = instrumentParams.extend({ evaluation: z.string().describe('The evaluation id or short name (slug)') });

const summaryOut = z.object({
  id: z.string(),
  name: z.string(),
  shortName: z.string().nullable(),
  version: z.string(),
  citation: z.string(),
  wording: z.enum(['included', 'user-supplied']),
  scoringKey: z.enum(['included', 'user-supplied']),
  items: z.number().int(),
  scales: z.number().int(),
});

// The definition as validated, field by field as docs/instruments.md describes it.
const definitionOut = z
  .object({
    id: z.string(),
    name: z.string(),
    version: z.string(),
    citation: z.string(),
    licence: z.record(z.string(), z.unknown()),
    responseFormats: z.record(z.string(), z.record(z.string(), z.unknown())),
    items: z.array(z.record(z.string(), z.unknown())),
    scales: z.array(z.record(z.string(), z.unknown())),
    derived: z.array(z.record(z.string(), z.unknown())),
    norms: z.array(z.record(z.string(), z.unknown())),
  })
  .catchall(z.unknown());

const wordingOut = z.object({
  instrument: z.string(),
  complete: z.boolean(),
  missing: z.array(z.string()).describe('Ids of the items that still need wording'),
  items: z.array(
    z.object({
      itemId: z.string(),
      text: z.string().nullable(),
      source: z.enum(['included', 'uploaded']).nullable(),
      uploadedAt: z.string().nullable(),
      uploadedBy: z.string().nullable(),
    }),
  ),
});

const scoringKeyOut = z.object({
  instrument: z.string(),
  complete: z.boolean(),
  missing: z.array(z.string()).describe('Ids of scored items whose keying is still unknown'),
  items: z.array(z.object({ itemId: z.string(), reverse: z.boolean() })),
});

const csvBody = z
  .union([z.string(), z.object({ csv: z.string().describe('CSV text: item id, text; header optional; comma or semicolon') })])
  .describe('The CSV as a JSON object { "csv": "…" }, or as a text/csv or text/plain body');

function summary(instrument: Instrument): z.infer<typeof summaryOut> {
  return {
    id: instrument.id,
    name: instrument.name,
    shortName: instrument.shortName ?? null,
    version: instrument.version,
    citation: instrument.citation,
    wording: instrument.licence.wording,
    scoringKey: instrument.licence.scoringKey,
    items: instrument.items.length,
    scales: instrument.scales.length,
  };
}

export async function registerInstrumentApi(root: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const db = database.db;
  // Its own scope, so accepting text/csv bodies here changes no other module's routes.
  await root.register(async (scope) => {
    scope.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    const app = scope.withTypeProvider<ZodTypeProvider>();

    app.get('/api/v1/instruments', {
      config: { access: signedIn },
      schema: { tags, summary: 'List the instruments Formative ships', response: { 200: z.object({ instruments: z.array(summaryOut) }) } },
    }, async () => ({ instruments: instruments.listInstruments().map(summary) }));

    app.get('/api/v1/instruments/:instrument', {
      config: { access: signedIn },
      schema: { tags, summary: 'One instrument definition: formats, items, scales, scoring, derived scores, norms', params: instrumentParams, response: { 200: definitionOut } },
    }, async (request) => instruments.requireInstrument(request.params.instrument));

    app.get('/api/v1/evaluations/:evaluation/instruments/:instrument/wording', {
      config: { access: member('coder') },
      schema: { tags, summary: "The item wording this evaluation uses, and which items still need it", params: evaluationParams, response: { 200: wordingOut } },
    }, async (request) => {
      const instrument = instruments.requireInstrument(request.params.instrument);
      const items = await instruments.itemWordings(db, request.evaluation!.id, instrument.id);
      const missing = items.filter((i) => i.text === null).map((i) => i.itemId);
      return {
        instrument: instrument.id,
        complete: missing.length === 0,
        missing,
        items: items.map((i) => ({ ...i, uploadedAt: i.uploadedAt?.toISOString() ?? null })),
      };
    });

    app.get('/api/v1/evaluations/:evaluation/instruments/:instrument/scoring-key', {
      config: { access: member('coder') },
      schema: { tags, summary: 'Which scored items are reverse-keyed in this evaluation, and which still need keying', params: evaluationParams, response: { 200: scoringKeyOut } },
    }, async (request) => {
      const instrument = instruments.requireInstrument(request.params.instrument);
      const key = await instruments.scoringKeyFor(db, request.evaluation!.id, instrument.id);
      const missing = await instruments.missingScoringKey(db, request.evaluation!.id, instrument.id);
      return { instrument: instrument.id, complete: missing.length === 0, missing, items: [...key].map(([itemId, reverse]) => ({ itemId, reverse })) };
    });

    for (const upload of ['wording', 'scoring-key'] as const) {
      const load = upload === 'wording' ? instruments.loadWording : instruments.loadScoringKey;
      app.put(`/api/v1/evaluations/:evaluation/instruments/:instrument/${upload}`, {
        config: { access: member('researcher') },
        schema: {
          tags,
          summary: upload === 'wording'
            ? 'Load licensed item wording from CSV (item id, text); all rows or none'
            : 'Load a licensed scoring key from CSV (item id, keyed answer); all rows or none',
          params: evaluationParams,
          body: csvBody,
          response: { 200: z.object({ instrument: z.string(), loaded: z.number().int() }) },
        },
      }, async (request) => {
        const csv = typeof request.body === 'string' ? request.body : request.body.csv;
        const { items } = await load(db, request.user!.id, request.evaluation!.id, request.params.instrument, csv);
        return { instrument: request.params.instrument, loaded: items };
      });
    }
  });
}
