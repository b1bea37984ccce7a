/**
 * Directory import benchmark (issue 8): a 100,000-person staff directory as a CSV file, with about
 * 2% double entries (other forms of a name, the same e-mail in other letter case), imported through
 * the service the command line uses (`formative directory import`): read, map, match, store in one
 * transaction, then run every cleaning check, double entries included.
 *
 *   npm run bench:directory                                   # both back ends
 *   npm run bench:directory -- --backend embedded --people 20000
 *
 * The server is BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres;
 * a fresh database formative_bench_directory is made on it and dropped afterwards.
 * Target: under 10 s from file to checked directory. Peak memory is the process's largest
 * resident set (the file, the parsed rows and the checks all live in it).
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { openEmbeddedDatabase, type Database } from '../../src/db/database.ts';
import { benchServerUrl as serverUrl, openBenchServer } from '../database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createEvaluation } from '../../src/modules/evaluations/service.ts';
import { createUnit } from '../../src/modules/organisation/service.ts';
import { checkDirectory } from '../../src/modules/directory/cleaning-service.ts';
import { importDirectory } from '../../src/modules/directory/import-service.ts';

const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'both' },
    people: { type: 'string', default: '100000' },
  },
});
const peopleCount = Number(args.people);
const targetSeconds = 10;
const unitCount = 40;

const openServer = () => openBenchServer('formative_bench_directory');

/** A small deterministic generator, so every run imports the same file. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
  return { next, pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]! };
}

const given = ['Aisha', 'Alan', 'Alison', 'Amanda', 'Andrew', 'Angela', 'Anthony', 'Barbara', 'Brian', 'Caroline', 'Catherine', 'Charlotte', 'Christopher', 'Claire', 'Colin', 'Daniel', 'David', 'Deborah', 'Declan', 'Diane', 'Edward', 'Elizabeth', 'Emma', 'Fatima', 'Fiona', 'Gareth', 'Graham', 'Hannah', 'Helen', 'Ian', 'Imran', 'James', 'Janet', 'Jennifer', 'Joanne', 'John', 'Julie', 'Karen', 'Katherine', 'Kevin', 'Laura', 'Linda', 'Margaret', 'Mark', 'Martin', 'Michael', 'Michelle', 'Mohammed', 'Nadia', 'Neil', 'Nicola', 'Niamh', 'Patricia', 'Paul', 'Peter', 'Philip', 'Priya', 'Rachel', 'Rebecca', 'Richard', 'Robert', 'Ruth', 'Samantha', 'Sandra', 'Sarah', 'Simon', 'Stephen', 'Susan', 'Thomas', 'Timothy', 'Wendy', 'William'];
const syllables = ['ash', 'ber', 'cot', 'dale', 'ev', 'ford', 'gar', 'ham', 'ing', 'ley', 'mor', 'nor', 'ton', 'well', 'wick', 'by', 'har', 'lan', 'ros', 'sted'];
const surnames = syllables.flatMap((a) => syllables.flatMap((b) => syllables.map((c) => `${a[0]!.toUpperCase()}${a.slice(1)}${b}${c}`)));
const jobTitles = ['Programme lead', 'Project manager', 'Improvement adviser', 'Analyst', 'Administrator', 'Development worker', 'Regional director', 'Communications officer', 'Finance officer', 'Clinical lead'];
const shortForms: Record<string, string> = { Andrew: 'Andy', Christopher: 'Chris', David: 'Dave', James: 'Jim', Michael: 'Mike', Robert: 'Bob', William: 'Bill', Thomas: 'Tom' };

/** The directory file: one header row, then `count` people, about 2% of them second entries. */
function directoryFile(count: number): { csv: string; doubles: number } {
  const random = generator(2005);
  const lines = ['Staff number;Name;E-mail;Phone;Programme;Job title;Start date;Last verified'];
  const people: { given: string; surname: string; unit: number; email: string; phone: string; title: string }[] = [];
  let doubles = 0;
  for (let i = 0; i < count; i++) {
    const earlier = people.length > 100 && random.next() < 0.02 ? random.pick(people) : undefined;
    if (earlier) {
      doubles += 1;
      const variant = random.pick([
        `${earlier.surname}, ${earlier.given}`,
        `Dr ${earlier.given[0]}. ${earlier.surname}`,
        `${shortForms[earlier.given] ?? earlier.given} ${earlier.surname}`,
      ]);
      const email = random.next() < 0.5 ? earlier.email.toUpperCase() : '';
      lines.push(`;"${variant}";${email};${earlier.phone};P${earlier.unit};${earlier.title};01/04/2003;01/06/2004`);
      continue;
    }
    const person = { given: random.pick(given), surname: random.pick(surnames), unit: Math.floor(random.next() * unitCount), email: '', phone: `0161 496 ${String(i % 10_000).padStart(4, '0')}`, title: random.pick(jobTitles) };
    person.email = `${person.given}.${person.surname}.${i}@example.org`.toLowerCase();
    people.push(person);
    const verified = `${String(1 + (i % 28)).padStart(2, '0')}/${String(1 + (i % 12)).padStart(2, '0')}/${2004 + (i % 3)}`;
    lines.push(`E${i};${person.given} ${person.surname};${i % 50 === 0 ? '' : person.email};${person.phone};P${person.unit};${person.title};2001-09-01;${verified}`);
  }
  return { csv: `${lines.join('\r\n')}\r\n`, doubles };
}

