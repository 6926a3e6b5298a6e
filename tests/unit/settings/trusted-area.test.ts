import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  MIGRATED_KEY,
  TRUSTED_AREA_NAME,
  TRUSTED_SINCE,
  moveFromLocal,
  olderThan,
  MOVE_PENDING,
  discardUnmoved,
  unmovedKeys,
  onTrustedChanged,
  startMoveFromLocal,
  trustedArea,
  usingFallback,
  type StorageChanges,
} from '../../../src/settings/trusted-area';

const CHANNEL = 'approach-guard:trusted-changes';
const stops: Array<() => void> = [];
const listen = () => {
  const seen: Array<[StorageChanges, string]> = [];
  stops.push(onTrustedChanged((changes, area) => seen.push([changes, area])));
  return seen;
};

beforeEach(() => fakeBrowser.reset());

afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

describe('the trusted area', () => {
  it('keeps what is set, gives copies, and forgets what is removed or set to undefined', async () => {
    const area = trustedArea();
    await area.set({ settings: { threshold: 'low' }, history: [1, 2], outbox: { version: 1, items: [] } });
    const read = await area.get(['settings', 'history', 'absent']);
    expect(read).toEqual({ settings: { threshold: 'low' }, history: [1, 2] });
    (read.settings as { threshold: string }).threshold = 'high';
    expect((await area.get('settings')).settings).toEqual({ threshold: 'low' });
    await area.remove('history');
    await area.set({ outbox: undefined });
    expect(await area.get(null)).toEqual({ settings: { threshold: 'low' } });
  });

  it('stores values as storage.local does, as JSON', async () => {
    await trustedArea().set({ settings: { at: new Date('2026-11-29T00:00:00Z'), gone: undefined, n: 1 } });
    expect((await trustedArea().get('settings')).settings).toEqual({ at: '2026-11-29T00:00:00.000Z', n: 1 });
  });

  it('tells listeners in this page of every change, as the trusted area, until they stop', async () => {
    const seen = listen();
    await trustedArea().set({ settings: { threshold: 'low' } });
    await trustedArea().remove(['settings']);
    expect(seen).toEqual([
      [{ settings: { newValue: { threshold: 'low' } } }, TRUSTED_AREA_NAME],
      [{ settings: {} }, TRUSTED_AREA_NAME],
    ]);
    stops.pop()!();
    await trustedArea().set({ history: [] });
    expect(seen).toHaveLength(2);
  });

  it('tells the extension\u2019s other pages over a channel, and hears theirs', async () => {
    const seen = listen();
    const other = new BroadcastChannel(CHANNEL);
    const heard = new Promise<unknown>((resolve) => {
      other.onmessage = (event) => resolve(event.data);
    });
    await trustedArea().set({ policy: { status: 'none' } });
    expect(await heard).toEqual({ policy: { newValue: { status: 'none' } } });
    other.postMessage({ outbox: { newValue: { version: 1, items: [] } } });
    await vi.waitFor(() => expect(seen).toContainEqual([{ outbox: { newValue: { version: 1, items: [] } } }, TRUSTED_AREA_NAME]));
    other.close();
  });

  it('keeps the keys in storage.local, says so, and tells listeners, where the browser gives it no database', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const seen = listen();
    const saved = globalThis.indexedDB;
    try {
      // @ts-expect-error: a browser without IndexedDB
      globalThis.indexedDB = undefined;
      await trustedArea().set({ settings: { threshold: 'high' } });
      expect(usingFallback()).toBe(true);
      expect(error).toHaveBeenCalledWith(expect.stringContaining('keep no database'));
      expect((await fakeBrowser.storage.local.get('settings')).settings).toEqual({ threshold: 'high' });
      expect((await trustedArea().get('settings')).settings).toEqual({ threshold: 'high' });
      // What another page writes there reaches this page's listeners as the trusted area's.
      await fakeBrowser.storage.local.set({ outbox: { version: 1, items: [] }, contentSettings: {} });
      await vi.waitFor(() => expect(seen.some(([changes]) => 'outbox' in changes && !('contentSettings' in changes))).toBe(true));
      expect(await startMoveFromLocal(fakeBrowser.storage.local, Promise.resolve('0.1.0'))).toEqual([]);
      expect((await fakeBrowser.storage.local.get('settings')).settings).toEqual({ threshold: 'high' });
    } finally {
      globalThis.indexedDB = saved;
    }
    // A working database is used again (tests give each a new one).
    expect(usingFallback()).toBe(false);
    expect(await trustedArea().get(null)).toEqual({});
  });

  it('keeps the keys in storage.local where the profile never lets the extension write a database', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const saved = globalThis.indexedDB;
    // As Firefox in permanent private browsing answers.
    globalThis.indexedDB = {
      open: () => {
        throw new DOMException('A mutation operation was attempted on a database that did not allow mutations.', 'InvalidStateError');
      },
    } as unknown as IDBFactory;
    try {
      await trustedArea().set({ settings: { threshold: 'high' } });
      expect(usingFallback()).toBe(true);
      expect((await fakeBrowser.storage.local.get('settings')).settings).toEqual({ threshold: 'high' });
      expect(await startMoveFromLocal(fakeBrowser.storage.local, Promise.resolve('0.1.0'))).toEqual([]);
    } finally {
      globalThis.indexedDB = saved;
    }
  });

  it('does not fall back on any other failure to open: that operation fails and the next one opens', async () => {
    const saved = globalThis.indexedDB;
    let fails = 1;
    globalThis.indexedDB = {
      open: (...args: Parameters<IDBFactory['open']>) => {
        if (fails-- > 0) throw new DOMException('Internal error opening backing store', 'UnknownError');
        return saved.open(...args);
      },
    } as unknown as IDBFactory;
    try {
      await expect(trustedArea().set({ settings: { threshold: 'high' } })).rejects.toThrow(/backing store/);
      expect(usingFallback()).toBe(false);
      await trustedArea().set({ settings: { threshold: 'low' } });
      expect((await trustedArea().get('settings')).settings).toEqual({ threshold: 'low' });
      expect(await fakeBrowser.storage.local.get('settings')).toEqual({});
    } finally {
      globalThis.indexedDB = saved;
    }
  });

  it('keeps nothing of a write with a value JSON cannot hold', async () => {
    await expect(trustedArea().set({ settings: { threshold: 'low' }, history: { big: 1n } })).rejects.toThrow(/BigInt/);
    expect(await trustedArea().get(null)).toEqual({});
  });

  it('tells the background of a page\u2019s write by a message that wakes it', async () => {
    const send = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue(undefined as never);
    await trustedArea().set({ settings: { threshold: 'low' }, notSuspicious: [] });
    expect(send).toHaveBeenCalledWith({ type: 'popup\u2192background:stored', keys: ['settings', 'notSuspicious'] });
    // A worker that cannot be reached loses nothing: the write is done.
    send.mockRejectedValue(new Error('Could not establish connection'));
    await trustedArea().remove('settings');
    expect(send).toHaveBeenLastCalledWith({ type: 'popup\u2192background:stored', keys: ['settings'] });
  });
});

