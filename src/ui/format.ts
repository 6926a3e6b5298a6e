// Dates and ages in British English ("23 November 2026", "3 days ago").

const DAY = { day: 'numeric', month: 'long', year: 'numeric' } as const;
// A calendar date is the same day everywhere; a moment is the day it was where the user is.
const DATE = new Intl.DateTimeFormat('en-GB', { ...DAY, timeZone: 'UTC' });
const LOCAL_DATE = new Intl.DateTimeFormat('en-GB', DAY);
const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});
const RELATIVE = new Intl.RelativeTimeFormat('en-GB', { numeric: 'auto' });

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
];

/**
 * A calendar date (ISO `2026-11-23`) as "23 November 2026", the same day in any time zone; a
 * moment (ms, or ISO with a time) as the day it was in the user's time zone. The input when
 * unreadable.
 */
export function formatDate(value: string | number): string {
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (Number.isNaN(ms)) return String(value);
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? DATE.format(ms) : LOCAL_DATE.format(ms);
}

/** A moment as "23 Nov, 14:05" in the user's time zone. */
export function formatDateTime(ms: number): string {
  return DATE_TIME.format(ms);
}

/** "3 days ago", "yesterday", "in 5 minutes", "in under a minute", "just now". */
export function formatRelative(ms: number, now: number): string {
  const delta = ms - now;
  for (const [unit, size] of UNITS) {
    if (Math.abs(delta) >= size) return RELATIVE.format(Math.round(delta / size), unit);
  }
  // Intl says "now" either way, which promised an outbox retry that was still up to a minute
  // away; the popup does not re-render as seconds pass, so seconds would go stale.
  return delta > 0 ? 'in under a minute' : 'just now';
}

const POLICY_VALUE_MAX_CHARS = 120;

/**
 * A value from enterprise policy as an administrator wrote it: JSON, so a string shows its
 * quotes and stray spaces ("extreme", " high"), and short, because it may be anything.
 */
export function formatPolicyValue(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > POLICY_VALUE_MAX_CHARS ? `${text.slice(0, POLICY_VALUE_MAX_CHARS - 1)}…` : text;
}

/** True when an ISO date (`2027-05-23`) is before today. */
export function isPastDate(isoDate: string | undefined, now: number): boolean {
  if (!isoDate) return false;
  const end = Date.parse(`${isoDate.slice(0, 10)}T23:59:59.999Z`);
  return !Number.isNaN(end) && end < now;
}
