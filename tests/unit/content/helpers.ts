// Shared set-up for the content-script tests: the baseline pack as the background stores it,
// and a lifetime whose timers the test runs by hand.
import { activePackRecord as recordFor, type ActivePackRecord } from '../../../src/background/pack-store';
import { compileActivePack, type CompiledPack } from '../../../src/content/pack';
import type { Lifetime } from '../../../src/content/page-controller';
import { loadPack } from '../../../src/pack/load';
import baseline from '../../../rules/baseline.pack.json';

export function activePackRecord(): ActivePackRecord {
  return recordFor(loadPack(baseline).pack, 'bundled', 0);
}

let compiled: CompiledPack | undefined;
/** Restored once per test file. */
export function baselinePack(): CompiledPack {
  compiled ??= compileActivePack(activePackRecord());
  return compiled!;
}

export class FakeLifetime implements Lifetime {
  private invalidated = false;
  private readonly listeners: Array<() => void> = [];
  private readonly locationListeners: Array<() => void> = [];
  private timers: Array<{ at: number; run: () => void }> = [];
  clock = 0;

  get isValid(): boolean {
    return !this.invalidated;
  }

  onInvalidated(cb: () => void): () => void {
    this.listeners.push(cb);
    return () => this.listeners.splice(this.listeners.indexOf(cb), 1);
  }

  setTimeout(handler: () => void, timeout = 0): number {
    this.timers.push({ at: this.clock + timeout, run: handler });
    return this.timers.length;
  }

  onLocationChange(handler: () => void): void {
    this.locationListeners.push(handler);
  }

  navigate(): void {
    for (const handler of this.locationListeners) handler();
  }

  /** Runs every timer due within `ms` (and those they schedule), in time order. */
  advance(ms = 0): void {
    const end = this.clock + ms;
    for (;;) {
      if (this.invalidated) return;
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.clock = Math.max(this.clock, next.at);
      next.run();
    }
    this.clock = end;
  }

  get pending(): number {
    return this.timers.length;
  }

  /** The extension went away (updated or reloaded); this copy notices only at its next timer. */
  lose(): void {
    this.invalidated = true;
  }

  invalidate(): void {
    this.invalidated = true;
    this.timers = [];
    for (const cb of this.listeners.splice(0)) cb();
  }
}

/** Lets MutationObserver callbacks (microtasks in happy-dom) run. */
export const mutationsDelivered = () => new Promise((resolve) => setTimeout(resolve, 0));
