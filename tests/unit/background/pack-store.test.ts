import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { GRAMMAR_WORDS } from '../../../src/engine/broken-english';
import { ACTIVE_PACK_DIGEST_KEY, activePackRecord, ensureActivePack, toRuntimePack, writeActivePack, type ActivePackRecord } from '../../../src/background/pack-store';
import { compile } from '../../../src/engine/compile';
import { canonicalJson } from '../../../src/pack/canonical';
import { trustedArea } from '../../../src/settings/trusted-area';
import { clearSurfacedNotice, readSurfacedNotice } from '../../../src/background/surfaced-notice';
import { readHistory, recordFlaggedSender } from '../../../src/settings/history';
import type { Approach } from '../../../src/engine/types';
import { ACTIVE_PACK_KEY } from '../../../src/messaging/protocol';
import { layerPacks } from '../../../src/pack/layer';
import { loadPack } from '../../../src/pack/load';
import { orgPack } from '../pack/signed-pack';
import type { RulePack } from '../../../src/pack/schema';
import { withoutExamples } from '../engine/helpers';
import baseline from '../../../rules/baseline.pack.json';

const stored = async () => (await fakeBrowser.storage.local.get(ACTIVE_PACK_KEY))[ACTIVE_PACK_KEY] as ActivePackRecord | undefined;
const NOW = Date.UTC(2026, 10, 23, 12);
const org = loadPack(orgPack()).pack;
/** The organisation pack as verifiedOverlay() gives it when it is in force. */
const ORG = async () => ({ pack: org, stored: { url: 'https://packs.example.org/pack.json', text: '{}', signature: 'x', id: org.id, version: org.version, fetchedAt: 1 } });

