import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failingIn, formativeIn, slowCli } from '../../test/cli.ts';
import { openEmbeddedDatabase } from '../db/database.ts';
import { beginEnrolment, confirmEnrolment, secondFactorOn } from '../modules/accounts/second-factor.ts';
import { findUserByEmail } from '../modules/accounts/service.ts';
import { codeAt } from '../modules/accounts/totp.ts';

describe('formative user second-factor reset', () => {
  let dir: string;
  const formative = (...args: string[]) => formativeIn(dir, ...args);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'formative-user-cli-'));
    await formative('user', 'add', '--email', 'lost.phone@example.org', '--name', 'Lost Phone');
  }, slowCli);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('removes the second factor of the account named, audited, and says when there was none', async () => {
    // Set up as the account page would; the command itself needs no FORMATIVE_SECRET.
    const secret = 'the key used while the second factor was set up';
    let database = await openEmbeddedDatabase(join(dir, 'data'));
    const user = (await findUserByEmail(database.db, 'lost.phone@example.org'))!;
    const { secret: key } = await beginEnrolment(database.db, secret, user);
    await confirmEnrolment(database.db, secret, user, codeAt(key, new Date()), new Date());
    await database.close();

    const { stdout } = await formative('user', 'second-factor', 'reset', 'Lost.Phone@example.org');
    expect(stdout.trim()).toBe('Two-step sign-in removed for Lost Phone <lost.phone@example.org>. Their password alone signs them in until they set it up again from their account page.');
    const again = await formative('user', 'second-factor', 'reset', 'lost.phone@example.org', '--json');
    expect(JSON.parse(again.stdout)).toEqual({ id: user.id, email: 'lost.phone@example.org', reset: false });

    database = await openEmbeddedDatabase(join(dir, 'data'));
    try {
      expect(await secondFactorOn(database.db, user.id)).toBe(false);
      const audit = await database.db.selectFrom('audit_log').select(['action', 'user_id', 'detail']).where('entity_id', '=', user.id).orderBy('id').execute();
      expect(audit.map((e) => e.action)).toEqual(['second-factor-on', 'second-factor-reset']);
      expect(audit[1]).toEqual({ action: 'second-factor-reset', user_id: null, detail: { by: 'command line' } });
    } finally {
      await database.close();
    }
  }, slowCli);

  it('refuses an unknown e-mail, or none, in one line', async () => {
    const unknown = await failingIn(dir, 'user', 'second-factor', 'reset', 'nobody@example.org');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('formative: No account has the e-mail nobody@example.org');
    const none = await failingIn(dir, 'user', 'second-factor', 'reset');
    expect(none.stderr.trim()).toBe('formative: Give the e-mail address of one account, like: formative user second-factor reset ann@example.org');
  }, slowCli);
});
