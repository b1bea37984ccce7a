import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ModuleDeps } from '../../http/app.ts';
import { member } from '../../http/access.ts';
import { HttpError } from '../../http/errors.ts';
import { parseForm, type FormErrors } from '../../http/forms.ts';
import { describeInstrument } from './descriptions.ts';
import * as instruments from './service.ts';

type Params = { evaluation: string; instrument: string };
type Upload = 'wording' | 'scoring-key';

/** The textarea each upload form posts, so error links land on the right one. */
const textareaId: Record<Upload, string> = { wording: 'csv', 'scoring-key': 'key-csv' };

const uploadForm = (what: string) =>
  z.object({
    csv: z
      .string({ error: `Paste the CSV text of the ${what}` })
      .trim()
      .min(1, `Paste the CSV text of the ${what}`)
      .max(500_000, `The ${what} must be 500,000 characters or fewer`),
  });

/** Every problem in its own line of the summary, all linked to the one textarea (formErrors keeps one per field). */
function uploadErrors(upload: Upload, messages: string[]): FormErrors {
  const href = `#${textareaId[upload]}`;
  const inline = messages.length === 1 ? messages[0]! : `Fix the ${messages.length} problems listed at the top of the page`;
  return { list: messages.map((text) => ({ text, href })), byField: { [textareaId[upload]]: { text: inline } } };
}

export async function registerInstrumentPages(app: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const db = database.db;
  // Read and check every instrument file now, so a broken file stops the server at start.
  instruments.listInstruments();

  app.get<{ Params: { evaluation: string } }>('/evaluations/:evaluation/instruments', { config: { access: member('coder') } }, async (request, reply) =>
    reply.view('instruments/views/list.njk', { title: 'Instruments', statuses: await instruments.instrumentStatuses(db, request.evaluation!.id) }),
  );

  const renderInstrument = async (
    request: FastifyRequest<{ Params: Params; Querystring: Record<string, string | undefined> }>,
    reply: FastifyReply,
    failed?: { upload: Upload; errors: FormErrors; csv: string },
  ) => {
    const instrument = instruments.requireInstrument(request.params.instrument);
    const evaluationId = request.evaluation!.id;
    const wordings = await instruments.itemWordings(db, evaluationId, instrument.id);
    const key = await instruments.scoringKeyFor(db, evaluationId, instrument.id);
    const loaded = Number.parseInt(request.query.loaded ?? '', 10);
    return reply.code(failed ? 400 : 200).view('instruments/views/instrument.njk', {
      title: instrument.name,
      instrument,
      description: describeInstrument(instrument, wordings, key),
      needWording: wordings.filter((w) => w.text === null).length,
      needKey: (await instruments.missingScoringKey(db, evaluationId, instrument.id)).length,
      loaded: Number.isFinite(loaded) && (request.query.what === 'wording' || request.query.what === 'scoring-key') ? { what: request.query.what, items: loaded } : undefined,
      failed,
      errors: failed?.errors,
    });
  };

  app.get<{ Params: Params; Querystring: Record<string, string | undefined> }>(
    '/evaluations/:evaluation/instruments/:instrument',
    { config: { access: member('coder') } },
    (request, reply) => renderInstrument(request, reply),
  );

  for (const upload of ['wording', 'scoring-key'] as const) {
    const what = upload === 'wording' ? 'wording' : 'scoring key';
    const load = upload === 'wording' ? instruments.loadWording : instruments.loadScoringKey;
    app.post<{ Params: Params; Querystring: Record<string, string | undefined> }>(
      `/evaluations/:evaluation/instruments/:instrument/${upload}`,
      { config: { access: member('researcher') } },
      async (request, reply) => {
        const instrument = instruments.requireInstrument(request.params.instrument);
        const csv = String((request.body as Record<string, unknown> | undefined)?.csv ?? '');
        const form = parseForm(uploadForm(what), request.body);
        if (!form.ok) return renderInstrument(request, reply, { upload, csv, errors: uploadErrors(upload, form.errors.list.map((e) => e.text)) });
        try {
          const { items } = await load(db, request.user!.id, request.evaluation!.id, instrument.id, form.data.csv);
          return reply.redirect(`/evaluations/${request.evaluation!.slug}/instruments/${instrument.id}?what=${upload}&loaded=${items}`, 303);
        } catch (error) {
          if (!(error instanceof HttpError) || error.status !== 400) throw error;
          const messages = error.fields.length ? error.fields.map((f) => f.message) : [error.message];
          return renderInstrument(request, reply, { upload, csv, errors: uploadErrors(upload, messages) });
        }
      },
    );
  }
}