describe('moving an earlier build\u2019s data out of storage.local', () => {
  it('moves the trusted keys, leaves the content scripts\u2019 keys, and keeps what the database already has', async () => {
    const local = fakeBrowser.storage.local;
    await local.set({ settings: { threshold: 'low' }, outbox: { version: 1, items: [] }, history: ['old'], contentSettings: { threshold: 'low' }, activePack: { v: 1 } });
    await trustedArea().set({ history: ['newer'] });
    expect((await moveFromLocal(local)).sort()).toEqual(['outbox', 'settings']);
    expect(await trustedArea().get(['settings', 'outbox', 'history'])).toEqual({ settings: { threshold: 'low' }, outbox: { version: 1, items: [] }, history: ['newer'] });
    expect(Object.keys(await local.get(null)).sort()).toEqual(['activePack', 'contentSettings']);
  });

  it('drops, with a warning, a value no build wrote, and moves the others', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const local = { get: async () => ({ settings: { threshold: 'low' }, history: { big: 1n } }), set: async () => undefined, remove: vi.fn(async () => undefined) };
    expect(await moveFromLocal(local)).toEqual(['settings']);
    expect(await trustedArea().get(['settings', 'history'])).toEqual({ settings: { threshold: 'low' } });
    expect(local.remove).toHaveBeenCalledWith(['settings', 'history']);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('history could not be moved'), expect.anything());
  });

  it('moves only on an update from a build before the database, and only once', async () => {
    const local = fakeBrowser.storage.local;
    await local.set({ settings: { threshold: 'low' } });
    expect(await startMoveFromLocal(local, Promise.resolve('0.1.0'))).toEqual(['settings']);
    // A content script writes a report address where the old build kept the settings.
    await local.set({ settings: { webhookUrl: 'https://attacker.example/collect' } });
    expect(await startMoveFromLocal(local, Promise.resolve('0.1.0'))).toEqual([]);
    expect((await trustedArea().get('settings')).settings).toEqual({ threshold: 'low' });
  });

  it.each([
    ['a start no event explains (an update while disabled, or a deleted database)', undefined],
    ['an update between builds that both have the database', '0.2.0'],
  ])('takes nothing from storage.local on %s, and leaves it for the user to decide', async (_what, previous) => {
    const local = fakeBrowser.storage.local;
    await local.set({ settings: { webhookUrl: 'https://attacker.example/collect' } });
    expect(await startMoveFromLocal(local, Promise.resolve(previous))).toEqual([]);
    expect(await trustedArea().get(['settings', MIGRATED_KEY])).toEqual({ [MIGRATED_KEY]: MOVE_PENDING });
    expect(await unmovedKeys(local)).toEqual({ settings: { webhookUrl: 'https://attacker.example/collect' } });
    // Later starts neither wait nor take anything.
    const never = new Promise<string | undefined>(() => {});
    expect(await startMoveFromLocal(local, never)).toEqual([]);
    expect(await trustedArea().get('settings')).toEqual({});
  });

  it('removes copies left in storage.local once the move is recorded', async () => {
    const local = fakeBrowser.storage.local;
    await trustedArea().set({ [MIGRATED_KEY]: true });
    await local.set({ settings: { webhookUrl: 'https://attacker.example/collect' }, contentSettings: {} });
    expect(await startMoveFromLocal(local, Promise.resolve(undefined))).toEqual([]);
    expect(Object.keys(await local.get(null))).toEqual(['contentSettings']);
  });

  it('records at once, without waiting for any event, that there is nothing to move', async () => {
    const never = new Promise<string | undefined>(() => {});
    expect(await startMoveFromLocal(fakeBrowser.storage.local, never)).toEqual([]);
    expect((await trustedArea().get(MIGRATED_KEY))[MIGRATED_KEY]).toBe(true);
  });

  it('discards, when the user says so, what no update explained, and records the decision', async () => {
    const local = fakeBrowser.storage.local;
    await local.set({ settings: { webhookUrl: 'https://attacker.example/collect' }, outbox: { version: 1, items: [] }, contentSettings: {} });
    expect(await startMoveFromLocal(local, Promise.resolve(undefined))).toEqual([]);
    await discardUnmoved(local);
    expect(Object.keys(await local.get(null))).toEqual(['contentSettings']);
    expect(await trustedArea().get(['settings', MIGRATED_KEY])).toEqual({ [MIGRATED_KEY]: true });
  });

  it('makes a failed decision again on the next read, instead of failing for the worker\u2019s life', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    let failures = 2;
    await fakeBrowser.storage.local.set({ settings: { threshold: 'low' } });
    const local = {
      get: async (keys?: string | string[] | null) => {
        if (failures-- > 0) throw new Error('storage.local is busy');
        return fakeBrowser.storage.local.get(keys ?? null);
      },
      set: async () => undefined,
      remove: (keys: string | string[]) => fakeBrowser.storage.local.remove(keys),
    };
    await expect(startMoveFromLocal(local, Promise.resolve('0.1.0'))).rejects.toThrow('busy');
    // While it fails, so do reads: nothing works from defaults.
    await expect(trustedArea().get('settings')).rejects.toThrow('busy');
    // The next read makes it again, and it moves what it was to move.
    expect((await trustedArea().get('settings')).settings).toEqual({ threshold: 'low' });
    expect((await trustedArea().get(MIGRATED_KEY))[MIGRATED_KEY]).toBe(true);
  });

  it('compares versions as numbers', () => {
    expect(olderThan('0.1.0', TRUSTED_SINCE)).toBe(true);
    expect(olderThan('0.10.0', '0.2.0')).toBe(false);
    expect(olderThan('0.2', '0.2.0')).toBe(false);
    expect(olderThan(undefined, '0.2.0')).toBe(false);
    expect(olderThan('x', '0.2.0')).toBe(false);
  });

  it('holds back reads of the trusted area until the move is done', async () => {
    const local = fakeBrowser.storage.local;
    await local.set({ notSuspicious: [{ profileUrl: 'https://www.linkedin.com/in/a/' }] });
    const moving = startMoveFromLocal(local, Promise.resolve('0.1.0'));
    // Asked before the move finished, answered after it.
    const read = trustedArea().get('notSuspicious');
    expect((await read).notSuspicious).toEqual([{ profileUrl: 'https://www.linkedin.com/in/a/' }]);
    expect(await moving).toEqual(['notSuspicious']);
  });

});
