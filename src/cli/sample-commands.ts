import type { Db } from '../db/database.ts';
import { HttpError } from '../http/errors.ts';
import { listPeriods } from '../modules/evaluations/service.ts';
import { frameEvaluationId, freezeFrame, leftOutLabels, leftOutReasons, type SamplingFrame } from '../modules/sampling/frames.ts';
import { drawFromFrame, type SampleReport } from '../modules/sampling/samples.ts';
import { openMigratedDatabase } from '../db/open.ts';
import type { Command } from './command.ts';
import { evaluationFromOption, evaluationOption } from './evaluation-option.ts';
import { CliError } from './output.ts';

const frameUsage = 'formative sample frame --evaluation ID --name NAME [--wave ID|NAME] [--as-of YYYY-MM-DD] [--require-email] [--json]';
const drawUsage =
  'formative sample draw --frame ID --size N --seed N [--stratify programme|region|unit] [--allocation proportional|fixed] [--exclude SAMPLE_ID ...] [--purpose pilot|main|other] [--name NAME] [--json]';

const text = (value: string | boolean | undefined) => (typeof value === 'string' ? value : undefined);

/** A service's refusal (bad input, not found) as the one line the command line prints. */
async function asCliError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof HttpError && error.status < 500) throw new CliError(error.message);
    throw error;
  }
}

/** A wave named by id or by name, like "Year 1". */
async function waveId(db: Db, evaluationId: string, ref: string): Promise<string> {
  const waves = await listPeriods(db, 'waves', evaluationId);
  const wave = waves.find((w) => w.id === ref) ?? waves.find((w) => w.name.toLowerCase() === ref.trim().toLowerCase());
  if (!wave) throw new CliError(`No wave with id or name "${ref}" in this evaluation${waves.length ? `; its waves are ${waves.map((w) => w.name).join(', ')}` : ''}`);
  return wave.id;
}

export function describeFrame(frame: SamplingFrame): string {
  const leftOut = leftOutReasons.map((r) => `  ${leftOutLabels[r]}: ${frame.leftOut[r]}`);
  return [
    `Froze "${frame.name}" (id ${frame.id}): ${frame.size} of the directory's ${frame.directorySize} entries are eligible on ${frame.asOf}${frame.waveName ? `, for ${frame.waveName}` : ''}.`,
    'Left out:',
    ...leftOut,
  ].join('\n');
}

const pad = (value: string | number, width: number) => String(value).padStart(width);

export function describeSample(report: SampleReport): string {
  const method = report.method === 'simple' ? 'simple random' : `stratified by ${report.stratifyBy}, ${report.allocation === 'fixed' ? `${report.requestedSize} from each stratum` : 'proportional allocation (largest remainder)'}`;
  const width = Math.max(7, ...report.strata.map((s) => s.stratum.length));
  const lines = [
    `Drew "${report.name}" (id ${report.id}) from "${report.frameName}": ${method}, seed ${report.seed}.`,
    `Frame size ${report.frameSize}; in earlier samples ${report.excludedCount}; available ${report.available}; sample size ${report.size}.`,
    `${'Stratum'.padEnd(width)}  In frame  Left out  Available  Allocated  Drawn  Fraction`,
  ];
  for (const s of report.strata) {
    const fraction = s.fraction === null ? '-' : `${(s.fraction * 100).toFixed(1)}%`;
    lines.push(`${s.stratum.padEnd(width)}  ${pad(s.frameCount, 8)}  ${pad(s.excludedCount, 8)}  ${pad(s.available, 9)}  ${pad(s.allocated, 9)}  ${pad(s.drawn, 5)}  ${pad(fraction, 8)}${s.tookEveryone ? '  smaller than its allocation: everyone drawn' : ''}`);
  }
  return lines.join('\n');
}

export const sampleFrameCommand: Command = {
  words: ['sample', 'frame'],
  usage: frameUsage,
  summary: 'Freeze a sampling frame: everyone in the staff directory eligible on a day, with what was left out and why',
  options: { ...evaluationOption, name: { type: 'string' }, wave: { type: 'string' }, 'as-of': { type: 'string' }, 'require-email': { type: 'boolean' } },
  async run({ options, output, config }) {
    const name = text(options.name);
    if (!name?.trim()) throw new CliError(`Give the frame a name with --name. Usage: ${frameUsage}`);
    const database = await openMigratedDatabase(config);
    try {
      const evaluation = await evaluationFromOption(database.db, options.evaluation);
      const wave = text(options.wave);
      const frame = await asCliError(async () =>
        freezeFrame(database.db, null, evaluation.id, {
          name,
          waveId: wave ? await waveId(database.db, evaluation.id, wave) : null,
          asOf: text(options['as-of']) ?? null,
          requireEmail: options['require-email'] === true,
        }),
      );
      output.result(frame, describeFrame(frame));
    } finally {
      await database.close();
    }
  },
};

export const sampleDrawCommand: Command = {
  words: ['sample', 'draw'],
  usage: drawUsage,
  summary: 'Draw a simple random or stratified sample from a frame with a seed, and print the sample report',
  options: {
    frame: { type: 'string' },
    size: { type: 'string' },
    seed: { type: 'string' },
    stratify: { type: 'string' },
    allocation: { type: 'string' },
    exclude: { type: 'string', multiple: true },
    purpose: { type: 'string' },
    name: { type: 'string' },
  },
  async run({ options, output, config }) {
    const frameId = text(options.frame);
    if (!frameId) throw new CliError(`Give the frame with --frame ID (see "formative sample frame"). Usage: ${drawUsage}`);
    if (!text(options.size)) throw new CliError(`Give the sample size with --size N. Usage: ${drawUsage}`);
    if (!text(options.seed)) throw new CliError(`Give a seed with --seed N, and record it: the same seed always gives the same sample. Usage: ${drawUsage}`);
    const stratify = text(options.stratify);
    if (!stratify && options.allocation !== undefined) throw new CliError('--allocation needs --stratify programme, region or unit');
    const exclude = (options.exclude as unknown as string[] | undefined) ?? [];
    const database = await openMigratedDatabase(config);
    try {
      const evaluationId = await frameEvaluationId(database.db, frameId);
      if (!evaluationId) throw new CliError(`No sampling frame with id ${frameId}`);
      const report = await asCliError(() =>
        drawFromFrame(database.db, null, evaluationId, frameId, {
          size: text(options.size),
          seed: text(options.seed),
          method: stratify ? 'stratified' : 'simple',
          stratifyBy: stratify,
          allocation: text(options.allocation),
          exclude,
          purpose: text(options.purpose),
          name: text(options.name),
        }),
      );
      output.result(report, describeSample(report));
    } finally {
      await database.close();
    }
  },
};
