/**
 * The analysis benchmark through the results service (the path the pages, the API and the
 * command line use): a survey asking 50 scored instrument items (the 30 of the change-climate scales and
 * the 20 of NoMAD, five-point agreement with "not relevant") and a unit question, with `respondents` complete responses
 * stored in a throw-away PostgreSQL database (or an embedded one in memory); `surveyResults` grouped by unit is timed. It reads
 * the answers from the database, scores every scale, computes alpha and descriptives overall and
 * by unit, and tallies the item frequencies. The item answers are read from the compact vectors the
 * database writes beside each response's answers (migration 026_answer_vectors); storing the
 * responses, which writes them, is timed separately.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { openEmbeddedDatabase } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { scoredItemIds } from '../../src/modules/analysis/scoring.ts';
import { normalDraw, seededRandom } from '../../src/modules/analysis/synthetic-data.ts';
import { createUser } from '../../src/modules/accounts/service.ts';
import { createEvaluation } from '../../src/modules/evaluations/service.ts';
import { requireInstrument } from '../../src/modules/instruments/service.ts';
import { surveyResults } from '../../src/modules/results/service.ts';
import { questionIdFor, questionsForItems } from '../../src/modules/surveys/builder/instrument-questions.ts';
import { storeResponses } from '../../src/modules/surveys/responses-import.ts';
import { createSurvey } from '../../src/modules/surveys/service.ts';
import { openBenchServer } from '../database.ts';

const units = Array.from({ length: 8 }, (_, i) => ({ code: `u${i + 1}`, label: `Unit ${i + 1}` }));

export interface ServiceBench {
  items: number;
  scales: number;
  /** Seconds taken to store the responses (their answer vectors written by the database on the way in). */
  storeSeconds: number;
  run: () => Promise<void>;
  /** CPU seconds the database server's connections have used so far (0 when it is not on this machine). */
  databaseCpu: () => number;
  close: () => Promise<void>;
}

/** Makes the database and its responses (not timed); `run` computes the results once. */
export async function prepareServiceBench(respondents: number, on: 'postgres' | 'embedded' = 'postgres'): Promise<ServiceBench> {
  const database = on === 'embedded' ? await openEmbeddedDatabase('memory') : await openBenchServer('formative_bench_analysis');
  await migrate(database);
  const db = database.db;
  const user = await createUser(db, { email: `bench-${Date.now()}@example.org`, name: 'Benchmark', password: 'benchmark password' });
  const evaluation = await createEvaluation(db, user.id, { title: 'Analysis benchmark' });
  const climate = requireInstrument('change-climate');
  const nomad = requireInstrument('nomad');
  const asked = [climate, nomad].map((instrument) => ({ instrument, items: scoredItemIds(instrument) }));
  const survey = await createSurvey(db, user.id, evaluation.id, { title: 'Benchmark staff survey', purpose: 'main', anonymity: 'anonymous' }, {
    pages: [
      { id: 'about', title: 'About you', questions: [{ id: 'unit', text: 'Which unit do you work in?', format: { type: 'single', options: units, missing: [] } }] },
      ...asked.map((a) => ({ id: a.instrument.id, title: a.instrument.name, questions: questionsForItems(a.instrument, a.items, new Map()) })),
    ],
  });
  const questions = asked.flatMap((a) => a.items.map((id) => ({ id: questionIdFor(a.instrument.id, id), points: 5 })));
  const random = seededRandom(7);
  let storeSeconds = 0;
  for (let start = 0; start < respondents; start += 20_000) {
    const rows = Array.from({ length: Math.min(20_000, respondents - start) }, (_, r) => {
      const level = normalDraw(random);
      const answers: Record<string, number | string> = { unit: units[(start + r) % units.length]!.code };
      for (const q of questions) {
        const u = random();
        if (u < 0.02) continue;
        if (u < 0.04) answers[q.id] = 'NR';
        else answers[q.id] = Math.min(q.points, Math.max(1, Math.round((q.points + 1) / 2 + level + 0.8 * normalDraw(random))));
      }
      return { answers };
    });
    const storing = performance.now();
    await storeResponses(db, user.id, evaluation.id, survey.id, rows);
    storeSeconds += (performance.now() - storing) / 1000;
  }
  // The server's backends for this database, to add their CPU time (Linux /proc, same machine only).
  // (The embedded database runs in this process: its time is already in this process's CPU time.)
  const backends = on === 'embedded' ? [] : (await sql<{ pid: number }>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`.execute(db)).rows.map((r) => r.pid);
  const databaseCpu = (): number =>
    backends.reduce((total, pid) => {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        return total + (Number(fields[11]) + Number(fields[12])) / 100;
      } catch {
        return total;
      }
    }, 0);
  let scales = 0;
  return {
    databaseCpu,
    storeSeconds,
    items: questions.length,
    get scales() {
      return scales;
    },
    run: async () => {
      const results = await surveyResults(db, evaluation.id, survey.id, { by: 'unit', audience: { full: true, threshold: 5 } });
      scales = results.scales.length;
    },
    close: () => database.close(),
  };
}
