// The page controller's Lifetime, from WXT's content script context. WXT's own ctx.setTimeout
// adds a listener to the context's abort signal for every timer and never removes it: the page
// controller sets a timer for every scan, so over a day on a busy LinkedIn tab those listeners
// (and the closures they hold) would pile up by the hundred thousand. Here the pending timers
// are kept in one set, which forgets each as it fires, and one listener clears what is left.
import type { Lifetime } from './page-controller';

/** What of WXT's ContentScriptContext this needs (tests fake it). */
export interface ContextLike {
  readonly isValid: boolean;
  onInvalidated(cb: () => void): () => void;
  addEventListener(target: Window, type: 'wxt:locationchange', handler: () => void): void;
}

export interface TimerHost {
  setTimeout(handler: () => void, timeout?: number): number;
  clearTimeout(id: number): void;
}

export function lifetimeOf(ctx: ContextLike, win: Window & TimerHost = window): Lifetime {
  const pending = new Set<number>();
  let ended = false;
  ctx.onInvalidated(() => {
    ended = true;
    for (const id of pending) win.clearTimeout(id);
    pending.clear();
  });
  return {
    get isValid() {
      return ctx.isValid;
    },
    onInvalidated: (cb) => ctx.onInvalidated(cb),
    setTimeout(handler, timeout) {
      if (ended) return undefined;
      const id = win.setTimeout(() => {
        pending.delete(id);
        if (ctx.isValid) handler();
      }, timeout);
      pending.add(id);
      return id;
    },
    onLocationChange: (handler) => ctx.addEventListener(win, 'wxt:locationchange', handler),
  };
}
