/** Grouping dated things by week, month and year for the plan and the timeline pages. */

const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** 'May 2006' for any date in May 2006 ('yyyy-mm-dd' or 'yyyy-mm'). */
export function monthLabel(isoDate: string): string {
  const [year = '', month = '1'] = isoDate.split('-');
  return `${monthNames[Number(month) - 1] ?? ''} ${year}`;
}

export interface WeekGroup<T> {
  weekStarting: string;
  items: T[];
}

export interface MonthGroup<T> {
  /** 'yyyy-mm', for anchors and sorting. */
  month: string;
  label: string;
  weeks: WeekGroup<T>[];
}

/**
 * Items grouped by the month their week starts in, then by week, both in time order; items of the
 * same week keep the order they came in.
 */
export function byMonthAndWeek<T extends { weekStarting: string }>(items: readonly T[]): MonthGroup<T>[] {
  const sorted = [...items].sort((a, b) => a.weekStarting.localeCompare(b.weekStarting));
  const months: MonthGroup<T>[] = [];
  for (const item of sorted) {
    const month = item.weekStarting.slice(0, 7);
    let group = months.at(-1);
    if (group?.month !== month) {
      group = { month, label: monthLabel(month), weeks: [] };
      months.push(group);
    }
    let week = group.weeks.at(-1);
    if (week?.weekStarting !== item.weekStarting) {
      week = { weekStarting: item.weekStarting, items: [] };
      group.weeks.push(week);
    }
    week.items.push(item);
  }
  return months;
}

export interface YearGroup<T> {
  year: string;
  items: T[];
}

/** Items grouped by the year of their date, in time order; the sort is stable for equal dates. */
export function byYear<T extends { date: string }>(items: readonly T[]): YearGroup<T>[] {
  const sorted = [...items].sort((a, b) => a.date.localeCompare(b.date));
  const years: YearGroup<T>[] = [];
  for (const item of sorted) {
    const year = item.date.slice(0, 4);
    let group = years.at(-1);
    if (group?.year !== year) {
      group = { year, items: [] };
      years.push(group);
    }
    group.items.push(item);
  }
  return years;
}
