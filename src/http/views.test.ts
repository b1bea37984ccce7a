import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { addFilters } from './views.ts';

describe('the page filters for numbers and dates', () => {
  const env = new nunjucks.Environment();
  addFilters(env);
  const render = (template: string, context: object = {}) => env.renderString(template, context);

  it('groups thousands and keeps the decimals asked for, the same at every call', () => {
    expect(render('{{ 1234567 | number }}')).toBe('1,234,567');
    expect(render('{{ 3.14159 | number(2) }} {{ 2 | number(2) }}')).toBe('3.14 2.00');
    expect(render('{{ x | number(1) }}', { x: '0.25' })).toBe('0.3');
    expect(render('[{{ x | number }}]', { x: null })).toBe('[]');
  });

  it('writes days in words and times to the minute in UTC, leaving what is not a date as it is', () => {
    expect(render('{{ "2026-11-26" | date }}')).toBe('26 November 2026');
    expect(render('{{ d | datetime }}', { d: new Date('2026-11-26T14:02:31Z') })).toBe('26 Nov 2026, 14:02 UTC');
    expect(render('{{ "not a date" | date }}')).toBe('not a date');
  });
});
