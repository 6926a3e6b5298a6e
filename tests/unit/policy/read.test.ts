import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  POLICY_STORAGE_KEY,
  applyManagedRead,
  readManagedStorage,
  readPolicyState,
  refreshPolicy,
  type PolicyState,
} from '../../../src/policy/read';
import { toBase64, verifySignature } from '../../../src/pack/signature';
import type { PolicyValues } from '../../../src/policy/schema';
import type { ManagedArea } from '../../../src/settings/storage-area';
import { trustedArea } from '../../../src/settings/trusted-area';

const KEY_A = btoa(String.fromCharCode(...Array.from({ length: 32 }, (_, i) => i)));
const never: ManagedArea = { get: () => new Promise(() => undefined) };
const firefoxWithoutPolicy: ManagedArea = {
  get: async () => {
    throw new Error('Managed storage manifest not found');
  },
};
const answering = (raw: Record<string, unknown>): ManagedArea => ({ get: async () => raw });

const valid = {
  securityTeamName: 'Parliamentary Security Department',
  webhookUrl: 'https://soc.parliament.example/hook',
  threshold: 'high',
  discreetMode: true,
  trustedKeys: [KEY_A],
  updateIntervalHours: 6,
};

describe('readManagedStorage', () => {
  it('gives up after the timeout when managed storage never answers, and hands over the pending read', async () => {
    const started = Date.now();
    const read = await readManagedStorage({ managed: never, timeoutMs: 25 });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(read).toMatchObject({ status: 'timeout', raw: {} });
    expect(read.late).toBeInstanceOf(Promise);
  });

  it("treats Firefox's throw when no policy exists as no policy", async () => {
    expect(await readManagedStorage({ managed: firefoxWithoutPolicy })).toEqual({ status: 'none', raw: {} });
  });

  it('reports any other failure as an error with its message', async () => {
    const broken: ManagedArea = { get: async () => Promise.reject(new Error('IO error')) };
    expect(await readManagedStorage({ managed: broken })).toEqual({ status: 'error', raw: {}, error: 'IO error' });
  });

  it('says so when the browser has no managed storage', async () => {
    expect(await readManagedStorage({ managed: undefined })).toEqual({ status: 'unavailable', raw: {} });
  });

  it('reads browser.storage.managed by default', async () => {
    fakeBrowser.reset();
    await fakeBrowser.storage.managed.set({ threshold: 'low' });
    expect(await readManagedStorage()).toEqual({ status: 'ok', raw: { threshold: 'low' } });
  });
});

