import pg from 'pg';
import type { Database } from '../../src/db/database.ts';
import { addPeriod, createEvaluation } from '../../src/modules/evaluations/service.ts';
import { createCode } from '../../src/modules/qualitative/service.ts';
import { functionWords, topicWords } from './vocabulary.ts';

/**
 * A synthetic corpus made inside PostgreSQL: `transcripts` interviews of 50 speaker turns
 * (interviewer questions of 30 words, answers of 370: 10,000 words a transcript), each with a
 * participant (one of four role categories, one of eight programmes, one of two waves), and
 * `codingsPerTranscript` codings of 50–500 characters spread over 40 constructs under five
 * domains, as a framework codebook gives them.
 */
export interface CorpusOptions {
  transcripts: number;
  codingsPerTranscript: number;
}

export const roleCategories = ['Chief executive', 'Programme lead', 'Regional director', 'External'];
export const programmes = ['Mental health', 'Learning disabilities', 'Children', 'Older people', 'Criminal justice', 'Integrated care', 'Equipment', 'Social care'];
const domains = ['Innovation', 'Outer setting', 'Inner setting', 'Individuals', 'Implementation process'];
const constructsPerDomain = 8;

const participantsSql = `
INSERT INTO qda_participants (evaluation_id, label, role_category, external)
SELECT $1, 'P' || lpad(g::text, 4, '0'), ($2::text[])[1 + g % 4], g % 4 = 3
FROM generate_series(1, $3::int) AS g`;

const attributesSql = `
INSERT INTO qda_participant_attributes (participant_id, name, value)
SELECT id, 'Programme', ($2::text[])[1 + substr(label, 2)::int % 8] FROM qda_participants WHERE evaluation_id = $1`;

const interviewsSql = `
INSERT INTO interviews (evaluation_id, participant_id, wave_id, consent_record, consent_transcribe, consent_quote, status)
SELECT evaluation_id, id, CASE WHEN substr(label, 2)::int % 2 = 0 THEN $2::uuid ELSE $3::uuid END, true, true, true, 'transcribed'
FROM qda_participants WHERE evaluation_id = $1`;

// Every reference to the outer row (t, w) keeps PostgreSQL from computing a subquery once for all.
const sourcesSql = `
INSERT INTO qda_sources (evaluation_id, kind, name, interview_id, participant_id, content)
SELECT i.evaluation_id, 'transcript', 'Transcript ' || p.label, i.id, p.id,
  (SELECT string_agg(CASE WHEN t % 2 = 1 THEN 'Interviewer: ' ELSE p.label || ': ' END || (
      SELECT string_agg(CASE WHEN random() < 0.45
          THEN ($2::text[])[1 + floor(random() * cardinality($2::text[]))::int + 0 * w]
          ELSE ($3::text[])[1 + floor(random() ^ 2 * cardinality($3::text[]))::int] END, ' ')
      FROM generate_series(1, CASE WHEN t % 2 = 1 THEN 30 ELSE 370 END) AS w WHERE w > 0 * t), E'\\n' ORDER BY t)
   FROM generate_series(1, 50) AS t WHERE t > 0 * length(p.label))
FROM interviews i JOIN qda_participants p ON p.id = i.participant_id
WHERE i.evaluation_id = $1`;

const codingsSql = `
WITH lengths AS (SELECT id, evaluation_id, char_length(content) AS length FROM qda_sources WHERE evaluation_id = $1)
INSERT INTO qda_codings (evaluation_id, source_id, code_id, start_offset, end_offset, valence)
SELECT l.evaluation_id, l.id, ($2::uuid[])[1 + floor(random() * cardinality($2::uuid[]))::int + 0 * g], x.start, x.start + 50 + floor(random() * 450)::int,
  (ARRAY['facilitating', 'inhibiting', 'mixed', 'neutral'])[1 + floor(random() * 4)::int]
FROM lengths l
CROSS JOIN generate_series(1, $3::int) AS g
CROSS JOIN LATERAL (SELECT floor(random() * (l.length - 600))::int + 0 * g AS start) x`;

export interface Corpus {
  evaluationId: string;
  constructIds: string[];
  domainIds: string[];
  waves: string[];
}

export async function buildCorpus(database: Database, url: string, options: CorpusOptions, log: (line: string) => void): Promise<Corpus> {
  const db = database.db;
  const evaluation = await createEvaluation(db, null, { title: 'Qualitative search benchmark', slug: 'qualitative-bench' });
  const waves = [await addPeriod(db, null, 'waves', evaluation.id, { name: 'Wave 1' }), await addPeriod(db, null, 'waves', evaluation.id, { name: 'Wave 2' })].map((w) => w.id);
  const domainIds: string[] = [];
  const constructIds: string[] = [];
  for (const domain of domains) {
    const parent = await createCode(db, null, evaluation.id, { name: domain });
    domainIds.push(parent.id);
    for (let c = 1; c <= constructsPerDomain; c += 1) constructIds.push((await createCode(db, null, evaluation.id, { name: `${domain}: construct ${c}`, parentId: parent.id })).id);
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const timed = async (what: string, text: string, values: unknown[]) => {
      const started = performance.now();
      const result = await client.query(text, values);
      log(`  ${what}: ${(result.rowCount ?? 0).toLocaleString('en-GB')} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    };
    await timed('participants', participantsSql, [evaluation.id, roleCategories, options.transcripts]);
    await timed('attributes', attributesSql, [evaluation.id, programmes]);
    await timed('interviews', interviewsSql, [evaluation.id, waves[0], waves[1]]);
    await timed('transcripts (text, full-text vectors and index)', sourcesSql, [evaluation.id, functionWords, topicWords]);
    await timed('codings', codingsSql, [evaluation.id, constructIds, options.codingsPerTranscript]);
    await client.query('ANALYZE');
    const size = await client.query<{ words: string; characters: string; codings: string }>(
      `SELECT (SELECT sum(array_length(regexp_split_to_array(content, '\\s+'), 1)) FROM qda_sources) AS words,
        (SELECT sum(char_length(content)) FROM qda_sources) AS characters, (SELECT count(*) FROM qda_codings) AS codings`,
    );
    const row = size.rows[0]!;
    log(`  corpus: ${Number(row.words).toLocaleString('en-GB')} words, ${Number(row.characters).toLocaleString('en-GB')} characters, ${Number(row.codings).toLocaleString('en-GB')} codings`);
  } finally {
    await client.end();
  }
  return { evaluationId: evaluation.id, constructIds, domainIds, waves };
}
