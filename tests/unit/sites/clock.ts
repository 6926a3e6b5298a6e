// The fixtures were saved in New York; relative labels ("Today", "Apr 8") need the saving day.
import { afterAll, beforeAll, vi } from 'vitest';

/** Runs the file's tests in New York time with Date frozen at `savedAt` (an ISO instant). */
export function useSavedClock(savedAt: string): void {
  let previousTz: string | undefined;
  beforeAll(() => {
    previousTz = process.env.TZ;
    process.env.TZ = 'America/New_York';
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(savedAt));
  });
  afterAll(() => {
    vi.useRealTimers();
    if (previousTz === undefined) delete process.env.TZ;
    else process.env.TZ = previousTz;
  });
}

/**
 * The April 2025 captures: the profile page shows a message of 8:54 AM on April 8 as "Today",
 * and the messaging page labels a message of Tuesday April 8 "Tuesday", so it was read later
 * that week. Wednesday April 9, noon in New York, fits both pages' relative labels.
 */
export const CAPTURE_SAVED_AT = '2025-04-09T16:00:00Z';
/** The profile capture's overlay bubble says "Today" for April 8. */
export const PROFILE_CAPTURE_SAVED_AT = '2025-04-08T17:03:00Z';
/** The written fixtures pretend to be saved on Thursday 2025-11-20, 10:00 New York time. */
export const WRITTEN_SAVED_AT = '2025-11-20T15:00:00Z';
