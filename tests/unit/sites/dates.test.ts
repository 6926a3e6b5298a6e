import { describe, expect, test } from 'vitest';
import { combineDayAndClock, parseClock, parseDayLabel, parseMonthYear } from '../../../src/sites/linkedin/dates';
import { useSavedClock } from './clock';

// Thursday 20 November 2025, 10:00 in New York.
const NOW = new Date(2025, 10, 20, 10, 0);

describe('day labels', () => {
  useSavedClock('2025-11-20T15:00:00Z');

  test.each([
    ['Today', { year: 2025, month: 11, day: 20 }],
    ['Yesterday', { year: 2025, month: 11, day: 19 }],
    ['Monday', { year: 2025, month: 11, day: 17 }],
    ['Thursday', { year: 2025, month: 11, day: 13 }],
    ['Nov 3', { year: 2025, month: 11, day: 3 }],
    ['Dec 24', { year: 2024, month: 12, day: 24 }],
    ['Jun 10, 2024', { year: 2024, month: 6, day: 10 }],
    ['September 2, 2023', { year: 2023, month: 9, day: 2 }],
  ])('reads "%s"', (label, expected) => {
    expect(parseDayLabel(label, new Date(2025, 10, 20, 10, 0))).toEqual(expected);
  });

  test.each([['Feb 30'], ['Someday'], [''], ['12:18 PM'], ['Jun 10 2024']])('rejects "%s"', (label) => {
    expect(parseDayLabel(label, NOW)).toBeUndefined();
  });
});

describe('times', () => {
  useSavedClock('2025-11-20T15:00:00Z');

  test.each([
    ['12:18 PM', [12, 18]],
    ['12:05 AM', [0, 5]],
    ['9:57 PM', [21, 57]],
    ['23:10', [23, 10]],
  ])('reads "%s"', (label, expected) => {
    expect(parseClock(label)).toEqual(expected);
  });

  test.each([['13:00 PM'], ['9:60 AM'], ['noon']])('rejects "%s"', (label) => {
    expect(parseClock(label)).toBeUndefined();
  });

  test('turns the shown New York day and time into an instant', () => {
    expect(combineDayAndClock({ year: 2024, month: 6, day: 10 }, [12, 18])).toBe('2024-06-10T16:18:00.000Z');
    expect(combineDayAndClock({ year: 2025, month: 11, day: 20 }, [9, 15])).toBe('2025-11-20T14:15:00.000Z');
    expect(combineDayAndClock(undefined, [9, 15])).toBeUndefined();
  });
});

describe('joined dates', () => {
  test.each([
    ['May 2025', '2025-05'],
    ['Joined March 2012', '2012-03'],
    ['Sept. 2019', '2019-09'],
    ['2025', undefined],
    ['Smarch 2025', undefined],
  ])('reads "%s" as %s', (label, expected) => {
    expect(parseMonthYear(label)).toBe(expected);
  });
});