describe('applyManagedRead', () => {
  const previous: Partial<PolicyValues> = {
    webhookUrl: 'https://old.parliament.example/hook',
    threshold: 'medium',
    reportEmail: 'security@parliament.example',
  };

  it('enforces valid values', () => {
    const { values, issues } = applyManagedRead({ status: 'ok', raw: valid }, {});
    expect(values).toEqual(valid);
    expect(issues).toEqual([]);
  });

  it('reports an invalid value with key, value and reason and keeps the previous valid value for that key', () => {
    const raw = { ...valid, webhookUrl: 'http://soc.parliament.example/hook', threshold: 'extreme' };
    const { values, issues } = applyManagedRead({ status: 'ok', raw }, previous);
    expect(values.webhookUrl).toBe(previous.webhookUrl);
    expect(values.threshold).toBe(previous.threshold);
    expect(values.discreetMode).toBe(true);
    expect(issues).toEqual([
      { key: 'webhookUrl', value: raw.webhookUrl, reason: expect.stringMatching(/https/), keptPrevious: true },
      { key: 'threshold', value: 'extreme', reason: expect.any(String), keptPrevious: true },
    ]);
  });

  it('enforces nothing for an invalid key that never had a valid value, and says so', () => {
    const { values, issues } = applyManagedRead({ status: 'ok', raw: { updateIntervalHours: 0.5 } }, {});
    expect(values).toEqual({});
    expect(issues).toEqual([expect.objectContaining({ key: 'updateIntervalHours', keptPrevious: false })]);
  });

  it.each([
    ['trustedKeys', ['not base64!'], /base64/],
    ['trustedKeys', [btoa('short')], /32/],
    // 32 bytes, but without the padding the signature check's decoder needs.
    ['trustedKeys', [KEY_A.replace(/=+$/, '')], /padding/],
    ['trustedKeys', [], /1/],
    ['discreetMode', 'true', /boolean/],
    ['updateIntervalHours', 169, /168/],
    ['reportEmail', 'security', /email/i],
    ['packUrl', 'https://user:pw@packs.example/p.json', /password/],
    ['securityTeamName', '   ', /1/],
  ])('rejects %s = %j', (key, value, reason) => {
    const { issues } = applyManagedRead({ status: 'ok', raw: { [key]: value } }, {});
    expect(issues).toEqual([expect.objectContaining({ key, value, reason: expect.stringMatching(reason) })]);
  });

  it('takes a trusted key exactly when the signature check can use it', async () => {
    const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    const key = toBase64(new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey)));
    const data = new TextEncoder().encode('{"id":"org"}');
    const signature = new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, pair.privateKey, data));
    const unpadded = key.replace(/=+$/, '');
    expect(unpadded).not.toBe(key);
    for (const candidate of [key, unpadded, ` ${key}\n`]) {
      const { values } = applyManagedRead({ status: 'ok', raw: { trustedKeys: [candidate] } }, {});
      const usable = (await verifySignature(data, signature, [candidate])).ok;
      expect({ candidate, taken: values.trustedKeys !== undefined }).toEqual({ candidate, taken: usable });
    }
  });

  it('reports a key it does not know, such as a typo', () => {
    const { values, issues } = applyManagedRead({ status: 'ok', raw: { webhookURL: 'https://x.example' } }, {});
    expect(values).toEqual({});
    expect(issues).toEqual([expect.objectContaining({ key: 'webhookURL', reason: expect.stringMatching(/not a policy/) })]);
  });

  it('stops enforcing a key the administrator removed', () => {
    const { values } = applyManagedRead({ status: 'ok', raw: { threshold: 'low' } }, previous);
    expect(values).toEqual({ threshold: 'low' });
  });

  it('stops enforcing everything when the policy is gone', () => {
    expect(applyManagedRead({ status: 'none', raw: {} }, previous).values).toEqual({});
  });

  it.each(['timeout', 'error'] as const)('keeps everything in force when the read ends in %s', (status) => {
    expect(applyManagedRead({ status, raw: {} }, previous)).toEqual({ values: previous, issues: [] });
  });
});

