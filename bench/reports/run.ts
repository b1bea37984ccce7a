/**
 * Reports benchmark (issue 6): the demo evaluation (21 interviews, three survey waves of about
 * 400 responses, 500+ deliverables) built once, then its full report — the final template, every
 * section — assembled from the data and written as Word and as PDF, best of three.
 *
 *   npm run bench:reports                     # embedded database
 *   npm run bench:reports -- --db postgres    # a throw-away PostgreSQL database
 *   npm run bench:reports -- --runs 1
 *
 * Targets: < 10 s as DOCX, < 15 s as PDF (assembly included in both).
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { openEmbeddedDatabase, type Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { assembleReport } from '../../src/modules/reports/assemble.ts';
import { renderReport, type Format } from '../../src/modules/reports/formats.ts';
import { unsavedReport } from '../../src/modules/reports/service.ts';
import { releaseCheck } from '../../src/modules/reports/release-check.ts';
import { openBenchServer } from '../database.ts';

const { values: args } = parseArgs({ options: { db: { type: 'string', default: 'embedded' }, runs: { type: 'string', default: '3' } } });
const runs = Math.max(1, Number(args.runs) || 3);
const targets: Record<'docx' | 'pdf', number> = { docx: 10, pdf: 15 };

const cpuSeconds = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
};

async function main(): Promise<boolean> {
  const database: Database = args.db === 'postgres' ? await openBenchServer('formative_bench_reports') : await openEmbeddedDatabase('memory');
  try {
    await migrate(database);
    const loading = Date.now();
    const demo = await loadDemo(database);
    console.log(`demo evaluation built in ${((Date.now() - loading) / 1000).toFixed(1)} s (${args.db})`);
    let ok = true;
    for (const format of ['docx', 'pdf'] as Format[]) {
      const times: number[] = [];
      let cpu = 0;
      let size = 0;
      let sections = 0;
      for (let i = 0; i < runs; i += 1) {
        const started = Date.now();
        const cpuStart = process.cpuUsage();
        const model = await assembleReport(database.db, demo.evaluation.id, unsavedReport('final'));
        const bytes = await renderReport(model, format);
        times.push((Date.now() - started) / 1000);
        cpu = cpuSeconds(cpuStart);
        size = bytes.length;
        sections = model.sections.length;
        if (i === 0 && format === 'docx') {
          const problems = await releaseCheck(database.db, demo.evaluation.id, model);
          console.log(`release check of the demo's full report: ${problems.length ? problems.map((p) => p.message).join('\n  ') : 'nothing to fix'}`);
        }
      }
      const best = Math.min(...times);
      const target = targets[format as 'docx' | 'pdf'];
      ok &&= best < target;
      console.log(`${format}: best ${best.toFixed(2)} s of ${runs} (all: ${times.map((t) => t.toFixed(2)).join(', ')}), last run ${cpu.toFixed(2)} s of CPU in this process, ${Math.round(size / 1024)} KB, ${sections} sections — target < ${target} s ${best < target ? 'met' : 'MISSED'}`);
    }
    console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores`);
    return ok;
  } finally {
    await database.close();
  }
}

main().then((ok) => process.exit(ok ? 0 : 1), (error: unknown) => {
  console.error(error);
  process.exit(2);
});