async function runOn(name: string, database: Database, file: Buffer): Promise<boolean> {
  await migrate(database);
  const db = database.db;
  const evaluation = await createEvaluation(db, null, { title: 'Directory benchmark', slug: 'directory-bench' });
  for (let u = 0; u < unitCount; u++) await createUnit(db, null, evaluation.id, { kind: 'programme', name: `Programme ${u}`, shortName: `P${u}` });
  const started = performance.now();
  const result = await importDirectory(db, null, evaluation.id, { filename: 'directory.csv', content: file, settings: { asOf: '2006-03-01', staleMonths: 12 } });
  const seconds = (performance.now() - started) / 1000;
  console.log(`\n${name}: ${result.rows.toLocaleString('en-GB')} rows imported and checked in ${seconds.toFixed(2)} s`);
  console.log(`  ${result.added.toLocaleString('en-GB')} added; found ${result.cleaning.found.double.toLocaleString('en-GB')} possible double entries, ${result.cleaning.found.missing.toLocaleString('en-GB')} with missing details, ${result.cleaning.found['out-of-date'].toLocaleString('en-GB')} out of date`);
  const ok = seconds < targetSeconds;
  console.log(`  target under ${targetSeconds} s: ${ok ? 'met' : 'NOT met'}`);
  // Running the checks again on the unchanged directory: what a re-run from the cleaning page costs.
  const again = performance.now();
  await checkDirectory(db, null, evaluation.id);
  console.log(`  checks run again on the unchanged directory: ${((performance.now() - again) / 1000).toFixed(2)} s`);
  return ok;
}

async function main(): Promise<void> {
  const { csv, doubles } = directoryFile(peopleCount);
  const file = Buffer.from(csv, 'utf8');
  console.log(`Directory import benchmark: ${peopleCount.toLocaleString('en-GB')} rows (${doubles.toLocaleString('en-GB')} second entries), ${(file.length / 1_048_576).toFixed(1)} MB of CSV`);
  console.log(`Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), load ${loadavg().map((l) => l.toFixed(2)).join(' ')}, Node ${process.version}`);
  const results: boolean[] = [];
  for (const backend of args.backend === 'both' ? ['postgres', 'embedded'] : [args.backend]) {
    const database = backend === 'postgres' ? await openServer() : await openEmbeddedDatabase('memory');
    const cpuBefore = process.cpuUsage();
    try {
      results.push(await runOn(backend === 'postgres' ? `PostgreSQL server (${new URL(serverUrl).host})` : 'Embedded database (PGlite, in memory)', database, file));
    } finally {
      await database.close();
    }
    const cpu = process.cpuUsage(cpuBefore);
    console.log(`  CPU time in this process: ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s`);
  }
  // maxRSS is in kilobytes: the largest resident set this process reached, whichever back end it was.
  console.log(`\nPeak memory (resident set): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  if (results.includes(false)) process.exitCode = 1;
}

await main();
