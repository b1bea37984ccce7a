import { describe, expect, it } from 'vitest';
import { compareNames, firstInitials, nameParts, normalisedName } from './names.ts';

describe('directory names', () => {
  it('reduces a name to its parts whichever way it was written', () => {
    expect(nameParts('Dr J. Smith')).toMatchObject({ given: 'j', surname: 'smith', title: 'dr', surnameFirst: false });
    expect(nameParts('Smith, John')).toMatchObject({ given: 'john', surname: 'smith', surnameFirst: true });
    expect(nameParts("Prof. Siobhán O'Brien PhD")).toMatchObject({ given: 'siobhan', surname: 'obrien', title: 'prof' });
    expect(nameParts('Anna van der Berg')).toMatchObject({ given: 'anna', middle: [], surname: 'van der berg', surnameKey: 'berg' });
    expect(nameParts('John A. Smith')).toMatchObject({ given: 'john', middle: ['a'], surname: 'smith' });
    expect(normalisedName('Smith,  Dr John')).toBe('john smith');
  });

  it('files a short form under the full name\'s initial too', () => {
    expect(firstInitials(nameParts('Bob Mason')).sort()).toEqual(['b', 'r']);
    expect(firstInitials(nameParts('Robert Mason'))).toEqual(['r']);
  });

  it('scores "Dr J. Smith", "John Smith" and "Smith, John" as one person, with reasons', () => {
    const john = nameParts('John Smith');
    expect(compareNames(nameParts('Smith, John'), john)).toEqual({ score: 1, reasons: ['same first name and surname', 'one written surname first'] });
    expect(compareNames(nameParts('Dr J. Smith'), john)).toEqual({ score: 0.75, reasons: ['initial J. fits John', 'same surname', 'title Dr on one entry only'] });
    expect(compareNames(nameParts('Jim Smith'), nameParts('James Smith'))).toMatchObject({ score: 0.9, reasons: ['Jim is a short form of James', 'same surname'] });
  });

  it('does not pair different first names, surnames or middle initials', () => {
    expect(compareNames(nameParts('John Smith'), nameParts('James Smith')).score).toBe(0);
    expect(compareNames(nameParts('John Smith'), nameParts('John Smyth')).score).toBe(0);
    expect(compareNames(nameParts('K. Smith'), nameParts('John Smith')).score).toBe(0);
    expect(compareNames(nameParts('John A. Smith'), nameParts('John B. Smith')).score).toBe(0.5);
  });
});
