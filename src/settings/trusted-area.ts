// The data the background acts on (settings with the report address, the "Not suspicious"
// list, persisted policy, the outbox and the sender history) lives in the extension origin's
// IndexedDB, not in storage.local. Chrome and Firefox let content scripts read and write
// storage.local, so a LinkedIn renderer that an exploit controls could otherwise point every
// later report at its own server or rewrite what the policy locked. Content scripts run in the
// page's origin and cannot open this database; they get what they need (the pack and three
// content settings) from storage.local, which the background alone derives from this store.
//
// The area has storage.local's shape (LocalArea), so every store takes either. Changes are
// announced to listeners in this context directly and to the extension's other pages (popup,
// options, background) over a BroadcastChannel, which only the same origin can join. A page's
// write is also told to the background by a runtime message, which wakes a stopped worker.
//
// Where the browser gives the extension no IndexedDB, or never lets it write one (Firefox in
// permanent private browsing), every context falls back to storage.local for these keys, says so
// once in the console and through `usingFallback()`, and works as before this area existed. Any
// other failure to open is not a reason to fall back (one context alone would then keep its own
// copy): the operation fails and the next one tries again.
import { browser } from 'wxt/browser';
import type { LocalArea } from './storage-area';

/** Keys that live in the trusted area; storage.local copies of them are not read once moved. */
export const TRUSTED_KEYS: readonly string[] = [
  'settings',
  'notSuspicious',
  'policy',
  'outbox',
  'outbox.quarantine',
  'history',
  'seenSenders',
  'orgPack',
  'packUpdate',
  'surfacedNotice',
];

/** The area name trusted changes are announced under, beside storage's 'local' and 'session'. */
export const TRUSTED_AREA_NAME = 'trusted';

export type StorageChanges = Record<string, { newValue?: unknown }>;
export type ChangeListener = (changes: StorageChanges, areaName: string) => void;

const DB_NAME = 'approach-guard';
const DB_VERSION = 1;
const STORE = 'kv';
const CHANNEL = 'approach-guard:trusted-changes';
/** Set in the trusted area once storage.local's copies were moved over, so they move only once. */
export const MIGRATED_KEY = 'migratedFromLocal';
/** The first version that keeps these keys here: an update from an older one moves them. */
export const TRUSTED_SINCE = '0.2.0';

export class TrustedStorageError extends Error {
  override name = 'TrustedStorageError';
}

interface Connection {
  factory: IDBFactory;
  db: Promise<IDBDatabase>;
}

let connection: Connection | undefined;
const listeners = new Set<ChangeListener>();
let channel: BroadcastChannel | undefined;
/** Set by the background's start: its own writes need no message to wake it. */
let inBackground = false;
/** storage.local, once this context found no usable database (with the factory that failed). */
let fallback: { area: LocalArea; factory: IDBFactory | undefined } | undefined;
let bridged = false;

/** Called by the background's start. */
export function markBackground(): void {
  inBackground = true;
}

/** Whether this context keeps the trusted keys in storage.local (see backing()), as far as it has found so far. */
export function usingFallback(): boolean {
  return fallback !== undefined && fallback.factory === currentFactory();
}

const currentFactory = (): IDBFactory | undefined => (globalThis as { indexedDB?: IDBFactory }).indexedDB;

function factory(): IDBFactory {
  const found = currentFactory();
  if (!found) throw new TrustedStorageError('this browser gives the extension no IndexedDB');
  return found;
}

const failure = (what: string, error: unknown) =>
  new TrustedStorageError(`${what}: ${error instanceof Error ? error.message : String(error ?? 'unknown error')}`, { cause: error });

/**
 * Whether an open failed because this profile never lets the extension write a database, as
 * Firefox does in permanent private browsing (and browsers built on it): "InvalidStateError, a
 * mutation operation was attempted on a database that did not allow mutations". Every context
 * of the profile fails alike, so all of them fall back together.
 */
const refusedForGood = (error: unknown): boolean => {
  const cause = (error as { cause?: unknown } | undefined)?.cause ?? error;
  return (cause as { name?: unknown } | undefined)?.name === 'InvalidStateError';
};

