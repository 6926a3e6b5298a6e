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
  const clock = () => Date.now();

  it('runs a burst of requests once more after the run in progress, not once each', async () => {
    const { starts, task } = slowTask(50);
    const request = coalesce(task, 1000, clock);
    const t0 = Date.now();
    for (let i = 0; i < 100; i++) request();
    await vi.advanceTimersByTimeAsync(0);
    expect(starts).toEqual([t0]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(starts).toHaveLength(2);
    // The second run starts a spacing after the first one started, not as soon as it ended.
    expect(starts[1]! - starts[0]!).toBe(1000);
  });

  it('runs a request that comes once all is quiet at once, and keeps going after a failed run', async () => {
    const { starts, task } = slowTask(10, true);
    const request = coalesce(task, 1000, clock);
    request();
    await vi.advanceTimersByTimeAsync(3000);
    const t1 = Date.now();
    request();
    await vi.advanceTimersByTimeAsync(0);
    expect(starts).toEqual([starts[0], t1]);
    request();
    await vi.advanceTimersByTimeAsync(3000);
    expect(starts).toHaveLength(3);
  });

  it('waits out the spacing for a request that comes after a run ended, however often it comes', async () => {
    const { starts, task } = slowTask(10);
    const request = coalesce(task, 1000, clock);
    request();
    await vi.advanceTimersByTimeAsync(20);
    // A page that rewrites its copy as soon as each repair lands.
    for (let i = 0; i < 30; i++) {
      request();
      await vi.advanceTimersByTimeAsync(20);
    }
    await vi.advanceTimersByTimeAsync(1000);
    expect(starts).toHaveLength(2);
    expect(starts[1]! - starts[0]!).toBe(1000);
  });

  it('counts a task that throws at once as a failed run', async () => {
    let runs = 0;
    const request = coalesce(() => {
      runs += 1;
      throw new Error('no storage');
    }, 1000, clock);
    request();
    await vi.advanceTimersByTimeAsync(1500);
    request();
    await vi.advanceTimersByTimeAsync(10);
    expect(runs).toBe(2);
  });

  it('runs the next request at once when the last run started more than a spacing ago', async () => {
    const { starts, task } = slowTask(1500);
    const request = coalesce(task, 1000, clock);
    request();
    await vi.advanceTimersByTimeAsync(100);
    request();
    await vi.advanceTimersByTimeAsync(1410);
    // The first run ended 1.5 s after it started: the waiting one follows without a further wait.
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(1500);
    expect(starts[1]! - starts[0]!).toBeLessThan(1600);
  });
});
