/**
 * Transcript import benchmark (issue 4): 100 synthetic interview transcripts of about 10,000
 * words each, a quarter each as plain text, Word, WebVTT and SubRip, imported one after another
 * through the import service (read, find turns, store with turns in one transaction each).
 *
 *   npm run bench:qualitative                                  # both back ends
 *   npm run bench:qualitative -- --backend postgres --transcripts 50 --words 5000
 *
 * The server is BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres;
 * a fresh database formative_bench_transcripts is made on it and dropped afterwards.
 * Target: under 10 s for all 100 imports.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { openEmbeddedDatabase, type Database } from '../../src/db/database.ts';
import { benchServerUrl as serverUrl, openBenchServer } from '../database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createEvaluation } from '../../src/modules/evaluations/service.ts';
import { createInterview } from '../../src/modules/qualitative/interviews/interviews.ts';
import { createParticipant } from '../../src/modules/qualitative/interviews/participants.ts';
import { transcriptFormats, type TranscriptFormat } from '../../src/modules/qualitative/transcripts/formats.ts';
import { importTranscript } from '../../src/modules/qualitative/transcripts/importing.ts';
import { syntheticFile, syntheticTurns } from './synthetic-transcripts.ts';

const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'both' },
    transcripts: { type: 'string', default: '100' },
    words: { type: 'string', default: '10000' },
  },
});
const transcriptCount = Number(args.transcripts);
const wordsEach = Number(args.words);
const targetSeconds = 10;

const openServer = () => openBenchServer('formative_bench_transcripts');

interface Prepared {
  format: TranscriptFormat;
  fileName: string;
  content: Buffer;
  words: number;
}

/** The files, made before anything is timed. */
async function prepareFiles(): Promise<Prepared[]> {
  const files: Prepared[] = [];
  for (let i = 0; i < transcriptCount; i++) {
    const format = transcriptFormats[i % transcriptFormats.length]!;
    const turns = syntheticTurns(i + 1, wordsEach);
    files.push({ format, fileName: `sm${i + 1}.${format === 'text' ? 'txt' : format}`, content: await syntheticFile(format, turns), words: turns.reduce((n, t) => n + t.text.split(' ').length, 0) });
  }
  return files;
}

async function runOn(name: string, database: Database, files: Prepared[]): Promise<boolean> {
  await migrate(database);
  const db = database.db;
  const evaluation = await createEvaluation(db, null, { title: 'Transcript benchmark', slug: 'transcript-bench' });
  const interviewIds: string[] = [];
  for (let i = 0; i < files.length; i++) {
    const participant = await createParticipant(db, null, evaluation.id, { label: `SM${i + 1}`, roleCategory: 'Programme lead' });
    interviewIds.push((await createInterview(db, null, evaluation.id, { participantId: participant.id, consentTranscribe: true })).id);
  }
  const byFormat = new Map<TranscriptFormat, number[]>();
  const started = performance.now();
  for (const [i, file] of files.entries()) {
    const at = performance.now();
    await importTranscript(db, null, evaluation.id, { interviewId: interviewIds[i]!, format: file.format, content: file.content, fileName: file.fileName });
    byFormat.set(file.format, [...(byFormat.get(file.format) ?? []), performance.now() - at]);
  }
  const seconds = (performance.now() - started) / 1000;
  const stored = await db.selectFrom('qda_turns').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  console.log(`\n${name}: ${files.length} transcripts imported in ${seconds.toFixed(2)} s (${((seconds * 1000) / files.length).toFixed(0)} ms each), ${Number(stored.n).toLocaleString('en-GB')} speaker turns stored`);
  for (const [format, times] of byFormat) {
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    console.log(`  ${format.padEnd(5)} ${times.length} files, mean ${mean.toFixed(0)} ms, slowest ${Math.max(...times).toFixed(0)} ms`);
  }
  const ok = seconds < targetSeconds;
  console.log(`  target under ${targetSeconds} s: ${ok ? 'met' : 'NOT met'}`);
  return ok;
}

async function main(): Promise<void> {
  const files = await prepareFiles();
  const words = files.reduce((n, f) => n + f.words, 0);
  const bytes = files.reduce((n, f) => n + f.content.length, 0);
  console.log(`Transcript import benchmark: ${files.length} transcripts, ${words.toLocaleString('en-GB')} words, ${(bytes / 1_048_576).toFixed(1)} MB of files`);
  console.log(`Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), load ${loadavg().map((l) => l.toFixed(2)).join(' ')}, Node ${process.version}`);
  const results: boolean[] = [];
  for (const backend of args.backend === 'both' ? ['postgres', 'embedded'] : [args.backend]) {
    const database = backend === 'postgres' ? await openServer() : await openEmbeddedDatabase('memory');
    try {
      results.push(await runOn(backend === 'postgres' ? `PostgreSQL server (${new URL(serverUrl).host})` : 'Embedded database (PGlite, in memory)', database, files));
    } finally {
      await database.close();
    }
  }
  if (results.includes(false)) process.exitCode = 1;
}

await main();