function database(): Promise<IDBDatabase> {
  const current = factory();
  // A new factory (tests replace it) means a new database.
  if (connection?.factory === current) return connection.db;
  const db = new Promise<IDBDatabase>((resolve, reject) => {
    let request: IDBOpenDBRequest;
    try {
      request = current.open(DB_NAME, DB_VERSION);
    } catch (error) {
      reject(failure('the extension database could not be opened', error));
      return;
    }
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains(STORE)) request.result.createObjectStore(STORE);
    };
    request.onsuccess = () => {
      const opened = request.result;
      // Another copy (an update) wants a newer version: let it, and reopen on next use.
      opened.onversionchange = () => {
        opened.close();
        if (connection?.db === db) connection = undefined;
      };
      opened.onclose = () => {
        if (connection?.db === db) connection = undefined;
      };
      resolve(opened);
    };
    request.onerror = () => reject(failure('the extension database could not be opened', request.error));
    request.onblocked = () => reject(new TrustedStorageError('the extension database is held open by an older copy'));
  });
  connection = { factory: current, db };
  // A failed open is tried again on the next call rather than cached.
  db.catch(() => {
    if (connection?.db === db) connection = undefined;
  });
  return db;
}

function transact<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => () => T): Promise<T> {
  return database().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        let tx: IDBTransaction;
        try {
          tx = db.transaction(STORE, mode);
        } catch (error) {
          reject(failure('the extension database refused a transaction', error));
          return;
        }
        let result: () => T;
        try {
          result = work(tx.objectStore(STORE));
        } catch (error) {
          // Nothing of a failed write is kept: the puts made so far are undone.
          tx.abort();
          reject(failure('the extension database refused a value', error));
          return;
        }
        // Resolve only once the transaction is durable, as storage.local's set() does.
        tx.oncomplete = () => resolve(result());
        tx.onerror = () => reject(failure('the extension database failed', tx.error));
        tx.onabort = () => reject(failure('the extension database gave up', tx.error));
      }),
  );
}

function keyList(keys: string | string[] | null | undefined): string[] | undefined {
  if (keys === null || keys === undefined) return undefined;
  return typeof keys === 'string' ? [keys] : keys;
}

function announce(changes: StorageChanges, fromHere: boolean): void {
  if (Object.keys(changes).length === 0) return;
  for (const listener of [...listeners]) {
    try {
      listener(changes, TRUSTED_AREA_NAME);
    } catch (error) {
      console.error('Approach Guard: a storage listener failed', error);
    }
  }
  if (fromHere) {
    try {
      openChannel()?.postMessage(changes);
    } catch (error) {
      // A value the channel cannot clone still reached this context's listeners.
      console.warn('Approach Guard: a storage change could not be announced', error);
    }
    if (!inBackground) tellBackground(Object.keys(changes));
  }
}

function tellBackground(keys: string[]): void {
  try {
    // The background reads the area again; a closed or updating worker misses nothing it keeps.
    void Promise.resolve(browser.runtime.sendMessage({ type: 'popup→background:stored', keys: keys.slice(0, 20) })).catch(() => undefined);
  } catch {
    // No runtime here (a test without the fake browser): nothing to wake.
  }
}

function openChannel(): BroadcastChannel | undefined {
  if (channel) return channel;
  if (typeof BroadcastChannel !== 'function') return undefined;
  channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (event: MessageEvent<unknown>) => {
    const data = event.data;
    if (typeof data === 'object' && data !== null && !Array.isArray(data)) announce(data as StorageChanges, false);
  };
  // Node (the test runner) would otherwise stay alive for the channel.
  (channel as { unref?: () => void }).unref?.();
  return channel;
}

