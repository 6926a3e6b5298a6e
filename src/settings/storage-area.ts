// The slice of `browser.storage.*` these modules use. Taking it as a parameter keeps them
// testable against any area (fake-browser, a stalling stub) and keeps `browser` out of the
// pure parts.
import { browser } from 'wxt/browser';
import { onTrustedChanged, type ChangeListener } from './trusted-area';

export interface LocalArea {
  get(keys?: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

export interface ManagedArea {
  get(keys?: string | string[] | null): Promise<Record<string, unknown>>;
}

export interface AlarmsLike {
  create(name: string, info: { when: number }): unknown;
  clear(name: string): Promise<boolean> | unknown;
}

/** Resolved at call time, so tests that swap `browser` (fake-browser) are honoured. */
export const localArea = (): LocalArea => browser.storage.local;

/** Undefined where the browser has no managed area (e.g. Firefox for Android). */
export const managedArea = (): ManagedArea | undefined =>
  (browser.storage as { managed?: ManagedArea }).managed;

export const alarmsApi = (): AlarmsLike => browser.alarms;

/** A problem found in stored or managed data: shown to the user, never fatal. */
export interface DataIssue {
  area: 'settings' | 'notSuspicious' | 'history' | 'outbox' | 'policy';
  key: string;
  value: unknown;
  reason: string;
}

/**
 * Serialises async read-modify-write sections. Storage has no transactions, and two tabs
 * reporting at once would otherwise overwrite each other's update.
 */
export function createLock(): <T>(section: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(section: () => Promise<T>): Promise<T> => {
    const result = tail.then(section, section);
    tail = result.catch(() => undefined);
    return result;
  };
}

/**
 * `createLock` for each key: one key's sections run one at a time, in the order they came, while
 * other keys' run beside them. A key is forgotten once its last section has settled.
 */
export function createKeyedLock<K>(): <T>(key: K, section: () => Promise<T>) => Promise<T> {
  const tails = new Map<K, Promise<unknown>>();
  return <T>(key: K, section: () => Promise<T>): Promise<T> => {
    const result = (tails.get(key) ?? Promise.resolve()).then(section, section);
    const tail = result.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return result;
  };
}

/**
 * Calls `listener` on every change of storage (areas 'local', 'session', 'managed') and of the
 * trusted area (area 'trusted'); returns the function that stops it. For extension pages.
 */
export function onStorageChanged(listener: ChangeListener): () => void {
  browser.storage.onChanged.addListener(listener);
  const stopTrusted = onTrustedChanged(listener);
  return () => {
    browser.storage.onChanged.removeListener(listener);
    stopTrusted();
  };
}
