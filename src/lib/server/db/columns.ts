// Column types the table interfaces share (schema.ts, programmeSchema.ts).
import type { ColumnType } from 'kysely';

export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type Json<T> = ColumnType<T, string, string>;
/** a timestamp the database fills in when the insert leaves it out */
export type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** a calendar date, YYYY-MM-DD, as text both ways */
export type CalendarDate = ColumnType<string, string, string>;
