import { describe, expect, it } from 'vitest';
import { S } from '../../../src/ui/strings';

describe('the words shown', () => {
  it.each([
    [1, 0, 'Delete the 1 flagged sender? This cannot be undone.'],
    [3, 0, 'Delete all 3 flagged senders? This cannot be undone.'],
    [0, 5, 'Delete the 5 senders read on this device? This cannot be undone.'],
    [0, 1, 'Delete the 1 sender read on this device? This cannot be undone.'],
    [1, 1, 'Delete the 1 flagged sender and the 1 sender read on this device? This cannot be undone.'],
    [2, 5, 'Delete all 2 flagged senders and the 5 senders read on this device? This cannot be undone.'],
  ])('ask before clearing %i flagged and %i read senders in plain English', (flagged, seen, question) => {
    expect(S.clearConfirm(flagged, seen)).toBe(question);
  });
});
