import { afterEach, describe, expect, it, vi } from 'vitest';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { lifetimeOf, type TimerHost } from '../../../src/content/lifetime';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('lifetimeOf', () => {
  const contexts: ContentScriptContext[] = [];
  afterEach(() => {
    for (const ctx of contexts.splice(0)) ctx.abort();
  });
  const context = () => {
    const ctx = new ContentScriptContext('lifetime-test');
    contexts.push(ctx);
    return ctx;
  };
  /** The window, with its timer calls counted. */
  const timers = () => {
    const host = window as Window & TimerHost;
    return { host, set: vi.spyOn(host, 'setTimeout'), clear: vi.spyOn(host, 'clearTimeout') };
  };

  it('runs timers without adding a listener to the context for each (WXT\u2019s ctx.setTimeout does), and forgets each once it ran', async () => {
    const ctx = context();
    const registered = vi.spyOn(ctx, 'onInvalidated');
    const { host, set, clear } = timers();
    const lifetime = lifetimeOf(ctx, host);
    let ran = 0;
    for (let i = 0; i < 50; i++) lifetime.setTimeout(() => ran++, 0);
    expect(set).toHaveBeenCalledTimes(50);
    await tick(20);
    expect(ran).toBe(50);
    expect(registered).toHaveBeenCalledTimes(1);
    // Nothing is left to clear: each was forgotten as it ran.
    ctx.abort();
    expect(clear).not.toHaveBeenCalled();

    // The control: the context's own timer registers one listener per call.
    const other = context();
    const own = vi.spyOn(other, 'onInvalidated');
    other.setTimeout(() => undefined, 0);
    other.setTimeout(() => undefined, 0);
    expect(own).toHaveBeenCalledTimes(2);
  });

  it('clears what is pending when the context is invalidated, and sets no timer after', async () => {
    const ctx = context();
    const { host, set, clear } = timers();
    const lifetime = lifetimeOf(ctx, host);
    let ran = 0;
    lifetime.setTimeout(() => ran++, 5);
    lifetime.setTimeout(() => ran++, 10);
    ctx.abort();
    expect(lifetime.isValid).toBe(false);
    expect(clear).toHaveBeenCalledTimes(2);
    lifetime.setTimeout(() => ran++, 0);
    expect(set).toHaveBeenCalledTimes(2);
    await tick(30);
    expect(ran).toBe(0);
  });

  it('passes invalidation and in-app navigation through to the context', () => {
    const ctx = context();
    const listen = vi.spyOn(ctx, 'addEventListener');
    const lifetime = lifetimeOf(ctx);
    let invalidated = 0;
    let navigated = 0;
    lifetime.onInvalidated(() => invalidated++);
    lifetime.onLocationChange(() => navigated++);
    expect(listen).toHaveBeenCalledWith(window, 'wxt:locationchange', expect.any(Function));
    (listen.mock.calls[0]![2] as () => void)();
    expect(navigated).toBe(1);
    ctx.abort();
    expect(invalidated).toBe(1);
  });
});
