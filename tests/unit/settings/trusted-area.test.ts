import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  MIGRATED_KEY,
  TRUSTED_AREA_NAME,
  TrustedStorageError,
  moveFromLocal,
  onTrustedChanged,
  startMoveFromLocal,
  trustedArea,
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

  it('says clearly when the browser gives it no database, and keeps nothing half-written', async () => {
    const saved = globalThis.indexedDB;
    try {
      // @ts-expect-error: a browser without IndexedDB
      globalThis.indexedDB = undefined;
      await expect(trustedArea().get('settings')).rejects.toThrow(TrustedStorageError);
      await expect(trustedArea().set({ settings: {} })).rejects.toThrow(/no IndexedDB/);
    } finally {
      globalThis.indexedDB = saved;
    }
    expect(await trustedArea().get(null)).toEqual({});
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

  it('moves only once: what appears in storage.local later is never taken', async () => {
    const local = fakeBrowser.storage.local;
    expect(await moveFromLocal(local)).toEqual([]);
    expect((await trustedArea().get(MIGRATED_KEY))[MIGRATED_KEY]).toBe(true);
    // A content script writes a report address where the old build kept the settings.
    await local.set({ settings: { webhookUrl: 'https://attacker.example/collect' } });
    expect(await moveFromLocal(local)).toEqual([]);
    expect(await trustedArea().get('settings')).toEqual({});
  });

  it('holds back reads of the trusted area until the move is done', async () => {
    const local = fakeBrowser.storage.local;
    await local.set({ notSuspicious: [{ profileUrl: 'https://www.linkedin.com/in/a/' }] });
    const moving = startMoveFromLocal(local);
    // Asked before the move finished, answered after it.
    const read = trustedArea().get('notSuspicious');
    expect((await read).notSuspicious).toEqual([{ profileUrl: 'https://www.linkedin.com/in/a/' }]);
    expect(await moving).toEqual(['notSuspicious']);
  });
});
