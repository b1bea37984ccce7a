import { describe, expect, it } from 'vitest';
import { parseDefinition } from '../definition.ts';
import { nextPageNumber, positionText, previousPageNumber, visibility } from './navigation.ts';
import { digest } from '../../accounts/service.ts';
import { formatResumeCode, formToken, isFormTokenValid, isResponseKey, keyDigest, newResponseKey, normaliseResumeCode, resumeCodeOf } from './response-key.ts';
import { everyFormat } from './test-fixtures.ts';

describe('response keys and resume codes', () => {
  it('carries the resume code at the end of the key', () => {
    const { key, resumeCode } = newResponseKey();
    expect(isResponseKey(key)).toBe(true);
    expect(resumeCodeOf(key)).toBe(resumeCode);
    expect(resumeCode).toMatch(/^[a-hjkmnp-z2-9]{10}$/);
    expect(newResponseKey(resumeCode).key).not.toBe(key);
    expect(resumeCodeOf(newResponseKey(resumeCode).key)).toBe(resumeCode);
  });

  it('refuses addresses that cannot be keys', () => {
    expect(isResponseKey('short')).toBe(false);
    expect(isResponseKey(`${'a'.repeat(43)}ABCDEFGHJK`)).toBe(false);
    expect(isResponseKey(`${'a'.repeat(43)}abcdefghi1`)).toBe(false);
  });

  it('shows codes grouped and reads them back however they are typed', () => {
    expect(formatResumeCode('abcdefghjk')).toBe('ABCD-EFGH-JK');
    expect(normaliseResumeCode(' abcd efgh-JK ')).toBe('abcdefghjk');
    expect(normaliseResumeCode('ABCD-EFGH-J')).toBeUndefined();
    expect(normaliseResumeCode('ABCD-EFGH-JO')).toBeUndefined();
  });

  it('stores keys as the same digest the rest of Formative uses for secrets', () => {
    const { key } = newResponseKey();
    expect(keyDigest(key)).toBe(digest(key));
    expect(formToken(key)).not.toBe(keyDigest(key));
  });

  it('accepts only the form token of the same key', () => {
    const a = newResponseKey().key;
    const b = newResponseKey().key;
    expect(isFormTokenValid(a, formToken(a))).toBe(true);
    expect(isFormTokenValid(a, formToken(b))).toBe(false);
    expect(isFormTokenValid(a, undefined)).toBe(false);
    expect(isFormTokenValid(a, [formToken(a)])).toBe(false);
  });
});

describe('pages shown under the conditions', () => {
  const definition = parseDefinition(everyFormat);

  it('counts only the pages shown', () => {
    const manager = visibility(definition, { manager: 1, role: 'lead' });
    expect(manager.pages).toEqual([1, 2, 3]);
    expect(positionText(manager, 3)).toBe('Page 3 of 3');
    const staff = visibility(definition, { manager: 0, role: 'staff' });
    expect(staff.pages).toEqual([1, 3]);
    expect(positionText(staff, 3)).toBe('Page 2 of 2');
    expect(nextPageNumber(staff, 1)).toBe(3);
    expect(previousPageNumber(staff, 3)).toBe(1);
    expect(nextPageNumber(staff, 3)).toBeUndefined();
    expect([...staff.hidden].sort()).toEqual(['leadOnly', 'teamSize']);
  });

  it('ignores a leftover answer on a hidden page when reading later conditions', () => {
    const chained = parseDefinition({
      pages: [
        { id: 'a', title: 'A', questions: [{ id: 'q1', text: 'Q1', format: { type: 'boolean', style: 'yes-no' } }] },
        { id: 'b', title: 'B', condition: { all: [{ question: 'q1', op: 'equals', value: 1 }] }, questions: [{ id: 'q2', text: 'Q2', format: { type: 'boolean', style: 'yes-no' } }] },
        { id: 'c', title: 'C', condition: { all: [{ question: 'q2', op: 'equals', value: 1 }] }, questions: [{ id: 'q3', text: 'Q3', format: { type: 'text' } }] },
      ],
    });
    expect(visibility(chained, { q1: 1, q2: 1 }).pages).toEqual([1, 2, 3]);
    expect(visibility(chained, { q1: 0, q2: 1 }).pages).toEqual([1]);
  });
});
