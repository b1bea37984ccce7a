import { describe, expect, it } from 'vitest';
import { findDoubleEntries, type EntryForChecks } from './doubles.ts';
import { monthsBefore, runChecks } from './checks.ts';

let counter = 0;
const entry = (name: string, fields: Partial<EntryForChecks> = {}): EntryForChecks => ({
  id: `p${String(++counter).padStart(4, '0')}`,
  name,
  email: null,
  phone: null,
  unitId: 'mh',
  unitName: 'Mental health',
  jobTitle: '',
  leftOn: null,
  lastVerifiedOn: null,
  emailBouncedAt: null,
  ...fields,
});

describe('double entries', () => {
  it('pairs the same person under name variants in the same unit, and the same e-mail anywhere', () => {
    const dr = entry('Dr J. Smith');
    const john = entry('John Smith');
    const reversed = entry('Smith, John');
    const jane = entry('Jane Smith', { unitId: 'ld', unitName: 'Learning disabilities' });
    const mailbox = [entry('Ann Lee', { email: 'Team@Example.org', unitId: null }), entry('Bob Roe', { email: 'team@example.org ' })];
    const found = findDoubleEntries([dr, john, reversed, jane, ...mailbox]);
    const pairs = found.map((f) => [f.personId, f.otherPersonId].join('+'));
    expect(pairs).toContain(`${john.id}+${reversed.id}`);
    expect(pairs).toContain(`${dr.id}+${john.id}`);
    expect(pairs).toContain(`${dr.id}+${reversed.id}`);
    expect(pairs).toContain(`${mailbox[0]!.id}+${mailbox[1]!.id}`);
    expect(pairs.some((p) => p.includes(jane.id)), 'Jane is not John').toBe(false);
    const sameName = found.find((f) => f.personId === john.id && f.otherPersonId === reversed.id)!;
    expect(sameName).toMatchObject({ score: 0.8, reasons: ['same first name and surname', 'one written surname first', 'same unit'] });
    const mail = found.find((f) => f.personId === mailbox[0]!.id)!;
    expect(mail.score).toBe(0.9);
    expect(mail.reasons[0]).toBe('same e-mail address');
  });

  it('does not pair near-miss names in different units on the name alone', () => {
    const ld = { unitId: 'ld', unitName: 'Learning disabilities' };
    const pairs = [
      // Same initial and surname, same job title, different people in different programmes.
      [entry('John Smith', { jobTitle: 'Project manager', email: 'john.smith@csip.example.org', phone: '0113 496 0123' }), entry('J. Smith', { ...ld, jobTitle: 'Project manager', email: 'j.smith@csip.example.org', phone: '0161 496 0456' })],
      [entry('Baker, Joan', { jobTitle: 'Administrator' }), entry('Joan Baker', { ...ld, jobTitle: 'Administrator' })],
      [entry('Dr Ann Patel'), entry('Ann B. Patel', { ...ld })],
      [entry('Robert Jones', { phone: '0117 496 0001' }), entry('Bob Jones', { ...ld, phone: '0117 496 0002' })],
    ];
    const found = findDoubleEntries(pairs.flat());
    expect(found).toEqual([]);
    // The same pairs in one unit are raised: the rule is about units, not the names.
    const sameUnit = findDoubleEntries(pairs.map(([a, b]) => [a!, { ...b!, unitId: a!.unitId, unitName: a!.unitName }]).flat());
    expect(sameUnit).toHaveLength(pairs.length);
  });

  it('pairs one person across units when a phone number or e-mail name says so', () => {
    const ld = { unitId: 'ld', unitName: 'Learning disabilities' };
    const byPhone = [entry('John Smith', { phone: '0113 496 0123' }), entry('Smith, John', { ...ld, phone: '0113 4960123' })];
    const byMailName = [entry('Jane Doe', { email: 'jane.doe@csip.example.org' }), entry('J. Doe', { ...ld, email: 'Jane.Doe@nhs.example.net' })];
    const byAddress = [entry('Mary Roe', { email: 'm.roe@csip.example.org' }), entry('Roe, M.', { ...ld, email: 'm.roe@csip.example.org' })];
    const found = findDoubleEntries([...byPhone, ...byMailName, ...byAddress]);
    const pairs = found.map((f) => `${f.personId}+${f.otherPersonId}`);
    expect(pairs.sort()).toEqual([byPhone, byMailName, byAddress].map(([a, b]) => `${a!.id}+${b!.id}`).sort());
    const phone = found.find((f) => f.personId === byPhone[0]!.id)!;
    expect(phone.reasons).toEqual(expect.arrayContaining(['same phone number', 'different units (Mental health and Learning disabilities)']));
    expect(found.find((f) => f.personId === byMailName[0]!.id)!.reasons).toContain('same e-mail name at another domain');
  });

  it('finds doubles in 100,000 entries without comparing every pair', () => {
    const many: EntryForChecks[] = [];
    for (let i = 0; i < 100_000; i++) many.push(entry(`Person${i} Surname${i % 5000}`, { email: `p${i}@example.org` }));
    many.push(entry('Person7 Surname7', { email: 'P7@example.org' }));
    const started = performance.now();
    const found = findDoubleEntries(many);
    expect(found).toHaveLength(1);
    // Generous on a busy machine; pairwise comparison would take minutes.
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});

describe('missing and out-of-date entries', () => {
  it('judges gaps, leave dates, verification and bounces against the day given', () => {
    const settings = { asOf: '2006-03-01', staleMonths: 12 };
    const gaps = entry('No Email', { unitId: null });
    const left = entry('Gone Person', { leftOn: '2005-12-31', email: 'g@example.org' });
    const stale = entry('Old Entry', { email: 'o@example.org', lastVerifiedOn: '2005-02-28' });
    const fresh = entry('Fresh Entry', { email: 'f@example.org', lastVerifiedOn: '2005-03-01' });
    const bounced = entry('Bounced Mail', { email: 'b@example.org', emailBouncedAt: new Date('2006-01-10T09:00:00Z') });
    const future = entry('Leaving Later', { email: 'l@example.org', leftOn: '2006-06-30' });
    const findings = runChecks([gaps, left, stale, fresh, bounced, future], settings);
    const of = (id: string) => findings.filter((f) => f.personId === id).map((f) => `${f.kind}: ${f.reasons.join('; ')}`);
    expect(of(gaps.id)).toEqual(['missing: no e-mail address; no unit']);
    expect(of(left.id)).toEqual(['out-of-date: left on 31 December 2005']);
    expect(of(stale.id)).toEqual(['out-of-date: not verified for more than 12 months (last on 28 February 2005)']);
    expect(of(fresh.id)).toEqual([]);
    expect(of(bounced.id)).toEqual(['out-of-date: e-mail bounced on 10 January 2006']);
    expect(of(future.id)).toEqual([]);
  });

  it('counts months back by the calendar', () => {
    expect(monthsBefore('2006-03-31', 1)).toBe('2006-02-28');
    expect(monthsBefore('2006-03-01', 12)).toBe('2005-03-01');
    expect(monthsBefore('2006-01-15', 18)).toBe('2004-07-15');
  });
});