/** The database without the wait for moving storage.local's copies (which uses it). */
const raw: LocalArea = {
  get(keys) {
    const wanted = keyList(keys);
    return transact('readonly', (store) => {
      const found: Record<string, unknown> = {};
      if (wanted === undefined) {
        const cursor = store.openCursor();
        cursor.onsuccess = () => {
          const at = cursor.result;
          if (!at) return;
          found[String(at.key)] = at.value;
          at.continue();
        };
      } else {
        for (const key of wanted) {
          const request = store.get(key);
          request.onsuccess = () => {
            if (request.result !== undefined) found[key] = request.result;
          };
        }
      }
      return () => found;
    });
  },
  async set(items) {
    const changes: StorageChanges = {};
    // storage.local keeps JSON: the same here, so a value reads back as it would there. Copied
    // before the transaction, so a value JSON cannot hold fails the whole write.
    for (const [key, value] of Object.entries(items)) {
      const text = value === undefined ? undefined : JSON.stringify(value);
      changes[key] = { newValue: text === undefined ? undefined : JSON.parse(text) };
    }
    await transact('readwrite', (store) => {
      for (const [key, { newValue }] of Object.entries(changes)) {
        if (newValue === undefined) store.delete(key);
        else store.put(newValue, key);
      }
      return () => undefined;
    });
    announce(changes, true);
  },
  async remove(keys) {
    const list = keyList(keys) ?? [];
    await transact('readwrite', (store) => {
      for (const key of list) store.delete(key);
      return () => undefined;
    });
    announce(Object.fromEntries(list.map((key) => [key, {}])), true);
  },
};

/** The background's decision about storage.local's copies (startMoveFromLocal), while it is open. */
let decision: { local: LocalArea; update: Promise<string | undefined>; running?: Promise<string[]> } | undefined;

/**
 * Settles once the decision is made (at once where none is pending). A failed decision fails
 * the operations waiting for it, and the next operation makes it again.
 */
function ready(): Promise<unknown> {
  const open = decision;
  if (!open) return Promise.resolve();
  open.running ??= decide(open.local, open.update).then(
    (moved) => {
      if (decision === open) decision = undefined;
      return moved;
    },
    (error: unknown) => {
      open.running = undefined;
      console.error('Approach Guard: stored data could not be moved to the extension database', error);
      throw error;
    },
  );
  return open.running;
}

/**
 * The database, or storage.local where the browser has no IndexedDB or never lets the extension
 * write one (then in every context of the profile). Any other failure to open fails the
 * operation, and the next one tries again.
 */
async function backing(): Promise<LocalArea> {
  if (usingFallback()) return fallback!.area;
  const factoryTried = currentFactory();
  if (factoryTried) {
    try {
      await database();
      return raw;
    } catch (error) {
      if (!refusedForGood(error)) throw error;
    }
  }
  if (!usingFallback()) {
    console.error('Approach Guard: this browser lets the extension keep no database; settings, reports and histories stay in storage.local');
    fallback = { area: browser.storage.local, factory: factoryTried };
  }
  if (!bridged) {
    bridged = true;
    // Changes of those keys there are this area's changes.
    browser.storage.onChanged.addListener((changes, areaName) => {
      if (areaName !== 'local' || !usingFallback()) return;
      announce(Object.fromEntries(Object.entries(changes).filter(([key]) => TRUSTED_KEYS.includes(key))) as StorageChanges, false);
    });
  }
  return fallback!.area;
}

/** Whether this context keeps the trusted keys in storage.local: the browser lets it keep no database. */
export async function isFallback(): Promise<boolean> {
  return (await backing()) !== raw;
}

const area: LocalArea = {
  get: (keys) => ready().then(backing).then((target) => target.get(keys)),
  set: (items) =>
    ready().then(backing).then(async (target) => {
      await target.set(items);
      if (target !== raw && !inBackground) tellBackground(Object.keys(items));
    }),
  remove: (keys) =>
    ready().then(backing).then(async (target) => {
      await target.remove(keys);
      if (target !== raw && !inBackground) tellBackground(keyList(keys) ?? []);
    }),
};

/** The trusted area (extension pages and the background only). */
export const trustedArea = (): LocalArea => area;

/** Calls `listener` on every change of the trusted area, here or in another extension page. */
export function onTrustedChanged(listener: ChangeListener): () => void {
  openChannel();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Moves the trusted keys that an earlier build kept in storage.local into the trusted area,
 * key by key: a key the trusted area already holds keeps its value, and a value JSON cannot hold
 * (no build wrote one) is dropped with a warning. Then storage.local's copies go, and the move
 * is recorded. Returns the keys moved.
 */
export async function moveFromLocal(local: LocalArea, trusted: LocalArea = raw): Promise<string[]> {
  const [old, present] = await Promise.all([local.get([...TRUSTED_KEYS]), trusted.get([...TRUSTED_KEYS])]);
  const moving: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(old)) {
    if (value === undefined || key in present) continue;
    try {
      JSON.stringify(value);
      moving[key] = value;
    } catch (error) {
      console.warn(`Approach Guard: the stored ${key} could not be moved and is dropped`, error);
    }
  }
  // The copies go only once they are safely in the trusted area.
  await trusted.set({ ...moving, [MIGRATED_KEY]: true });
  const stale = Object.keys(old);
  if (stale.length > 0) await local.remove(stale);
  return Object.keys(moving);
}

