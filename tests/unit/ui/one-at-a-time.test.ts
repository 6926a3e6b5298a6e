import { describe, expect, it } from 'vitest';
import { oneAtATime } from '../../../src/ui/one-at-a-time';

describe('oneAtATime', () => {
  it('runs once more after calls made while it runs, never two at once, and always after the last call', async () => {
    const started: number[] = [];
    let running = 0;
    let most = 0;
    const releases: Array<() => void> = [];
    let calls = 0;
    const run = oneAtATime(async () => {
      started.push(calls);
      running++;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => releases.push(resolve));
      running--;
    });
    calls = 1;
    const first = run();
    calls = 2;
    void run();
    calls = 3;
    void run();
    releases.shift()!();
    await new Promise((resolve) => setTimeout(resolve, 0));
    // One more run for the two calls made meanwhile, started after the last of them.
    expect(started).toEqual([1, 3]);
    releases.shift()!();
    await first;
    expect(started).toEqual([1, 3]);
    expect(most).toBe(1);
    // And runs again once idle.
    calls = 4;
    const later = run();
    releases.shift()!();
    await later;
    expect(started).toEqual([1, 3, 4]);
  });
});
