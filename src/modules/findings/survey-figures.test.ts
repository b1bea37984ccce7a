import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import type { Database } from '../../db/database.ts';
import { buildFixture, fixtureUser, type Fixture } from '../results/test-fixture.ts';
import { createFinding, linkEvidence } from './service.ts';
import { surveyFigures } from './survey-figures.ts';

describe.each(backends)('the figures behind a linked survey result on $name', (backend) => {
  let database: Database;
  let fixture: Fixture;
  let lead: { id: string };
  beforeAll(async () => {
    database = await backend.open();
    lead = await fixtureUser(database.db, 'Lee Lead');
    fixture = await buildFixture(database.db, lead.id, 'figures');
  });
  afterAll(() => database.close());

  it('recomputes the means by group and between waves, hiding small groups from viewers', async () => {
    const finding = await createFinding(database.db, lead.id, fixture.evaluationId, { statement: 'Time has become scarcer', valence: 'inhibiting' });
    const byProgramme = await linkEvidence(database.db, lead.id, fixture.evaluationId, finding.id, { kind: 'survey-result', surveyId: fixture.surveyIds[0]!, view: 'scale-by-unit', by: 'programme', scale: 'time_resources' });
    const team = await surveyFigures(database.db, fixture.evaluationId, byProgramme, { full: true, threshold: 5 });
    expect(team).toHaveLength(1);
    expect(team[0]).toMatch(/^Dedicated time and resources: Mental health \(MHI\) \d\.\d\d \(n 1[0-4]\);/);
    expect(team[0]).toMatch(/Community equipment \(CAT\) \d\.\d\d \(n [1-3]\)/);
    const viewers = await surveyFigures(database.db, fixture.evaluationId, byProgramme, { full: false, threshold: 5 });
    expect(viewers[0]).toContain('Community equipment (CAT) Not shown');

    const change = await linkEvidence(database.db, lead.id, fixture.evaluationId, finding.id, { kind: 'survey-result', surveyId: fixture.surveyIds[1]!, view: 'wave-change', scale: 'time_resources' });
    const waves = await surveyFigures(database.db, fixture.evaluationId, change, { full: true, threshold: 5 });
    expect(waves).toHaveLength(1);
    const means = [...waves[0]!.matchAll(/(\d\.\d\d) \(n \d+\)/g)].map((m) => Number(m[1]));
    expect(means).toHaveLength(2);
    // The fixture's second wave has less time and resources than the first.
    expect(means[1]!).toBeLessThan(means[0]!);
  });
});
