import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { HttpError } from '../../src/http/errors.ts';
import { QdpxError } from '../../src/modules/qualitative/refi/report.ts';
import { openQdpx, writeQdpx } from '../../src/modules/qualitative/refi/archive.ts';
import { readProject } from '../../src/modules/qualitative/refi/reader.ts';
import { readTranscript } from '../../src/modules/qualitative/transcripts/formats.ts';
import { ImportError } from '../../src/modules/surveys/imports/report.ts';
import { importLss } from '../../src/modules/surveys/imports/lss.ts';
import { importRedcap } from '../../src/modules/surveys/imports/redcap.ts';

/**
 * Property-based fuzzing of every importer: whatever bytes arrive, an importer either returns a
 * result or refuses with its own error, which the pages show as a message. Anything else (a
 * TypeError, a RangeError, a hang) is a crash a hostile or damaged file could cause. Inputs are
 * random bytes, and real files mutated: bytes flipped, cut short, spliced with markup.
 */

const fixtures = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));

/** The importer's own refusal, as opposed to a crash. */
function isRefusal(error: unknown): boolean {
  return error instanceof ImportError || error instanceof QdpxError || (error instanceof HttpError && error.status < 500);
}

/** A valid file with some of its bytes changed, some cut, some added. */
function mutated(original: Buffer): fc.Arbitrary<Buffer> {
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 400 }) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom('<', '>', '&', '"', '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', '&e;', ']]>', '\u0000', '\uFFFF', '-->', '\r', '0', '') }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  );
  return fc.array(edit, { minLength: 1, maxLength: 6 }).map((edits) => {
    let bytes = Buffer.from(original);
    for (const e of edits) {
      const at = bytes.length ? e.at % bytes.length : 0;
      if (e.kind === 'flip') bytes[at] = e.byte;
      else if (e.kind === 'cut') bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + e.length)]);
      else if (e.kind === 'insert') bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(e.text), bytes.subarray(at)]);
      else bytes = bytes.subarray(0, at);
    }
    return bytes;
  });
}

const randomBytes = fc.uint8Array({ maxLength: 2000 }).map((a) => Buffer.from(a));
const randomText = fc.string({ unit: 'binary', maxLength: 2000 }).map((s) => Buffer.from(s));

function inputs(...originals: Buffer[]): fc.Arbitrary<Buffer> {
  return fc.oneof({ arbitrary: randomBytes, weight: 1 }, { arbitrary: randomText, weight: 1 }, ...originals.map((o) => ({ arbitrary: mutated(o), weight: 4 })));
}

export interface Importer {
  name: string;
  input: fc.Arbitrary<Buffer>;
  /** Imports the bytes; resolves whatever the outcome, rejecting only on a crash. */
  run(bytes: Buffer): Promise<void>;
}

async function refusalOnly(work: () => unknown): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!isRefusal(error)) throw error;
  }
}

const vtt = Buffer.from('WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Interviewer>How did the merger change your work?\n\n00:00:04.500 --> 00:00:09.000\n<v Manager>Budgets moved &amp; teams <b>moved</b>.\n');
const srt = Buffer.from('1\n00:00:01,000 --> 00:00:04,000\nInterviewer: How did the merger change your work?\n\n2\n00:00:04,500 --> 00:00:09,000\nManager: Budgets moved first.\n');
const text = Buffer.from('Interviewer: How did the merger change your work?\nManager: Budgets moved first, then the teams.\n');

/** The importers and the inputs each is fuzzed with. */
export async function importers(): Promise<Importer[]> {
  const lss = readFileSync(`${fixtures}limesurvey/ls205_sample_survey_english.lss`);
  const lssSmall = readFileSync(`${fixtures}limesurvey/ls205_group_relevance.lss`);
  const redcap = Buffer.from(
    'Variable / Field Name,Form Name,Section Header,Field Type,Field Label,"Choices, Calculations, OR Slider Labels",Field Note,Text Validation Type OR Show Slider Number,Text Validation Min,Text Validation Max,Identifier?,Branching Logic (Show field only if...),Required Field?\n' +
      'record_id,staff,,text,Record ID,,,,,,,,\n' +
      'role,staff,About you,radio,Your role,"1, Manager | 2, Practitioner | 3, Other",,,,,,,y\n' +
      'years,staff,,text,Years in post,,,integer,0,50,,[role] = \'1\',\n',
  );
  const projectXml = readFileSync(`${fixtures}refi-qda/hand-authored/project.qde`, 'utf8');
  const qdpx = await writeQdpx(projectXml, [{ name: '11111111-1111-1111-1111-111111111111.txt', content: readFileSync(`${fixtures}refi-qda/hand-authored/sources/11111111-1111-1111-1111-111111111111.txt`, 'utf8') }], new Date('2006-01-01T00:00:00Z'));
  return [
    { name: 'LimeSurvey .lss', input: inputs(lss, lssSmall), run: (bytes) => refusalOnly(() => importLss(bytes)) },
    { name: 'REDCap dictionary', input: inputs(redcap), run: (bytes) => refusalOnly(() => importRedcap(bytes)) },
    { name: 'WebVTT transcript', input: inputs(vtt), run: (bytes) => refusalOnly(() => readTranscript('vtt', bytes, 'fuzz.vtt')) },
    { name: 'SubRip transcript', input: inputs(srt), run: (bytes) => refusalOnly(() => readTranscript('srt', bytes, 'fuzz.srt')) },
    { name: 'plain-text transcript', input: inputs(text), run: (bytes) => refusalOnly(() => readTranscript('text', bytes, 'fuzz.txt')) },
    {
      name: 'REFI-QDA .qdpx',
      input: inputs(qdpx, Buffer.from(projectXml)),
      run: (bytes) =>
        refusalOnly(async () => {
          const archive = await openQdpx(bytes, 'fuzz.qdpx');
          readProject(archive.projectXml, 'fuzz.qdpx');
        }),
    },
  ];
}

/** Runs `runs` cases of one importer; throws with the smallest failing input found. */
export async function fuzz(importer: Importer, runs: number, seed?: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(importer.input, (bytes) => importer.run(bytes)),
    { numRuns: runs, ...(seed === undefined ? {} : { seed }), endOnFailure: false },
  );
}