/** Whether `version` ("1.2.3") is older than `than`. */
export function olderThan(version: string | undefined, than: string): boolean {
  if (!version) return false;
  const a = version.split('.').map(Number);
  const b = than.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (Number.isNaN(x) || Number.isNaN(y)) return false;
    if (x !== y) return x < y;
  }
  return false;
}

/** The trusted keys storage.local still holds: an earlier build's data, not moved. */
export async function unmovedKeys(local: LocalArea): Promise<Record<string, unknown>> {
  const old = await local.get([...TRUSTED_KEYS]);
  return Object.fromEntries(Object.entries(old).filter(([, value]) => value !== undefined));
}

/** The record of a start that found data no update explained: the user decides, no start waits again. */
export const MOVE_PENDING = 'pending';

/** What the background decides on a start, with the keys it moved. */
async function decide(local: LocalArea, update: Promise<string | undefined>): Promise<string[]> {
  // With no database the keys stay where they are: storage.local is where they are kept.
  if (await isFallback()) return [];
  const marker = (await raw.get(MIGRATED_KEY))[MIGRATED_KEY];
  if (marker === true) {
    // Copies a move's clean-up missed, or what a page wrote since: removed unread.
    await local.remove([...TRUSTED_KEYS]);
    return [];
  }
  // Left for the user (the options page): no start waits again.
  if (marker === MOVE_PENDING) return [];
  if (Object.keys(await unmovedKeys(local)).length === 0) {
    // A new install (or nothing to move): nothing to wait for.
    await raw.set({ [MIGRATED_KEY]: true });
    return [];
  }
  // An earlier build's data, or what a page planted while the database was gone: only the
  // update from such a build says which.
  const previous = await update;
  // The options page may have settled it while this start waited.
  if ((await raw.get(MIGRATED_KEY))[MIGRATED_KEY] !== undefined) return [];
  if (olderThan(previous, TRUSTED_SINCE)) return moveFromLocal(local, raw);
  // Not known to be an update (the update landed while the extension was disabled, say): the
  // keys stay unread, and the options page tells the user, who may discard them.
  await raw.set({ [MIGRATED_KEY]: MOVE_PENDING });
  return [];
}

/**
 * runtime.onInstalled reported an update from a build older than TRUSTED_SINCE after the start
 * had stopped waiting and left the data to the user: the update vouches for it, so it moves now.
 */
export async function moveAfterLateUpdate(local: LocalArea): Promise<string[]> {
  await ready();
  if (await isFallback()) return [];
  if ((await raw.get(MIGRATED_KEY))[MIGRATED_KEY] !== MOVE_PENDING) return [];
  return moveFromLocal(local, raw);
}

/** Settles once the start's decision is made (made again now if it failed); rejects if it fails again. */
export function ensureDecided(): Promise<unknown> {
  return ready();
}

/**
 * The background's start: decides whether storage.local's copies are to be moved, and moves
 * them. Reads and writes of the trusted area in this context wait for it, so none sees the
 * defaults in between. Only an update from a build older than TRUSTED_SINCE moves anything:
 * `update` settles with the previous version when runtime.onInstalled says "update", and with
 * undefined on an install or, for any other start, after a short wait (only when there is
 * something to move and no start has decided yet). Without the record of a move, a database the
 * browser deleted would otherwise take in what a page planted in storage.local. Resolves with
 * the keys moved.
 */
export function startMoveFromLocal(local: LocalArea, update: Promise<string | undefined>): Promise<string[]> {
  decision = { local, update };
  return ready() as Promise<string[]>;
}

/**
 * The options page, when the user discards what an earlier build left in storage.local and no
 * update explained: those copies go unread, and the decision is recorded.
 */
export async function discardUnmoved(local: LocalArea): Promise<void> {
  await area.set({ [MIGRATED_KEY]: true });
  await local.remove([...TRUSTED_KEYS]);
}