describe('refreshPolicy', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });
  const now = () => Date.parse('2026-11-23T12:00:00.000Z');

  it('persists the values in force and the issues, so a later bad value keeps the last good one', async () => {
    await refreshPolicy({ managed: answering(valid), now });
    const state = await refreshPolicy({ managed: answering({ ...valid, webhookUrl: 'ftp://x.example' }), now });
    expect(state.values.webhookUrl).toBe(valid.webhookUrl);
    expect(state.issues).toEqual([expect.objectContaining({ key: 'webhookUrl', keptPrevious: true })]);
    expect((await readPolicyState()).state).toEqual(state);
  });

  it('keeps the last values in force when managed storage never answers', async () => {
    await refreshPolicy({ managed: answering(valid), now });
    const state = await refreshPolicy({ managed: never, timeoutMs: 20, now });
    expect(state.status).toBe('timeout');
    expect(state.values).toEqual(valid);
  });

  it('applies a read that answers after the timeout', async () => {
    let answer: (raw: Record<string, unknown>) => void = () => undefined;
    const slow: ManagedArea = { get: () => new Promise((resolve) => (answer = resolve)) };
    const onLateState = vi.fn<(state: PolicyState) => void>();
    const first = await refreshPolicy({ managed: slow, timeoutMs: 20, now, onLateState });
    expect(first).toMatchObject({ status: 'timeout', values: {} });

    answer({ threshold: 'high' });
    await vi.waitFor(() => expect(onLateState).toHaveBeenCalledOnce());
    expect(onLateState.mock.calls[0]?.[0]).toMatchObject({ status: 'ok', values: { threshold: 'high' } });
    expect((await readPolicyState()).state?.values).toEqual({ threshold: 'high' });
  });

  it('does not let a late answer from an earlier read undo what a later read applied', async () => {
    let answer: (raw: Record<string, unknown>) => void = () => undefined;
    const slow: ManagedArea = { get: () => new Promise((resolve) => (answer = resolve)) };
    const onLateState = vi.fn<(state: PolicyState) => void>();
    await refreshPolicy({ managed: slow, timeoutMs: 20, now, onLateState });
    await refreshPolicy({ managed: answering({ threshold: 'high' }), now });
    answer({ threshold: 'low' });
    // The late answer is settled once the lock has taken and let go of another commit.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await refreshPolicy({ managed: never, timeoutMs: 5, now });
    expect((await readPolicyState()).state?.values).toEqual({ threshold: 'high' });
    expect(onLateState).not.toHaveBeenCalled();
  });

  it('drops a late answer that comes while a newer read waits to be stored', async () => {
    // Another read's commit is slow to store: the newer read's answer, then the late one, wait
    // behind it.
    const area = trustedArea();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let armed = false;
    const slowArea: typeof area = {
      ...area,
      get: (keys) => area.get(keys),
      remove: (keys) => area.remove(keys),
      set: async (items) => {
        if (armed) {
          armed = false;
          await gate;
        }
        return area.set(items);
      },
    };
    let answer: (raw: Record<string, unknown>) => void = () => undefined;
    const slow: ManagedArea = { get: () => new Promise((resolve) => (answer = resolve)) };
    await refreshPolicy({ managed: slow, timeoutMs: 20, now, area: slowArea });
    armed = true;
    const blocking = refreshPolicy({ managed: never, timeoutMs: 5, now, area: slowArea });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const newer = refreshPolicy({ managed: answering({ threshold: 'high' }), now, area: slowArea });
    await new Promise((resolve) => setTimeout(resolve, 10));
    answer({ threshold: 'low' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    release();
    await blocking;
    await newer;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await readPolicyState()).state?.values).toEqual({ threshold: 'high' });
  });

  it('clears enforced values when Firefox says there is no policy', async () => {
    await refreshPolicy({ managed: answering(valid), now });
    const state = await refreshPolicy({ managed: firefoxWithoutPolicy, now });
    expect(state).toMatchObject({ status: 'none', values: {}, issues: [] });
  });
});

describe('readPolicyState', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('re-validates stored values and reports the ones that were tampered with', async () => {
    await trustedArea().set({
      [POLICY_STORAGE_KEY]: {
        status: 'ok',
        readAt: '2026-11-23T12:00:00.000Z',
        values: { threshold: 'high', webhookUrl: 'http://evil.example/' },
        issues: [],
      },
    });
    const { state, issues } = await readPolicyState();
    expect(state?.values).toEqual({ threshold: 'high' });
    expect(issues).toEqual([expect.objectContaining({ area: 'policy', key: 'webhookUrl' })]);
  });

  it('keeps the stored values when the rest of the stored state is damaged', async () => {
    await trustedArea().set({
      [POLICY_STORAGE_KEY]: { status: 'weird', values: { threshold: 'low' }, issues: 'x' },
    });
    const { state, issues } = await readPolicyState();
    expect(state).toMatchObject({ status: 'error', values: { threshold: 'low' }, issues: [] });
    expect(issues).toEqual([expect.objectContaining({ area: 'policy', key: POLICY_STORAGE_KEY })]);
  });

  it('survives an unreadable stored state', async () => {
    await trustedArea().set({ [POLICY_STORAGE_KEY]: 'garbage' });
    const { state, issues } = await readPolicyState();
    expect(state).toBeUndefined();
    expect(issues).toHaveLength(1);
  });
});
