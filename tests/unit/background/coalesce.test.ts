import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coalesce } from '../../../src/background/coalesce';

describe('coalesce', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A task that takes `ms` of fake time and records when each run started. */
  function slowTask(ms: number, fail = false) {
    const starts: number[] = [];
    const task = () => {
      starts.push(Date.now());
      return new Promise<void>((resolve, reject) => setTimeout(() => (fail ? reject(new Error('down')) : resolve()), ms));
    };
    return { starts, task };
  }

  it('runs a burst of requests once more after the run in progress, not once each', async () => {
    const { starts, task } = slowTask(50);
    const request = coalesce(task, 1000);
    const t0 = Date.now();
    for (let i = 0; i < 100; i++) request();
    expect(starts).toEqual([t0]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(starts).toHaveLength(2);
    // The second run starts a spacing after the first one started, not as soon as it ended.
    expect(starts[1]! - starts[0]!).toBe(1000);
  });

  it('runs a request that comes once all is quiet at once, and keeps going after a failed run', async () => {
    const { starts, task } = slowTask(10, true);
    const request = coalesce(task, 1000);
    request();
    await vi.advanceTimersByTimeAsync(3000);
    const t1 = Date.now();
    request();
    expect(starts).toEqual([starts[0], t1]);
    request();
    await vi.advanceTimersByTimeAsync(3000);
    expect(starts).toHaveLength(3);
  });

  it('runs the next request at once when the last run started more than a spacing ago', async () => {
    const { starts, task } = slowTask(1500);
    const request = coalesce(task, 1000);
    request();
    await vi.advanceTimersByTimeAsync(100);
    request();
    await vi.advanceTimersByTimeAsync(1410);
    // The first run ended 1.5 s after it started: the waiting one follows without a further wait.
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(1500);
    expect(starts[1]! - starts[0]!).toBeLessThan(1600);
  });
});