describe('the pack store', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('installs the bundled pack, validated and without examples or entity notes', async () => {
    const result = await ensureActivePack({ now: () => NOW });
    expect(result).toMatchObject({ written: true, version: baseline.version, skipped: 0 });
    const record = await stored();
    expect(record).toMatchObject({ source: 'bundled', version: baseline.version, installedAt: NOW });
    expect(record!.pack.rules.length).toBe(baseline.rules.length);
    expect(record!.pack.rules.some((rule) => 'examples' in rule)).toBe(false);
    expect(record!.pack.entities?.some((entity) => 'notes' in entity)).toBe(false);
    const size = JSON.stringify(record!.pack).length;
    const examples = JSON.stringify(baseline.rules.map((r) => r.examples)).length;
    expect(size).toBeLessThan(JSON.stringify(baseline).length - examples);
  });

  it('installs the bundled pack as the build bundles it, without examples: the same record as from the whole file', async () => {
    await ensureActivePack({ now: () => NOW });
    const whole = await stored();
    fakeBrowser.reset();
    const bundled = withoutExamples(baseline);
    expect(await ensureActivePack({ now: () => NOW, bundled })).toMatchObject({ written: true, version: baseline.version, skipped: 0 });
    expect(await stored()).toEqual(whole);
  });

  it('leaves the pack alone when the stored version is current', async () => {
    await ensureActivePack();
    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    expect(await ensureActivePack()).toEqual({ written: false, version: baseline.version, reason: 'current' });
    expect(set).not.toHaveBeenCalled();
  });

  it('replaces an older pack, and layers the organisation\u2019s pack only while it is in force', async () => {
    const old = { pack: { ...baseline, version: '2020.1.1' }, installedAt: 1, source: 'bundled', version: '2020.1.1' };
    await fakeBrowser.storage.local.set({ [ACTIVE_PACK_KEY]: old });
    expect(await ensureActivePack()).toMatchObject({ written: true, version: baseline.version });

    const layered = `${baseline.version}+org.security-team@2026.12.1`;
    expect(await ensureActivePack({ overlay: ORG })).toMatchObject({ written: true, version: layered });
    expect(await stored()).toMatchObject({ source: 'remote', version: layered });
    expect((await stored())?.pack.rules.some((rule) => rule.id === 'org.committee-papers')).toBe(true);
    expect(await ensureActivePack({ overlay: ORG })).toEqual({ written: false, version: layered, reason: 'current' });
    // Withdrawn, or no longer verifying: the baseline alone.
    expect(await ensureActivePack({ overlay: async () => ({ reason: 'the pack address set by policy changed' }) })).toMatchObject({ written: true, version: baseline.version });
    expect(await stored()).toMatchObject({ source: 'bundled', version: baseline.version });
  });

  it('after a store update whose pack lists someone read before, names them once, for the popup', async () => {
    const priya = 'https://www.linkedin.com/in/demo-member-102/';
    const seen = { profileId: 'demo-member-102', profileUrl: priya, name: 'Priya Natarajan', firstSeen: '2026-06-01T10:00:00.000Z', lastSeen: '2026-06-03T10:00:00.000Z', highestLevel: 'none' };
    await trustedArea().set({ seenSenders: [seen] });
    // This build's pack flags nobody she is.
    expect((await ensureActivePack({ now: () => NOW })).surfaced).toBeUndefined();
    expect(await readSurfacedNotice()).toBeUndefined();
    // The next release's lists her profile.
    const next = {
      ...baseline,
      version: '2027.1.5',
      entities: [...(baseline.entities ?? []), { id: 'persona.release-listed', name: 'Release Listed', type: 'persona', profileUrls: [priya], matchInText: false, flaggedBy: 'NPSA', source: 'public warning', confidence: 'official' }],
    };
    const result = await ensureActivePack({ now: () => NOW + 1, bundled: next });
    expect(result).toMatchObject({ written: true, version: '2027.1.5', surfaced: [{ profileUrl: priya, name: 'Priya Natarajan', level: 'high' }] });
    expect(await readSurfacedNotice()).toEqual({ senders: [{ profileUrl: priya, name: 'Priya Natarajan', level: 'high', at: NOW + 1, verdict: expect.objectContaining({ level: 'high', packVersion: '2027.1.5' }) }], pack: `${baseline.name} 2027.1.5` });
    expect((await readHistory()).entries).toEqual([expect.objectContaining({ profileUrl: priya, highestLevel: 'high', lastSeen: seen.lastSeen })]);
    // Once a version: the next rebuild, or a notice the user has seen, says nothing again.
    await clearSurfacedNotice({ upTo: NOW + 1, profiles: [priya] });
    expect(await ensureActivePack({ now: () => NOW + 2, bundled: next })).toMatchObject({ written: false, reason: 'current' });
    expect(await readSurfacedNotice()).toBeUndefined();
  });

  for (const [what, key] of [
    ['the notice', 'surfacedNotice'],
    ['the flagged history', 'history'],
  ] as const) {
    it(`names the people a new pack flags after a check cut short by a failed write of ${what}, at a later rebuild`, async () => {
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      const priya = 'https://www.linkedin.com/in/demo-member-102/';
      await trustedArea().set({ seenSenders: [{ profileId: 'demo-member-102', profileUrl: priya, firstSeen: '2026-06-01T10:00:00.000Z', lastSeen: '2026-06-03T10:00:00.000Z', highestLevel: 'none' }] });
      const next = { ...baseline, version: '2027.1.5', entities: [{ id: 'persona.release-listed', name: 'Release Listed', type: 'persona', profileUrls: [priya], matchInText: false, flaggedBy: 'NPSA', source: 'public warning', confidence: 'official' }] };
      const set = trustedArea().set;
      const failing = vi.spyOn(trustedArea(), 'set').mockImplementation(async (items) => {
        if (key in items) throw new Error('QuotaExceededError');
        return set(items);
      });
      // The pack is in force all the same.
      expect(await ensureActivePack({ now: () => NOW, bundled: next })).toMatchObject({ written: true, version: '2027.1.5' });
      failing.mockRestore();
      // Not again at every rebuild (a store that stays full), but after a while.
      expect((await ensureActivePack({ now: () => NOW + 60_000, bundled: next })).surfaced).toBeUndefined();
      expect(await ensureActivePack({ now: () => NOW + 11 * 60_000, bundled: next })).toMatchObject({ written: false, reason: 'current', surfaced: [{ profileUrl: priya, level: 'high' }] });
      expect((await readSurfacedNotice())?.senders.map((s) => s.profileUrl)).toEqual([priya]);
      expect((await readHistory()).entries.map((e) => e.profileUrl)).toEqual([priya]);
    });
  }

  it('names someone a tab flagged with the new pack before the check came to them', async () => {
    const priya = 'https://www.linkedin.com/in/demo-member-102/';
    await trustedArea().set({ seenSenders: [{ profileId: 'demo-member-102', profileUrl: priya, name: 'Priya Natarajan', firstSeen: '2026-06-01T10:00:00.000Z', lastSeen: '2026-06-03T10:00:00.000Z', highestLevel: 'none' }] });
    const next = { ...baseline, version: '2027.1.5', entities: [{ id: 'persona.release-listed', name: 'Release Listed', type: 'persona', profileUrls: [priya], matchInText: false, flaggedBy: 'NPSA', source: 'public warning', confidence: 'official' }] };
    // Her thread, open in a tab, is read with the new pack as soon as it is stored, and its report
    // puts her in the flagged history before the check reads it.
    const local = fakeBrowser.storage.local;
    const write = local.set.bind(local);
    vi.spyOn(local, 'set').mockImplementation(async (items) => {
      await write(items);
      if ('activePack' in items) await recordFlaggedSender({ id: 't', site: 'linkedin', surface: 'message', sender: { profileUrl: priya }, messages: [] }, { score: 90, level: 'high', hits: [], packVersion: '2027.1.5' });
    });
    expect(await ensureActivePack({ now: () => NOW, bundled: next })).toMatchObject({ surfaced: [{ profileUrl: priya, level: 'high' }] });
    expect((await readSurfacedNotice())?.senders).toHaveLength(1);
  });

  it('rolls a newer bundled pack back to this build\u2019s (a release withdrawn, or a mistyped version)', async () => {
    const newer = activePackRecord({ ...loadPack(baseline).pack, version: '20261128.1.1' }, 'bundled', 2);
    await fakeBrowser.storage.local.set({ [ACTIVE_PACK_KEY]: newer });
    expect(await ensureActivePack()).toMatchObject({ written: true, version: baseline.version });
    expect((await stored())).toMatchObject({ source: 'bundled', version: baseline.version });
  });

  it('compiles the stored pack again when its compiled form is from another build', async () => {
    const record = activePackRecord(layerPacks(loadPack(baseline).pack, [org]).pack, 'remote', 2);
    await writeActivePack({ ...record, compiled: { ...record.compiled, format: 0 } }, fakeBrowser.storage.local, trustedArea());
    expect(await ensureActivePack({ overlay: ORG })).toEqual({ written: true, version: record.version, reason: 'recompiled' });
    const after = await stored();
    expect(after?.source).toBe('remote');
    expect(after?.compiled).toEqual(record.compiled);
  });

  it('compiles the stored pack again when an update changed the engine\u2019s own word classes', async () => {
    const record = activePackRecord(loadPack(baseline).pack, 'bundled', 2);
    // As an earlier build wrote it: the same pack version and format, one negator fewer.
    const classes = record.compiled.grammar.classes.filter(([word]) => word !== 'avoid');
    expect(classes.length).toBe(record.compiled.grammar.classes.length - 1);
    await writeActivePack({ ...record, compiled: { ...record.compiled, grammar: { ...record.compiled.grammar, classes } } }, fakeBrowser.storage.local, trustedArea());
    expect(await ensureActivePack()).toEqual({ written: true, version: record.version, reason: 'recompiled' });
    expect((await stored())?.compiled).toEqual(record.compiled);
    // Once current, left alone.
    expect(await ensureActivePack()).toMatchObject({ written: false, reason: 'current' });
    // Nor is a word the heuristic compares with, which is in the lexicon only, missed.
    const words = record.compiled.lexicon.words.filter((word) => word !== GRAMMAR_WORDS[0]);
    await writeActivePack({ ...record, compiled: { ...record.compiled, lexicon: { ...record.compiled.lexicon, words } } }, fakeBrowser.storage.local, trustedArea());
    expect(await ensureActivePack()).toEqual({ written: true, version: record.version, reason: 'recompiled' });
  });

  it('merges a pack’s selectors over the built-in registry, its own alternatives first', () => {
    const pack = loadPack(baseline).pack;
    const { thread: _thread, ...rest } = pack.selectors!;
    const record = activePackRecord({ ...pack, selectors: { ...rest, threadHeader: ['.title-2026'], nonsense: ['p'] } }, 'remote', 2);
    expect(record.selectors?.thread).toEqual(pack.selectors!.thread);
    expect(record.selectors?.threadHeader).toEqual(['.title-2026', ...pack.selectors!.threadHeader!]);
    expect(record.selectorErrors).toEqual([{ target: 'nonsense', selector: '["p"]', reason: 'unknown selector target' }]);
    // The pack itself is stored as it came.
    expect(record.pack.selectors?.thread).toBeUndefined();
  });

  it('merges the stored pack’s selectors again when this build’s registry changed', async () => {
    const record = activePackRecord(layerPacks(loadPack(baseline).pack, [org]).pack, 'remote', 2);
    const { thread: _thread, ...older } = record.selectors!;
    await writeActivePack({ ...record, selectors: older as ActivePackRecord['selectors'] }, fakeBrowser.storage.local, trustedArea());
    expect(await ensureActivePack({ overlay: ORG })).toEqual({ written: true, version: record.version, reason: 'selectors' });
    expect((await stored())?.selectors).toEqual(record.selectors);
    expect(await ensureActivePack({ overlay: ORG })).toEqual({ written: false, version: record.version, reason: 'current' });
  });

  it('replaces a stored pack it did not write, even one of the same version, and says so', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await ensureActivePack({ now: () => NOW });
    const mine = await stored();
    // What a page could write where content scripts read the pack: every rule weighing nothing.
    const pack = loadPack(baseline).pack;
    const silenced = activePackRecord({ ...pack, rules: pack.rules.map((rule) => ({ ...rule, weight: 0 })) }, 'bundled', NOW);
    await fakeBrowser.storage.local.set({ [ACTIVE_PACK_KEY]: silenced });
    expect(await ensureActivePack({ now: () => NOW })).toMatchObject({ written: true, version: baseline.version, replaced: 'foreign' });
    expect(await stored()).toEqual(mine);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('does not match'));
    // A newer one from elsewhere is kept only when this module wrote it.
    await fakeBrowser.storage.local.set({ [ACTIVE_PACK_KEY]: activePackRecord({ ...pack, version: '2099.1.1' }, 'remote', 2) });
    expect(await ensureActivePack({ now: () => NOW })).toMatchObject({ written: true, version: baseline.version, replaced: 'foreign' });
    expect(await ensureActivePack({ now: () => NOW })).toEqual({ written: false, version: baseline.version, reason: 'current' });
  });

  it('keeps the digest out of storage.local where the browser has no database', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const saved = globalThis.indexedDB;
    // @ts-expect-error: a browser without IndexedDB
    globalThis.indexedDB = undefined;
    try {
      await ensureActivePack({ now: () => NOW });
      const all = await fakeBrowser.storage.local.get(null);
      // The trusted keys are kept there too without a database (the version the senders read were
      // checked against), but never the digest.
      expect(Object.keys(all).sort()).toEqual([ACTIVE_PACK_KEY, 'surfacedFor']);
      expect(Object.keys(all)).not.toContain(ACTIVE_PACK_DIGEST_KEY);
      // A page that writes a pack cannot also write a digest that passes.
      const pack = loadPack(baseline).pack;
      const silenced = activePackRecord({ ...pack, rules: pack.rules.map((rule) => ({ ...rule, weight: 0 })) }, 'bundled', NOW);
      // With the digest a digest kept beside it would have to match.
      const digest = Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonicalJson(silenced)))), (b) => b.toString(16).padStart(2, '0')).join('');
      await fakeBrowser.storage.local.set({ [ACTIVE_PACK_KEY]: silenced, activePackDigest: digest });
      expect(await ensureActivePack({ now: () => NOW })).toMatchObject({ written: true, replaced: 'foreign' });
      expect(await ensureActivePack({ now: () => NOW })).toMatchObject({ written: false, reason: 'current' });
    } finally {
      globalThis.indexedDB = saved;
    }
  });

  it('repairs a stored record it cannot read', async () => {
    await fakeBrowser.storage.local.set({ [ACTIVE_PACK_KEY]: { version: 'not a version', pack: 'nope' } });
    expect(await ensureActivePack()).toMatchObject({ written: true });
    expect((await stored())?.version).toBe(baseline.version);
  });

  it('keeps the pack in force when the bundled one is invalid', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const result = await ensureActivePack({ bundled: { ...baseline, version: '2999.1', format: 99 } });
    expect(result).toEqual({ written: false, version: undefined, reason: 'invalid-bundle' });
    expect(await stored()).toBeUndefined();
    expect(error).toHaveBeenCalled();
  });

  it('scores exactly as the full pack does', () => {
    const full = loadPack(baseline).pack;
    const slim = toRuntimePack(full) as unknown as RulePack;
    const approach: Approach = {
      id: 'a',
      site: 'linkedin',
      surface: 'message',
      sender: { name: 'Lena Okafor', hasPhoto: false },
      messages: [{ text: 'My client pays well for short reports on policy. Please keep this between us and continue on WhatsApp.' }],
    };
    const now = NOW;
    expect(compile(slim).score(approach, { now })).toEqual(compile(full).score(approach, { now }));
  });
});
