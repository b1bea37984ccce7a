import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import { buildTestApp, TestBrowser } from '../../test/app.ts';
import type { BuiltApp } from '../http/app.ts';
import { compareWaves, type WaveResults } from '../modules/results/service.ts';
import { getSurvey, listSurveys } from '../modules/surveys/service.ts';
import { DEMO_PASSWORD, demoLead } from './accounts.ts';
import { staffPanel } from './survey-linking.ts';
import { surveySteps, useDemo } from './test-fixture.ts';

const linkQuestions = ['link_mother', 'link_day', 'link_siblings', 'link_town'];

describe('the demo staff panel', () => {
  const pool = Array.from({ length: 400 }, (_, i) => ({ programme: i % 3 ? 'MHI' : 'CAT', region: 'London' }));

  it('gives everyone the same code and lasting view whenever it is built', () => {
    const [one, two] = [staffPanel(pool), staffPanel(pool)];
    expect(one.members).toEqual(two.members);
    expect(new Set(one.members.map((m) => m.climate)).size).toBe(pool.length);
  });

  it('has most people type their code as it is, a few leave a part blank and a few mistype one part', () => {
    const panel = staffPanel(pool);
    const typed = panel.members.map((m) => ({ member: m, answers: panel.typedCode(m) }));
    const blank = typed.filter((t) => Object.keys(t.answers).length < linkQuestions.length);
    const wrong = typed.filter((t) => Object.keys(t.answers).length === linkQuestions.length && (t.answers.link_day !== t.member.code.day || String(t.answers.link_town).toUpperCase() !== t.member.code.town));
    expect(blank.length).toBeGreaterThan(5);
    expect(blank.length).toBeLessThan(40);
    expect(wrong.length).toBeGreaterThan(2);
    expect(wrong.length).toBeLessThan(30);
  });
});

describe.each(backends)('the demo survey waves linked by codes ($name)', (backend) => {
  const loaded = useDemo(backend, surveySteps);
  let compared: WaveResults;
  const mainTitles = ['Staff survey 2006 (Year 1)', 'Staff survey 2007 (Year 2)', 'Staff survey 2008 (Year 3)'];
  const surveyId = async (title: string) => (await listSurveys(loaded.database.db, loaded.demo.evaluation.id)).find((s) => s.title === title)!.id;

  beforeAll(async () => {
    compared = await compareWaves(loaded.database.db, loaded.demo.evaluation.id, await surveyId(mainTitles[2]!), { audience: { full: true, threshold: 5 } });
  });

  it('asks the same linking code in every yearly wave, after "About you", and none in the pilot', async () => {
    for (const title of mainTitles) {
      const { definition } = (await getSurvey(loaded.database.db, loaded.demo.evaluation.id, await surveyId(title))).version;
      expect(definition.linkingCode?.questions).toEqual(linkQuestions);
      expect(definition.pages[1]!.questions.map((q) => q.id)).toEqual(linkQuestions);
    }
    const pilot = await getSurvey(loaded.database.db, loaded.demo.evaluation.id, await surveyId('Staff survey 2006: pilot'));
    expect(pilot.version.definition.linkingCode).toBeUndefined();
  });

  it('matches 55–70% of each wave\'s codes with the year before, most respondents giving one', () => {
    expect(compared.waves.map((w) => w.respondents)).toEqual([232, 220, 226]);
    for (const wave of compared.waves) expect(wave.linked / wave.respondents).toBeGreaterThan(0.9);
    expect(compared.waves.every((w) => w.linked < w.respondents)).toBe(true);
    expect(compared.links.map((l) => [l.from, l.to])).toEqual([['Year 1', 'Year 2'], ['Year 2', 'Year 3']]);
    for (const link of compared.links) {
      expect(link.rateTo).toBeGreaterThanOrEqual(0.55);
      expect(link.rateTo).toBeLessThanOrEqual(0.7);
      expect(link.rateFrom).toBeGreaterThanOrEqual(0.55);
      expect(link.rateFrom).toBeLessThanOrEqual(0.7);
    }
  });

  it('compares matched respondents with a paired test: time and resources fall after the Year 2 cut, involvement rises by Year 3', () => {
    const step = (scale: string, to: string) => compared.steps.find((s) => s.scale === scale && s.to === to)!;
    expect(compared.steps.every((s) => s.paired !== null && s.paired.pairs >= 100)).toBe(true);
    expect(step('time_resources', 'Year 2').paired!.meanDifference.upper).toBeLessThan(0);
    expect(step('staff_involvement', 'Year 3').paired!.meanDifference.lower).toBeGreaterThan(0);
    expect(compared.notes.join(' ')).toContain('paired t test');
  });

  it('keeps only keyed hashes of the codes: no answer, row or log anywhere holds a code\'s parts', async () => {
    const { rows: linkRows } = await sql<{ code_hash: string }>`SELECT code_hash FROM response_links`.execute(loaded.database.db);
    expect(linkRows.length).toBe(loaded.demo.counts.linkingCodes);
    expect(linkRows.every((r) => /^[0-9a-f]{64}$/.test(r.code_hash))).toBe(true);
    const { rows: columns } = await sql<{ name: string }>`
      SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'response_links' ORDER BY column_name`.execute(loaded.database.db);
    expect(columns.map((c) => c.name)).toEqual(['code_hash', 'response_id', 'survey_id']);
    // Every table, every row as text: the linking questions' ids appear only in the surveys' definitions, and
    // nothing looks like a code's parts (joined as the hash joins them, or listed).
    const { rows: tables } = await sql<{ name: string }>`
      SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`.execute(loaded.database.db);
    const holding: string[] = [];
    for (const { name } of tables) {
      const { rows } = await sql<{ n: string }>`
        SELECT count(*) AS n FROM ${sql.table(name)} t
        WHERE position('link_' in t::text) > 0 OR position(${'\u001f'} in t::text) > 0 OR t::text ~ '"[A-Z]", ?"[0-9]{1,2}", ?"[0-9]{1,2}", ?"[A-Z]"'`.execute(loaded.database.db);
      if (Number(rows[0]!.n)) holding.push(name);
    }
    expect(holding).toEqual(['survey_versions']);
    const { rows: answered } = await sql<{ n: string }>`
      SELECT count(*) AS n FROM responses WHERE answers ?| ${linkQuestions}::text[]`.execute(loaded.database.db);
    expect(Number(answered[0]!.n)).toBe(0);
  });

  it('shows the match rate and the paired comparison on the waves page', async () => {
    const built: BuiltApp = await buildTestApp(loaded.database);
    try {
      const browser = new TestBrowser(built.app);
      await browser.signIn(demoLead, DEMO_PASSWORD);
      const page = await browser.get(`/evaluations/${loaded.demo.evaluation.slug}/analysis/surveys/${await surveyId(mainTitles[2]!)}/waves`);
      expect(page.statusCode).toBe(200);
      const [first, second] = compared.links.map((l) => `${l.from} to ${l.to}: ${l.matched} matched, ${Math.round(l.rateFrom! * 100)}% of the codes given in ${l.from} and ${Math.round(l.rateTo! * 100)}% of those in ${l.to}.`);
      expect(page.body).toContain(first);
      expect(page.body).toContain(second);
      expect(page.body).toContain('Paired: pairs, change, t, p (Holm)');
      expect(page.body).toMatch(/<td class="govuk-table__cell">1\d\d, /);
    } finally {
      await built.app.close();
    }
  });
});
