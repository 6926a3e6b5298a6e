// tabs.onReplaced, which the fake browser does not implement, as an event a test can fire.
import { fakeBrowser } from 'wxt/testing/fake-browser';

type ReplacedListener = (addedTabId: number, removedTabId: number) => unknown;

/** Installs a fresh tabs.onReplaced on the fake browser; returns a way to fire it. */
export function fakeOnReplaced(): (addedTabId: number, removedTabId: number) => Promise<unknown[]> {
  const listeners = new Set<ReplacedListener>();
  const event = {
    addListener: (listener: ReplacedListener) => void listeners.add(listener),
    removeListener: (listener: ReplacedListener) => void listeners.delete(listener),
    hasListener: (listener: ReplacedListener) => listeners.has(listener),
    hasListeners: () => listeners.size > 0,
  };
  Object.defineProperty(fakeBrowser.tabs, 'onReplaced', { value: event, configurable: true, writable: true });
  return (added, removed) => Promise.all([...listeners].map((listener) => listener(added, removed)));
}
