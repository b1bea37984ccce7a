import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { backends } from '../../../../test/databases.ts';
import { addUser } from '../../../../test/app.ts';
import type { Database } from '../../../db/database.ts';
import { createEvaluation } from '../../evaluations/service.ts';
import { listCodes, listSources } from '../service.ts';
import { importQdpx } from './import.ts';
import * as store from './store.ts';
import type * as storeModule from './store.ts';
import { fixtureProjectXml, fixtureQdpx, zipEntries } from './test-projects.ts';

// The memos are stored last; making that step fail shows that everything before it is undone.
vi.mock('./store.ts', async (importOriginal) => {
  const real = await importOriginal<typeof storeModule>();
  return { ...real, insertMemos: vi.fn(real.insertMemos) };
});

describe.each(backends)('a REFI-QDA import is all or nothing on $name', (backend) => {
  let database: Database;
  let userId: string;
  beforeAll(async () => {
    database = await backend.open();
    userId = (await addUser(database)).id;
  });
  afterAll(() => database.close());

  it('leaves nothing behind when storing fails part-way', async () => {
    const evaluation = await createEvaluation(database.db, userId, { title: 'Interrupted' });
    vi.mocked(store.insertMemos).mockRejectedValueOnce(new Error('the disk is full'));
    await expect(importQdpx(database.db, userId, evaluation.id, { content: await fixtureQdpx(), filename: 'f.qdpx' })).rejects.toThrow('the disk is full');
    expect(await listCodes(database.db, evaluation.id)).toEqual([]);
    expect(await listSources(database.db, evaluation.id)).toEqual([]);
    expect(await store.participantsOfEvaluation(database.db, evaluation.id)).toEqual([]);
    expect(await store.codingsOfEvaluation(database.db, evaluation.id)).toEqual([]);

    const report = await importQdpx(database.db, userId, evaluation.id, { content: await fixtureQdpx(), filename: 'f.qdpx' });
    expect(report.imported).toMatchObject({ codes: 4, sources: 1, codings: 2, memos: 1 });
  });

  it('keeps a text holding NUL characters, which a database text cannot, with positions unchanged', async () => {
    const evaluation = await createEvaluation(database.db, userId, { title: 'NUL' });
    const text = 'Diet and\u0000health are closely linked in this interview.';
    const archive = await zipEntries({ 'project.qde': fixtureProjectXml(), 'sources/11111111-1111-1111-1111-111111111111.txt': text });
    const report = await importQdpx(database.db, userId, evaluation.id, { content: archive, filename: 'nul.qdpx' });
    expect(report.notImported.find((n) => n.element === 'text source')?.reason).toContain('its text holds 1 NUL character');
    const [source] = await listSources(database.db, evaluation.id);
    expect(source?.length).toBe([...text].length);
  });
});
