import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { lifetimeOf, type TimerHost } from '../../../src/content/lifetime';

/** A window of the test's own: fake timers, an address to change and, optionally, the Navigation API. */
function host(withNavigation: boolean) {
  const win = {
    setTimeout: vi.fn((handler: () => void, timeout?: number) => setTimeout(handler, timeout) as unknown as number),
    clearTimeout: vi.fn((id: number) => clearTimeout(id)),
    setInterval: vi.fn((handler: () => void, timeout?: number) => setInterval(handler, timeout) as unknown as number),
    clearInterval: vi.fn((id: number) => clearInterval(id)),
    location: { href: 'https://www.linkedin.com/messaging/thread/1/' },
    navigation: withNavigation ? new EventTarget() : undefined,
  } satisfies TimerHost & Record<string, unknown>;
  return win;
}

/** An in-app move to `url`: the address changes, then the Navigation API says its current entry did. */
const navigate = (win: ReturnType<typeof host>, url: string) => {
  win.location.href = url;
  win.navigation!.dispatchEvent(new Event('currententrychange'));
};

describe('the content script\u2019s lifetime', () => {
  let id: string | undefined;
  beforeEach(() => {
    vi.useFakeTimers();
    id = 'extension-id';
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs timers and forgets each once it ran', () => {
    const win = host(true);
    const lifetime = lifetimeOf(() => id, win);
    let ran = 0;
    for (let i = 0; i < 50; i++) lifetime.setTimeout(() => ran++, 10);
    vi.advanceTimersByTime(10);
    expect(ran).toBe(50);
    // Nothing is left to clear when the script ends: each was forgotten as it ran.
    id = undefined;
    expect(lifetime.isValid).toBe(false);
    expect(win.clearTimeout).not.toHaveBeenCalled();
  });

  it('ends once the extension\u2019s runtime is gone: its listeners run once, pending timers are cleared, none is set after', () => {
    const win = host(true);
    const lifetime = lifetimeOf(() => id, win);
    const ended = vi.fn();
    const removed = vi.fn();
    lifetime.onInvalidated(ended);
    const stop = lifetime.onInvalidated(removed);
    stop();
    let ran = 0;
    lifetime.setTimeout(() => ran++, 5);
    lifetime.setTimeout(() => ran++, 10);
    expect(lifetime.isValid).toBe(true);

    // An update or reload orphans this copy.
    id = undefined;
    expect(lifetime.isValid).toBe(false);
    expect(ended).toHaveBeenCalledTimes(1);
    expect(removed).not.toHaveBeenCalled();
    expect(win.clearTimeout).toHaveBeenCalledTimes(2);
    lifetime.setTimeout(() => ran++, 0);
    expect(win.setTimeout).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(50);
    expect(ran).toBe(0);
    expect(lifetime.isValid).toBe(false);
    expect(ended).toHaveBeenCalledTimes(1);
  });

  it('finds the runtime gone when a timer fires, and runs nothing', () => {
    const win = host(true);
    const lifetime = lifetimeOf(() => id, win);
    const ended = vi.fn();
    lifetime.onInvalidated(ended);
    const handler = vi.fn();
    lifetime.setTimeout(handler, 5);
    id = undefined;
    vi.advanceTimersByTime(5);
    expect(handler).not.toHaveBeenCalled();
    expect(ended).toHaveBeenCalledTimes(1);
  });

  it('follows in-app navigations with the Navigation API, once per new address, reading the address itself, until it ends', () => {
    const win = host(true);
    const lifetime = lifetimeOf(() => id, win);
    const moved = vi.fn();
    lifetime.onLocationChange(moved);
    navigate(win, 'https://www.linkedin.com/messaging/thread/1/');
    expect(moved).not.toHaveBeenCalled();
    navigate(win, 'https://www.linkedin.com/messaging/thread/2/');
    navigate(win, 'https://www.linkedin.com/messaging/thread/2/');
    expect(moved).toHaveBeenCalledTimes(1);
    // An event the page dispatches itself, the address unchanged, tells nothing.
    win.navigation!.dispatchEvent(new Event('currententrychange'));
    expect(moved).toHaveBeenCalledTimes(1);
    const remove = vi.spyOn(win.navigation!, 'removeEventListener');
    id = undefined;
    navigate(win, 'https://www.linkedin.com/in/someone/');
    expect(moved).toHaveBeenCalledTimes(1);
    // Its listener went with it.
    expect(remove).toHaveBeenCalledWith('currententrychange', expect.any(Function));
  });

  it('runs every clean-up when it ends, even after one that fails', () => {
    const win = host(true);
    const lifetime = lifetimeOf(() => id, win);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const after = vi.fn();
    lifetime.onInvalidated(() => {
      throw new Error('the context is gone');
    });
    lifetime.onInvalidated(after);
    id = undefined;
    expect(lifetime.isValid).toBe(false);
    expect(after).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('compares the address every second where there is no Navigation API, and stops when it ends', () => {
    const win = host(false);
    const lifetime = lifetimeOf(() => id, win);
    const moved = vi.fn();
    lifetime.onLocationChange(moved);
    vi.advanceTimersByTime(1000);
    expect(moved).not.toHaveBeenCalled();
    win.location.href = 'https://www.linkedin.com/messaging/thread/2/';
    vi.advanceTimersByTime(999);
    expect(moved).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(moved).toHaveBeenCalledTimes(1);
    id = undefined;
    expect(lifetime.isValid).toBe(false);
    expect(win.clearInterval).toHaveBeenCalledTimes(1);
    win.location.href = 'https://www.linkedin.com/feed/';
    vi.advanceTimersByTime(5000);
    expect(moved).toHaveBeenCalledTimes(1);
  });
});
