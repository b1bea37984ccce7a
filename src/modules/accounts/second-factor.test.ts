import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import { addUser } from '../../../test/app.ts';
import type { Database } from '../../db/database.ts';
import type { User } from './service.ts';
import * as factor from './second-factor.ts';
import { decryptSecret, encryptSecret, secondFactorKey, SecondFactorKeyError } from './second-factor-key.ts';
import { codeAt, matchingStep, newTotpSecret, otpauthUri, stepAt } from './totp.ts';

const serverSecret = 'a server secret that is long enough to be a real one';
const t0 = new Date('2026-11-26T12:00:10Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

describe('time-based codes', () => {
  const secret = newTotpSecret();

  it('accepts the code of the current step and of one step either side, and no further', () => {
    expect(matchingStep(secret, codeAt(secret, t0), t0)).toBe(stepAt(t0));
    expect(matchingStep(secret, codeAt(secret, at(-30)), t0)).toBe(stepAt(t0) - 1);
    expect(matchingStep(secret, codeAt(secret, at(30)), t0)).toBe(stepAt(t0) + 1);
    // Two steps away is refused, unless by chance the two codes are the same six digits.
    for (const offset of [-60, 60]) {
      const far = codeAt(secret, at(offset));
      if (![-30, 0, 30].some((near) => codeAt(secret, at(near)) === far)) expect(matchingStep(secret, far, t0)).toBeUndefined();
    }
    expect(matchingStep(secret, ` ${codeAt(secret, t0).slice(0, 3)} ${codeAt(secret, t0).slice(3)} `, t0)).toBe(stepAt(t0));
    expect(matchingStep(secret, 'abcdef', t0)).toBeUndefined();
  });

  it('matches RFC 6238 test vector (SHA-1, 6 digits) and writes the address apps read', () => {
    // The RFC's SHA-1 key is the ASCII "12345678901234567890"; at 59 s its 8-digit code is 94287082.
    const rfcKey = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(codeAt(rfcKey, new Date(59_000))).toBe('287082');
    expect(otpauthUri(rfcKey, 'ann@example.org')).toBe(`otpauth://totp/Formative:ann%40example.org?issuer=Formative&secret=${rfcKey}&algorithm=SHA1&digits=6&period=30`);
  });
});

describe('the secret key', () => {
  it('encrypts and decrypts a secret, and refuses a wrong key, another account or no key, saying why', () => {
    const key = secondFactorKey(serverSecret);
    const stored = encryptSecret(key, 'user-1', 'JBSWY3DPEHPK3PXP');
    expect(stored).not.toContain('JBSWY3DPEHPK3PXP');
    expect(stored).toMatch(/^v1\./);
    expect(encryptSecret(key, 'user-1', 'JBSWY3DPEHPK3PXP')).not.toBe(stored);
    expect(decryptSecret(key, 'user-1', stored)).toBe('JBSWY3DPEHPK3PXP');
    const wrongKey = secondFactorKey('another server secret, just as long as the first');
    expect(() => decryptSecret(wrongKey, 'user-1', stored)).toThrow(SecondFactorKeyError);
    expect(() => decryptSecret(wrongKey, 'user-1', stored)).toThrow(/cannot be decrypted with the FORMATIVE_SECRET set now.*formative user second-factor reset EMAIL/);
    expect(() => decryptSecret(key, 'user-2', stored)).toThrow(SecondFactorKeyError);
    expect(() => secondFactorKey(undefined)).toThrow(/FORMATIVE_SECRET is not set/);
  });
});

describe.each(backends)('second factor on $name', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await backend.open();
  });
  afterAll(async () => {
    await database.close();
  });

  async function enrolled(): Promise<{ user: User; secret: string; codes: string[] }> {
    const user = await addUser(database);
    const { secret } = await factor.beginEnrolment(database.db, serverSecret, user);
    const codes = await factor.confirmEnrolment(database.db, serverSecret, user, codeAt(secret, t0), t0);
    return { user, secret, codes };
  }

  const audit = (userId: string) =>
    database.db.selectFrom('audit_log').select(['action', 'detail', 'user_id']).where('entity_id', '=', userId).orderBy('id').execute();

  it('keeps the secret being set up across visits, encrypted, and turns it on only with a right code', async () => {
    const user = await addUser(database);
    const first = await factor.beginEnrolment(database.db, serverSecret, user);
    const again = await factor.beginEnrolment(database.db, serverSecret, user);
    expect(again.secret).toBe(first.secret);
    expect(first.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(first.qrCode.split(',')[1]!, 'base64').toString()).toContain('<svg');
    const row = await database.db.selectFrom('second_factors').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.secret_encrypted).not.toContain(first.secret);
    expect(await factor.secondFactorOn(database.db, user.id)).toBe(false);

    await expect(factor.confirmEnrolment(database.db, serverSecret, user, '000000' === codeAt(first.secret, t0) ? '111111' : '000000', t0)).rejects.toThrow('Wrong code');
    const codes = await factor.confirmEnrolment(database.db, serverSecret, user, codeAt(first.secret, t0), t0);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    const stored = await database.db.selectFrom('second_factor_recovery_codes').select('code_hash').where('user_id', '=', user.id).execute();
    expect(stored.map((r) => r.code_hash).join()).not.toContain(codes[0]!.replaceAll('-', ''));
    expect(await factor.secondFactorState(database.db, user.id)).toMatchObject({ state: 'on', recoveryCodesLeft: 10 });
    expect((await audit(user.id)).map((e) => e.action)).toEqual(['second-factor-on']);
  });

  it('signs in once with a code and refuses the same code again', async () => {
    const { user, secret } = await enrolled();
    const code = codeAt(secret, at(30));
    const first = await factor.startChallenge(database.db, user.id, '/account', at(30));
    expect(await factor.answerChallenge(database.db, serverSecret, first.token, code, at(31))).toEqual({ outcome: 'signed-in', userId: user.id, nextPath: '/account' });
    // The token is used up, and the same code, through a new sign-in, is a replay.
    expect(await factor.answerChallenge(database.db, serverSecret, first.token, code, at(32))).toEqual({ outcome: 'start-again' });
    const second = await factor.startChallenge(database.db, user.id, '/account', at(33));
    expect(await factor.answerChallenge(database.db, serverSecret, second.token, code, at(34))).toEqual({ outcome: 'wrong-code', reason: 'used-before' });
    // An older code still in the window is refused too: only later steps count.
    expect(await factor.answerChallenge(database.db, serverSecret, second.token, codeAt(secret, at(5)), at(34))).toMatchObject({ outcome: 'wrong-code' });
    expect(await factor.answerChallenge(database.db, serverSecret, second.token, codeAt(secret, at(60)), at(61))).toMatchObject({ outcome: 'signed-in' });
    const failures = (await audit(user.id)).filter((e) => e.action === 'second-factor-failed');
    expect(failures.map((e) => e.detail)).toEqual([
      { step: 'sign-in', method: 'app', reason: 'used-before' },
      { step: 'sign-in', method: 'app', reason: 'used-before' },
    ]);
    expect(JSON.stringify(await audit(user.id))).not.toContain(code);
  });

  it('takes each recovery code once, typed in any case or spacing', async () => {
    const { user, codes } = await enrolled();
    const challenge = await factor.startChallenge(database.db, user.id, '', at(40));
    const typed = ` ${codes[3]!.toUpperCase().replaceAll('-', ' ')} `;
    expect(await factor.answerChallenge(database.db, serverSecret, challenge.token, typed, at(41))).toMatchObject({ outcome: 'signed-in' });
    const again = await factor.startChallenge(database.db, user.id, '', at(42));
    expect(await factor.answerChallenge(database.db, serverSecret, again.token, codes[3]!, at(43))).toEqual({ outcome: 'wrong-code', reason: 'wrong-code' });
    expect(await factor.secondFactorState(database.db, user.id)).toMatchObject({ recoveryCodesLeft: 9 });
    const entries = await audit(user.id);
    expect(entries.find((e) => e.action === 'sign-in-second-factor')?.detail).toEqual({ method: 'recovery-code' });
    expect(JSON.stringify(entries)).not.toContain(codes[3]!);
  });

  it('ends a waiting sign-in after five wrong codes or ten minutes', async () => {
    const { user, secret } = await enrolled();
    const wrong = codeAt(secret, at(100)) === '123456' ? '654321' : '123456';
    const challenge = await factor.startChallenge(database.db, user.id, '', at(100));
    const outcomes = [];
    for (let i = 0; i < 5; i++) outcomes.push((await factor.answerChallenge(database.db, serverSecret, challenge.token, wrong, at(101))).outcome);
    expect(outcomes).toEqual(['wrong-code', 'wrong-code', 'wrong-code', 'wrong-code', 'start-again']);
    expect(await factor.answerChallenge(database.db, serverSecret, challenge.token, codeAt(secret, at(101)), at(101))).toEqual({ outcome: 'start-again' });
    const late = await factor.startChallenge(database.db, user.id, '', at(200));
    expect(await factor.challengeExists(database.db, late.token, at(200 + 599))).toBe(true);
    expect(await factor.answerChallenge(database.db, serverSecret, late.token, codeAt(secret, at(801)), at(801))).toEqual({ outcome: 'start-again' });
  });

  it('turns off only with the password and a current code, and resets from the command line', async () => {
    const { user, secret } = await enrolled();
    await expect(factor.disableSecondFactor(database.db, serverSecret, user, 'wrong password', codeAt(secret, at(300)), at(300))).rejects.toThrow('Not turned off');
    await expect(factor.disableSecondFactor(database.db, serverSecret, user, 'a long test password', '000000' === codeAt(secret, at(300)) ? '111111' : '000000', at(300))).rejects.toThrow('Not turned off');
    expect(await factor.secondFactorOn(database.db, user.id)).toBe(true);
    await factor.disableSecondFactor(database.db, serverSecret, user, 'a long test password', codeAt(secret, at(300)), at(300));
    expect(await factor.secondFactorState(database.db, user.id)).toEqual({ state: 'off' });
    expect(await database.db.selectFrom('second_factor_recovery_codes').select('id').where('user_id', '=', user.id).execute()).toEqual([]);
    expect((await audit(user.id)).map((e) => [e.action, e.detail])).toEqual([
      ['second-factor-on', {}],
      ['second-factor-failed', { step: 'turn-off', reason: 'wrong-password' }],
      ['second-factor-failed', { step: 'turn-off', reason: 'wrong-code' }],
      ['second-factor-off', {}],
    ]);

    const other = await enrolled();
    expect(await factor.resetSecondFactor(database.db, other.user.email.toUpperCase())).toMatchObject({ hadFactor: true });
    expect(await factor.secondFactorOn(database.db, other.user.id)).toBe(false);
    expect((await audit(other.user.id)).at(-1)).toEqual({ action: 'second-factor-reset', detail: { by: 'command line' }, user_id: null });
    expect(await factor.resetSecondFactor(database.db, other.user.email)).toMatchObject({ hadFactor: false });
    await expect(factor.resetSecondFactor(database.db, 'nobody@example.org')).rejects.toThrow('No account has the e-mail nobody@example.org');
  });

  it('makes a new secret when one being set up was begun under another FORMATIVE_SECRET', async () => {
    const user = await addUser(database);
    const before = await factor.beginEnrolment(database.db, 'an earlier server secret, long enough as well', user);
    const after = await factor.beginEnrolment(database.db, serverSecret, user);
    expect(after.secret).not.toBe(before.secret);
    expect(await factor.confirmEnrolment(database.db, serverSecret, user, codeAt(after.secret, t0), t0)).toHaveLength(10);
  });

  it('will not start without FORMATIVE_SECRET once an account has a second factor, but will while one is only being set up', async () => {
    const fresh = await backend.open();
    try {
      await factor.beginEnrolment(fresh.db, serverSecret, await addUser(fresh));
      await expect(factor.checkSecondFactorKey(fresh.db, undefined)).resolves.toBeUndefined();
    } finally {
      await fresh.close();
    }
    await enrolled();
    await expect(factor.checkSecondFactorKey(database.db, undefined)).rejects.toThrow(/accounts? (has|have) a second factor, but FORMATIVE_SECRET is not set/);
    await expect(factor.checkSecondFactorKey(database.db, serverSecret)).resolves.toBeUndefined();
  });
});
