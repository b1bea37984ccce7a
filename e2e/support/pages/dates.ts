import type { Locator } from 'playwright-core';

/** A date as typed into a GOV.UK date input: three boxes. */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

/** Types a date into the GOV.UK date input inside `group` (the fieldset, found by its legend). */
export async function fillDate(group: Locator, date: DateParts): Promise<void> {
  await group.getByLabel('Day', { exact: true }).fill(date.day);
  await group.getByLabel('Month', { exact: true }).fill(date.month);
  await group.getByLabel('Year', { exact: true }).fill(date.year);
}

/** What a GOV.UK date input holds now. */
export async function readDate(group: Locator): Promise<DateParts> {
  return {
    day: await group.getByLabel('Day', { exact: true }).inputValue(),
    month: await group.getByLabel('Month', { exact: true }).inputValue(),
    year: await group.getByLabel('Year', { exact: true }).inputValue(),
  };
}
