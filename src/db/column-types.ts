import type { ColumnType } from 'kysely';

/** Column types shared by the row-type files. Dates are 'yyyy-mm-dd' strings, timestamps Date. */
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type RequiredTimestamp = ColumnType<Date, Date | string, Date | string>;
export type Numeric = ColumnType<string, string | number, string | number>;
