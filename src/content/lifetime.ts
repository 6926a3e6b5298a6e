// How long the content script lives, and its timers and in-app navigations, without WXT's
// ContentScriptContext (the content script's build replaces it with a stand-in, no-context.ts).
// That context ends itself when the page dispatches an event with the name WXT gives a newer
// copy of the script ("<extension id>:linkedin:wxt:content-script-started"), a name it also
// posts to the page: any script on a LinkedIn page could silently stop every warning in the tab
// (a browser test forges the event). WXT's watcher of in-app navigations hangs on the same
// context, and its ctx.setTimeout adds a listener to it for every timer, never removed: over a
// day on a busy tab, hundreds of thousands.
//
// Here the script lives until the extension's own context goes (an update, a reload or an
// uninstall leaves an orphaned copy whose runtime has no id), which the page cannot fake.
// Firefox unloads an old copy itself when it injects the updated one. Pending timers are kept in
// one set that forgets each as it fires, and cleared with the rest when the script ends.
import type { Lifetime } from './page-controller';

export interface TimerHost {
  setTimeout(handler: () => void, timeout?: number): number;
  clearTimeout(id: number): void;
  setInterval(handler: () => void, timeout?: number): number;
  clearInterval(id: number): void;
}

type Host = TimerHost & { location: { href: string }; navigation?: EventTarget };

/** How often the address is compared where the browser has no Navigation API (Firefox before 147). */
const POLL_MS = 1000;

/**
 * `extensionId()` is the extension runtime's id, undefined once this copy of the script is
 * orphaned. `host` is the window (tests pass their own).
 */
export function lifetimeOf(extensionId: () => string | undefined, host: Host = window as unknown as Host): Lifetime {
  const pending = new Set<number>();
  const listeners = new Set<() => void>();
  let ended = false;
  const end = () => {
    ended = true;
    for (const id of pending) host.clearTimeout(id);
    pending.clear();
    for (const listener of [...listeners]) {
      // Each one runs: one that fails must not leave the others' work (the page controller's stop) undone.
      try {
        listener();
      } catch (error) {
        console.warn('Approach Guard: clean-up failed', error);
      }
    }
    listeners.clear();
  };
  /** Whether the script still lives; the first call to find its runtime gone ends it. */
  const alive = (): boolean => {
    if (!ended && extensionId() == null) end();
    return !ended;
  };
  const onInvalidated = (listener: () => void) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };
  return {
    get isValid() {
      return alive();
    },
    onInvalidated,
    setTimeout(handler, timeout) {
      if (!alive()) return undefined;
      const id = host.setTimeout(() => {
        pending.delete(id);
        if (alive()) handler();
      }, timeout);
      pending.add(id);
      return id;
    },
    onLocationChange(handler) {
      // The address is read from the document, never from an event, and only once it changed:
      // a navigation that never commits (a download, one stopped or replaced) leaves it as it
      // was, and an event a page dispatches itself tells nothing.
      let last = host.location.href;
      const check = () => {
        const now = host.location.href;
        if (now === last || !alive()) return;
        last = now;
        handler();
      };
      const { navigation } = host;
      if (navigation) {
        // After the current entry changed: pushState, replaceState, back and forward in the app.
        navigation.addEventListener('currententrychange', check);
        onInvalidated(() => navigation.removeEventListener('currententrychange', check));
      } else {
        const id = host.setInterval(check, POLL_MS);
        onInvalidated(() => host.clearInterval(id));
      }
    },
  };
}
