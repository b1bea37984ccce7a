import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleDeps } from '../../http/app.ts';
import { member } from '../../http/access.ts';
import { joinDateFields, submitForm, type FormErrors } from '../../http/forms.ts';
import { listPeriods } from '../evaluations/service.ts';
import { frameBreakdowns, freezeFrame, frameInput, getFrame, leftOutLabels, leftOutReasons, listFrames, type SamplingFrame } from './frames.ts';
import { sampleMembersCsv, sampleFileName } from './members-csv.ts';
import { drawFromFrame, getSampleMembers, getSampleReport, listSamples, sampleInput } from './samples.ts';

type Params = { evaluation: string };
type FrameParams = Params & { frame: string };
type SampleParams = Params & { sample: string };
type FormValues = Record<string, unknown>;

const formValues = (body: unknown): FormValues => ({ ...(body as FormValues) });

const purposeItems = [
  { value: 'pilot', text: 'Pilot', hint: { text: 'A small sample to try the survey out on' } },
  { value: 'main', text: 'Main survey' },
  { value: 'other', text: 'Something else' },
];
const stratifyItems = [
  { value: '', text: 'Do not stratify: a simple random sample from the whole frame' },
  { value: 'programme', text: 'Programme' },
  { value: 'region', text: 'Region' },
  { value: 'unit', text: 'Unit', hint: { text: 'The unit each person is listed in: a programme, team, regional centre and so on' } },
];
const allocationItems = [
  { value: 'proportional', text: 'Proportional', hint: { text: 'Each stratum gets its share of the sample size, by its share of the frame' } },
  { value: 'fixed', text: 'Fixed number from each stratum', hint: { text: 'The sample size is drawn from every stratum; a smaller stratum gives everyone it has' } },
];

const checked = <T extends { value: string }>(items: T[], value: unknown) => items.map((item) => ({ ...item, checked: item.value === (value ?? '') }));

/** The draw form names no method: stratifying by something makes the sample stratified. */
function drawBody(body: FormValues): FormValues {
  const stratifyBy = typeof body.stratifyBy === 'string' ? body.stratifyBy : '';
  return { ...body, method: stratifyBy ? 'stratified' : 'simple', stratifyBy, allocation: stratifyBy ? body.allocation : '' };
}

/** Sampling frames and samples: coders may read the reports, researchers freeze frames and draw samples. */
export async function registerSamplingPages(app: FastifyInstance, { database, clock }: ModuleDeps): Promise<void> {
  const db = database.db;
  const base = (request: FastifyRequest) => `/evaluations/${request.evaluation!.slug}/sampling`;

  app.get<{ Params: Params }>('/evaluations/:evaluation/sampling', { config: { access: member('coder') } }, async (request, reply) =>
    reply.view('sampling/views/sampling.njk', {
      title: 'Sampling',
      frames: await listFrames(db, request.evaluation!.id),
      samples: await listSamples(db, request.evaluation!.id),
    }),
  );

  const renderFrameForm = async (reply: FastifyReply, request: FastifyRequest, values: FormValues, errors?: FormErrors) => {
    const waves = await listPeriods(db, 'waves', request.evaluation!.id);
    const chosen = typeof values.waveId === 'string' ? values.waveId : '';
    return reply.code(errors ? 400 : 200).view('sampling/views/frame-form.njk', {
      title: 'Freeze a sampling frame',
      values,
      errors,
      waveItems: [{ value: '', text: 'None', selected: chosen === '' }, ...waves.map((w) => ({ value: w.id, text: w.name, selected: w.id === chosen }))],
      action: `${base(request)}/frames`,
    });
  };

  app.get<{ Params: Params }>('/evaluations/:evaluation/sampling/frames/new', { config: { access: member('researcher') } }, async (request, reply) =>
    renderFrameForm(reply, request, {}),
  );

  app.post<{ Params: Params }>('/evaluations/:evaluation/sampling/frames', { config: { access: member('researcher') } }, async (request, reply) => {
    const body = joinDateFields(formValues(request.body), ['asOf']);
    const result = await submitForm(frameInput, body, (data) => freezeFrame(db, request.user!.id, request.evaluation!.id, data, clock()));
    if (!result.ok) return renderFrameForm(reply, request, formValues(request.body), result.errors);
    return reply.redirect(`${base(request)}/frames/${result.value.id}`, 303);
  });

  app.get<{ Params: FrameParams }>('/evaluations/:evaluation/sampling/frames/:frame', { config: { access: member('coder') } }, async (request, reply) => {
    const frame = await getFrame(db, request.evaluation!.id, request.params.frame);
    return reply.view('sampling/views/frame.njk', {
      title: frame.name,
      frame,
      leftOut: leftOutReasons.map((reason) => ({ reason: leftOutLabels[reason], count: frame.leftOut[reason] })),
      breakdowns: await frameBreakdowns(db, frame),
      samples: await listSamples(db, request.evaluation!.id, frame.id),
    });
  });

  const renderDrawForm = async (reply: FastifyReply, request: FastifyRequest, frame: SamplingFrame, values: FormValues, errors?: FormErrors) => {
    const earlier = await listSamples(db, request.evaluation!.id);
    const excluded = new Set([values.exclude ?? []].flat().map(String));
    return reply.code(errors ? 400 : 200).view('sampling/views/sample-form.njk', {
      title: 'Draw a sample',
      frame,
      values,
      errors,
      purposeItems: checked(purposeItems, values.purpose ?? 'main'),
      stratifyItems: checked(stratifyItems, values.stratifyBy),
      allocationItems: checked(allocationItems, values.allocation ?? 'proportional'),
      excludeItems: earlier.map((s) => ({
        value: s.id,
        text: s.name,
        hint: { text: `${s.size} people, from ${s.frameName}` },
        checked: excluded.has(s.id),
      })),
      action: `${base(request)}/frames/${frame.id}/samples`,
    });
  };

  app.get<{ Params: FrameParams }>('/evaluations/:evaluation/sampling/frames/:frame/samples/new', { config: { access: member('researcher') } }, async (request, reply) => {
    const frame = await getFrame(db, request.evaluation!.id, request.params.frame);
    return renderDrawForm(reply, request, frame, {});
  });

  app.post<{ Params: FrameParams }>('/evaluations/:evaluation/sampling/frames/:frame/samples', { config: { access: member('researcher') } }, async (request, reply) => {
    const frame = await getFrame(db, request.evaluation!.id, request.params.frame);
    const values = formValues(request.body);
    const result = await submitForm(sampleInput, drawBody(values), (data) => drawFromFrame(db, request.user!.id, request.evaluation!.id, frame.id, data));
    if (!result.ok) return renderDrawForm(reply, request, frame, values, result.errors);
    return reply.redirect(`${base(request)}/samples/${result.value.id}`, 303);
  });

  app.get<{ Params: SampleParams }>('/evaluations/:evaluation/sampling/samples/:sample', { config: { access: member('coder') } }, async (request, reply) => {
    const report = await getSampleReport(db, request.evaluation!.id, request.params.sample);
    return reply.view('sampling/views/sample.njk', { title: report.name, report });
  });

  // Names and e-mail addresses: personal data, so researchers and leads only, as for the directory.
  app.get<{ Params: SampleParams }>('/evaluations/:evaluation/sampling/samples/:sample/members.csv', { config: { access: member('researcher') } }, async (request, reply) => {
    const report = await getSampleReport(db, request.evaluation!.id, request.params.sample);
    const members = await getSampleMembers(db, request.evaluation!.id, report.id);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${sampleFileName(report)}"`)
      .send(sampleMembersCsv(members));
  });
}
