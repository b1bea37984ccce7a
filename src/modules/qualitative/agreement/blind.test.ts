import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, buildTestApp, TestBrowser } from '../../../../test/app.ts';
import { backends } from '../../../../test/databases.ts';
import type { Database } from '../../../db/database.ts';
import type { BuiltApp } from '../../../http/app.ts';
import { createApiToken } from '../../accounts/service.ts';
import { buildTestProject, type TestProject } from '../analysis/test-project.ts';
import { closeRound, createRound } from './service.ts';

/**
 * Blind double coding through HTTP: while an agreement round is open, each of its coders sees
 * only their own codings on its sources, on every page and in every API answer that shows
 * codings; the other coder's codings cannot be opened by their address either.
 */
describe.each(backends)('blind coding during an open agreement round on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  let p: TestProject;
  let coderA: TestBrowser;
  let lead: TestBrowser;
  let tokenA = '';
  let base = '';
  let bCoding = '';
  let aCoding = '';
  let roundId = '';
  // Phrases only one coder coded, so finding them on a page tells whose codings it shows.
  const aPhrase = 'real tension for change';
  const bPhrase = 'the funding was cut twice';

  beforeAll(async () => {
    database = await backend.open();
    built = await buildTestApp(database);
    p = await buildTestProject(database);
    aCoding = await p.code('SM01', aPhrase, p.codes.tension, { coderId: p.coderA.id, valence: 'facilitating' });
    bCoding = await p.code('SM01', bPhrase, p.codes.funding, { coderId: p.coderB.id, valence: 'inhibiting' });
    await p.code('SM02', 'a strong champion', p.codes.advocacy, { coderId: p.coderB.id });
    roundId = (await createRound(database.db, p.lead.id, p.evaluationId, { name: 'Blind round', sourceIds: [p.sources.SM01], coderA: p.coderA.id, coderB: p.coderB.id })).id;
    coderA = new TestBrowser(built.app);
    await coderA.signIn(p.coderA);
    lead = new TestBrowser(built.app);
    await lead.signIn(p.lead);
    tokenA = (await createApiToken(database.db, p.coderA.id, 'test')).token;
    base = `/evaluations/${p.slug}`;
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  it('shows a coder in the round only their own codings on the coding page, and says why', async () => {
    for (const url of [`${base}/sources/${p.sources.SM01}/code`, `${base}/sources/${p.sources.SM01}/code?codings=all`]) {
      const page = await coderA.get(url);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('You are coding this source blind in the agreement round “Blind round”');
      expect(page.body).toContain('1 coding of yours');
      expect(page.body).toContain(`id="coding-${aCoding}"`);
      expect(page.body).not.toContain(`coding-${bCoding}`);
      expect(page.body).not.toContain('Bea Coder');
      expect(page.body).not.toContain('Show everyone’s codings');
    }
    // A source outside the round is not blind.
    const other = await coderA.get(`${base}/sources/${p.sources.SM02}/code`);
    expect(other.body).not.toContain('coding this source blind');
    expect(other.body).toContain('Bea Coder');
  });

  it('hides the other coder’s codings from the transcript page, the code page and the review list', async () => {
    const transcript = await coderA.get(`${base}/transcripts/${p.sources.SM01}`);
    expect(transcript.statusCode).toBe(200);
    expect(transcript.body).toContain('You are coding this transcript blind');
    expect(transcript.body).toContain(`“${aPhrase}”`);
    expect(transcript.body).not.toContain(`“${bPhrase}”`);
    const code = await coderA.get(`${base}/codebook/${p.codes.funding.id}`);
    expect(code.statusCode).toBe(200);
    expect(code.body).not.toContain(bPhrase);
    await database.db.updateTable('qda_codings').set({ needs_review: true, review_note: 'The text changed here' }).where('id', '=', bCoding).execute();
    expect((await coderA.get(`${base}/transcripts/needs-review`)).body).not.toContain(bPhrase);
    expect((await lead.get(`${base}/transcripts/needs-review`)).body).toContain(bPhrase);
    // The lead, who is not one of the round's coders, sees both.
    expect((await lead.get(`${base}/transcripts/${p.sources.SM01}`)).body).toContain(`“${bPhrase}”`);
    expect((await lead.get(`${base}/codebook/${p.codes.funding.id}`)).body).toContain(bPhrase);
  });

  it('refuses the other coder’s coding by its address: change page, quote page, API', async () => {
    expect((await coderA.get(`${base}/sources/${p.sources.SM01}/codings/${bCoding}`)).statusCode).toBe(404);
    expect((await coderA.get(`${base}/quotes/new?coding=${bCoding}`)).statusCode).toBe(404);
    expect((await coderA.get(`${base}/sources/${p.sources.SM01}/codings/${aCoding}`)).statusCode).toBe(200);
    const prefix = `/api/v1/evaluations/${p.slug}`;
    expect((await api(built.app, tokenA, 'PATCH', `${prefix}/sources/${p.sources.SM01}/codings/${bCoding}`, { valence: 'mixed' })).status).toBe(404);
    expect((await api(built.app, tokenA, 'POST', `${prefix}/quotes`, { codingId: bCoding })).status).toBe(404);
  });

  it('answers the API with the coder’s own codings only, and the round they code blind in', async () => {
    const prefix = `/api/v1/evaluations/${p.slug}`;
    const list = await api(built.app, tokenA, 'GET', `${prefix}/sources/${p.sources.SM01}/codings`);
    expect(list.status).toBe(200);
    expect((list.body!.codings as { id: string }[]).map((c) => c.id)).toEqual([aCoding]);
    expect(list.body!.blindRound).toEqual({ id: roundId, name: 'Blind round' });
    const transcript = await api(built.app, tokenA, 'GET', `${prefix}/transcripts/${p.sources.SM01}`);
    expect(JSON.stringify(transcript.body)).not.toContain(bCoding);
    const leadToken = (await createApiToken(database.db, p.lead.id, 'test')).token;
    const forLead = await api(built.app, leadToken, 'GET', `${prefix}/sources/${p.sources.SM01}/codings`);
    expect((forLead.body!.codings as { id: string }[]).map((c) => c.id).sort()).toEqual([aCoding, bCoding].sort());
    expect(forLead.body!.blindRound).toBeNull();
  });

  it('answers the coding script with the coder’s own codings, numbered as their page numbers them', async () => {
    const page = await coderA.get(`${base}/sources/${p.sources.SM01}/code`);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const text = p.text('SM01');
    const start16 = text.indexOf('no dedicated time');
    const response = await built.app.inject({
      method: 'POST',
      url: `${base}/sources/${p.sources.SM01}/codings`,
      headers: { cookie: coderA.cookieHeader(), 'content-type': 'application/json', 'x-csrf-token': token },
      payload: JSON.stringify({ _csrf: token, start16, end16: start16 + 'no dedicated time'.length, codeIds: [p.codes.time.id], valence: 'inhibiting' }),
    });
    expect(response.statusCode).toBe(201);
    const body = JSON.parse(response.body) as { codings: { number: number; coderId: string }[] };
    expect(body.codings).toHaveLength(1);
    expect(body.codings[0]).toMatchObject({ coderId: p.coderA.id, number: 2 });
    expect(response.body).not.toContain(bCoding);
  });

  it('shows a lead who codes in a round only their own codings until it closes, then both on the reconciliation page', async () => {
    await p.code('SM02', 'no dedicated time', p.codes.time, { coderId: p.lead.id });
    const round = await createRound(database.db, p.lead.id, p.evaluationId, { name: 'Lead codes too', sourceIds: [p.sources.SM02], coderA: p.lead.id, coderB: p.coderB.id });
    const open = await lead.get(`${base}/sources/${p.sources.SM02}/code`);
    expect(open.body).toContain('coding this source blind in the agreement round “Lead codes too”');
    expect(open.body).not.toContain('Bea Coder');
    expect((await lead.get(`${base}/agreement/${round.id}/disagreements`)).statusCode).toBe(409);

    await closeRound(database.db, p.lead.id, p.evaluationId, round.id, new Date());
    const closed = await lead.get(`${base}/sources/${p.sources.SM02}/code`);
    expect(closed.body).not.toContain('coding this source blind');
    const differences = await lead.get(`${base}/agreement/${round.id}/disagreements`);
    expect(differences.statusCode).toBe(200);
    expect(differences.body).toContain('B: Bea Coder');
    expect(differences.body).toContain('Support and advocacy');
    expect(differences.body).toContain('Dedicated time and resources');
  });

  it('lifts the blind for the round’s coders once it closes', async () => {
    await closeRound(database.db, p.lead.id, p.evaluationId, roundId, new Date());
    const page = await coderA.get(`${base}/sources/${p.sources.SM01}/code`);
    expect(page.body).not.toContain('coding this source blind');
    expect(page.body).toContain('Show only your codings');
  });
});
