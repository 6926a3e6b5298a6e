// LinkedIn shows dates relative to the reader ("Today", "Tuesday", "Apr 8", "Jun 10, 2024") and
// times in the browser's time zone ("12:18 PM"). These helpers turn what is shown into ISO
// strings. English UI labels only: other locales leave `at` unset rather than guess.

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

export interface CalendarDay {
  year: number;
  /** 1..12 */
  month: number;
  day: number;
}

function monthIndex(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase());
}

/** A date divider or list label as a calendar day, resolved against `now` when relative. */
export function parseDayLabel(label: string | undefined, now: Date): CalendarDay | undefined {
  if (!label) return undefined;
  const text = label.trim().replace(/\s+/g, ' ');
  const lower = text.toLowerCase();
  const today = { year: now.getFullYear(), month: now.getMonth() + 1, day: now.getDate() };
  if (lower === 'today') return today;
  if (lower === 'yesterday') return shift(today, -1);
  const weekday = WEEKDAYS.indexOf(lower);
  if (weekday >= 0) {
    // LinkedIn names the weekday only within the past week.
    const back = (now.getDay() - weekday + 7) % 7 || 7;
    return shift(today, -back);
  }
  const full = /^([A-Za-z]{3,9})\.? (\d{1,2}), (\d{4})$/.exec(text);
  if (full) return checked(Number(full[3]), monthIndex(full[1]!) + 1, Number(full[2]));
  const short = /^([A-Za-z]{3,9})\.? (\d{1,2})$/.exec(text);
  if (short) {
    const month = monthIndex(short[1]!) + 1;
    const day = Number(short[2]);
    // No year means this year, unless that date is still ahead of us.
    const thisYear = checked(today.year, month, day);
    if (!thisYear) return undefined;
    return compare(thisYear, today) > 0 ? checked(today.year - 1, month, day) : thisYear;
  }
  return undefined;
}

/** "12:18 PM" → [12, 18]; "9:05" → [9, 5]. */
export function parseClock(label: string | undefined): [number, number] | undefined {
  if (!label) return undefined;
  const match = /^(\d{1,2}):(\d{2})\s*([AaPp][Mm])?$/.exec(label.trim());
  if (!match) return undefined;
  let hours = Number(match[1]);
  const minutes = Number(match[2]);
  const meridiem = match[3]?.toLowerCase();
  if (minutes > 59 || hours > 23 || (meridiem && (hours < 1 || hours > 12))) return undefined;
  if (meridiem === 'pm' && hours < 12) hours += 12;
  if (meridiem === 'am' && hours === 12) hours = 0;
  return [hours, minutes];
}

/** The shown day and time, read in the local time zone, as an ISO instant (UTC). */
export function combineDayAndClock(day: CalendarDay | undefined, clock: [number, number] | undefined): string | undefined {
  if (!day || !clock) return undefined;
  const date = new Date(day.year, day.month - 1, day.day, clock[0], clock[1]);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** "May 2025" → "2025-05" ("Joined May 2025" in "About this profile"). */
export function parseMonthYear(label: string | undefined): string | undefined {
  if (!label) return undefined;
  const match = /([A-Za-z]{3,9})\.? (\d{4})/.exec(label);
  if (!match) return undefined;
  const month = monthIndex(match[1]!) + 1;
  if (month < 1) return undefined;
  return `${match[2]}-${String(month).padStart(2, '0')}`;
}

function shift(day: CalendarDay, days: number): CalendarDay {
  const date = new Date(day.year, day.month - 1, day.day + days);
  return { year: date.getFullYear(), month: date.getMonth() + 1, day: date.getDate() };
}

function checked(year: number, month: number, day: number): CalendarDay | undefined {
  if (month < 1 || month > 12 || day < 1) return undefined;
  const date = new Date(year, month - 1, day);
  return date.getMonth() === month - 1 ? { year, month, day } : undefined;
}

function compare(a: CalendarDay, b: CalendarDay): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}
