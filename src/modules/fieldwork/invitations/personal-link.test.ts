import { describe, expect, it } from 'vitest';
import { isResponseKey } from '../../surveys/respondent/response-key.ts';
import { isParticipantToken, participantToken, responseKeyForToken, tokenDigest } from './personal-link.ts';
import { fillPlaceholders, unknownPlaceholders } from './templates.ts';

describe('personal links', () => {
  const secret = 'a server secret of at least thirty-two characters';
  const id = '6b3c3a1e-0000-4000-8000-000000000001';

  it('derives a 160-bit token, the same every time, that no other secret or participant gives', () => {
    const token = participantToken(secret, id);
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    expect(isParticipantToken(token)).toBe(true);
    expect(participantToken(secret, id)).toBe(token);
    expect(participantToken(`${secret}!`, id)).not.toBe(token);
    expect(participantToken(secret, id.replace(/1$/, '2'))).not.toBe(token);
  });

  it('refuses tokens of the wrong length or alphabet before any query', () => {
    for (const bad of ['', 'abc', 'A'.repeat(32), '0'.repeat(32), 'a'.repeat(33)]) expect(isParticipantToken(bad)).toBe(false);
  });

  it('gives a response key in the respondent module’s form, unlike the stored digest of the token', () => {
    const token = participantToken(secret, id);
    const { key, resumeCode } = responseKeyForToken(token);
    expect(isResponseKey(key)).toBe(true);
    expect(key.endsWith(resumeCode)).toBe(true);
    expect(responseKeyForToken(token).key).toBe(key);
    expect(tokenDigest(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(key).not.toContain(tokenDigest(token).slice(0, 10));
  });
});

describe('message placeholders', () => {
  it('names unknown placeholders once each and fills known ones without scanning the values again', () => {
    expect(unknownPlaceholders('((name)) ((nmae)) ((x)) ((nmae))')).toEqual(['nmae', 'x']);
    expect(fillPlaceholders('Dear ((name)), see ((link))', { name: '((link))' })).toBe('Dear ((link)), see ((link))');
  });
});
