import { describe, expect, it } from 'vitest';
import type { ScoreOptions, Scorer } from '../../../src/engine/compile';
import type { Approach, Verdict } from '../../../src/engine/types';
import { ApproachTracker, extractAll, sameContent, type Extracted, type Extraction } from '../../../src/content/tracker';
import type { SiteAdapter } from '../../../src/sites/types';

function fakeScorer(): Scorer & { scored: string[] } {
  const scored: string[] = [];
  return {
    scored,
    score(approach: Approach): Verdict {
      scored.push(approach.id);
      return { score: approach.messages.length, level: 'none', hits: [], packVersion: '1' };
    },
  } as unknown as Scorer & { scored: string[] };
}

const item = (id: string, texts: string[]): Extracted => {
  const approach: Approach = { id, site: 'linkedin', surface: 'message', sender: {}, messages: texts.map((text) => ({ text })) };
  return { extracted: { approach, anchor: null, texts: [], fields: {}, meta: { source: 'thread' } }, adapterId: 'test' };
};
const extraction = (...approaches: Extracted[]): Extraction => ({ approaches, missing: [] });

describe('change detection', () => {
  it('scores new approaches, then only those whose content changed', () => {
    const scorer = fakeScorer();
    const tracker = new ApproachTracker(scorer);
    tracker.apply(extraction(item('a', ['hi']), item('b', ['hello'])));
    tracker.scoreQueued(Infinity);
    expect(scorer.scored).toEqual(['a', 'b']);

    const result = tracker.apply(extraction(item('a', ['hi']), item('b', ['hello', 'new message'])));
    expect(result).toEqual({ removed: [], queued: 1 });
    tracker.scoreQueued(Infinity);
    expect(scorer.scored).toEqual(['a', 'b', 'b']);
    expect(tracker.get('b')?.verdict.score).toBe(2);
  });

  it('keeps the verdict of an unchanged approach but takes its new DOM handles', () => {
    const tracker = new ApproachTracker(fakeScorer());
    tracker.apply(extraction(item('a', ['hi'])));
    tracker.scoreQueued(Infinity);
    const again = item('a', ['hi']);
    tracker.apply(extraction(again));
    expect(tracker.hasQueued).toBe(false);
    expect(tracker.get('a')?.extracted).toBe(again.extracted);
  });

  it('reports approaches that left the page', () => {
    const tracker = new ApproachTracker(fakeScorer());
    tracker.apply(extraction(item('a', ['x']), item('b', ['y'])));
    tracker.scoreQueued(Infinity);
    expect(tracker.apply(extraction(item('b', ['y']))).removed).toEqual(['a']);
    expect(tracker.current().map((t) => t.extracted.approach.id)).toEqual(['b']);
  });

  it('stops scoring at the deadline and carries on later, keeping the old verdict meanwhile', () => {
    const scorer = fakeScorer();
    const tracker = new ApproachTracker(scorer);
    tracker.apply(extraction(item('a', ['1']), item('b', ['2']), item('c', ['3'])));
    let t = 0;
    const clock = () => (t += 10);
    expect(tracker.scoreQueued(15, clock)).toEqual(['a', 'b']);
    expect(tracker.hasQueued).toBe(true);
    expect(tracker.scoreQueued(Infinity)).toEqual(['c']);

    tracker.apply(extraction(item('a', ['1', 'more']), item('b', ['2']), item('c', ['3'])));
    expect(tracker.get('a')).toMatchObject({ stale: true, verdict: { score: 1 } });
    tracker.scoreQueued(Infinity);
    expect(tracker.get('a')).toMatchObject({ stale: false, verdict: { score: 2 } });
  });

  it('scores everything again with a new pack', () => {
    const first = fakeScorer();
    const tracker = new ApproachTracker(first);
    tracker.apply(extraction(item('a', ['1']), item('b', ['2'])));
    tracker.scoreQueued(Infinity);
    const second = fakeScorer();
    tracker.setScorer(second);
    tracker.apply(extraction(item('a', ['1']), item('b', ['2'])));
    tracker.scoreQueued(Infinity);
    expect(second.scored).toEqual(['a', 'b']);
  });

  it('compares content, not identity', () => {
    expect(sameContent({ a: 'abc', b: [1, { c: true }] }, { a: 'abc', b: [1, { c: true }] })).toBe(true);
    expect(sameContent({ a: 'abc' }, { a: 'abd' })).toBe(false);
    expect(sameContent('', ' ')).toBe(false);
    expect(sameContent({ b: [1, { c: true }] }, { b: [1, { c: false }] })).toBe(false);
    expect(sameContent({ b: [1] }, { b: [1, 2] })).toBe(false);
    // A field that appears (an optional time now read) is a change.
    expect(sameContent({ a: 1 }, { a: 1, at: '2025-04-08T12:00:00.000Z' })).toBe(false);
    expect(sameContent({ a: null }, { a: {} })).toBe(false);
  });

  it('keeps an approach’s revision for equal content and gives a new one for any change to what is scored', () => {
    const approach = (text: string, extra: Partial<Approach> = {}): Extracted => ({
      extracted: {
        approach: {
          id: 'a',
          site: 'linkedin',
          surface: 'message',
          sender: { name: 'Dana' },
          messages: [{ text: `Hello ${text}`, fromSelf: false, at: '2025-04-08T12:00:00.000Z' }],
          ...extra,
        },
        anchor: null,
        texts: [],
        fields: {},
        meta: { source: 'thread' },
      },
      adapterId: 'test',
    });
    const scorer = fakeScorer();
    const tracker = new ApproachTracker(scorer);
    const revisionAfter = (next: Extracted): number => {
      tracker.apply(extraction(next));
      tracker.scoreQueued(Infinity);
      return tracker.get('a')!.revision;
    };
    const base = revisionAfter(approach('there'));
    // A separate but equal object (a fresh read of an unchanged page) is not scored again.
    expect(revisionAfter(approach('there'))).toBe(base);
    expect(scorer.scored).toHaveLength(1);
    const changes = [
      approach('then'),
      approach('then', { sender: { name: 'Dan' } }),
      approach('then', { sender: { name: 'Dan' }, messages: [{ text: 'Hello then', fromSelf: true, at: '2025-04-08T12:00:00.000Z' }] }),
      approach('then', { sender: { name: 'Dan' }, messages: [{ text: 'Hello then', fromSelf: true }] }),
      approach('then', { sender: { name: 'Dan' }, messages: [{ text: 'Hello then', fromSelf: true }], platformWarning: true }),
    ];
    const seen = new Set([base]);
    for (const changed of changes) {
      const revision = revisionAfter(changed);
      expect(seen.has(revision)).toBe(false);
      seen.add(revision);
    }
    expect(scorer.scored).toHaveLength(1 + changes.length);
    // Revisions are never reused: content seen before comes back as a new revision, then stays.
    const back = revisionAfter(approach('there'));
    expect(seen.has(back)).toBe(false);
    expect(revisionAfter(approach('there'))).toBe(back);
  });
});

describe('what a score can keep', () => {
  it('hands the scorer each approach\u2019s last verdict from it, and none after a new pack or once the approach left', () => {
    const given: Array<{ id: string; since?: string[] }> = [];
    const scorer = (version: string): Scorer =>
      ({
        score(approach: Approach, options?: ScoreOptions): Verdict {
          given.push({ id: approach.id, since: options?.since?.approach.messages.map((m) => m.text) });
          return { score: 0, level: 'none', hits: [], packVersion: version };
        },
      }) as unknown as Scorer;
    const tracker = new ApproachTracker(scorer('1'));
    const run = (...items: Extracted[]) => {
      tracker.apply(extraction(...items));
      tracker.scoreQueued(Infinity);
    };
    run(item('a', ['hi']), item('b', ['x']));
    run(item('a', ['hi', 'there']), item('b', ['x']));
    tracker.setScorer(scorer('2'));
    tracker.scoreQueued(Infinity);
    run(item('a', ['hi', 'there', 'again']));
    run(item('a', ['hi', 'there', 'again']), item('b', ['x', 'y']));
    expect(given).toEqual([
      { id: 'a', since: undefined },
      { id: 'b', since: undefined },
      { id: 'a', since: ['hi'] },
      // The new pack's first scores start afresh.
      { id: 'a', since: undefined },
      { id: 'b', since: undefined },
      { id: 'a', since: ['hi', 'there'] },
      // b left the page in between: nothing of it is kept.
      { id: 'b', since: undefined },
    ]);
  });
});

describe('running the adapters', () => {
  const adapter = (id: string, path: string): SiteAdapter => ({
    id,
    matches: (url) => url.pathname.startsWith(path),
    extract: () => ({ approaches: [], missing: [id] }),
  });
  const adapters = [adapter('messages', '/messaging/'), adapter('profile', '/in/')];
  const ran = (href: string, list = adapters) => extractAll(document, new URL(href), list, {}).missing.map((m) => m.adapterId);

  it('runs only the adapters that match the URL, as the URL changes from scan to scan', () => {
    expect(ran('https://www.linkedin.com/messaging/thread/1/')).toEqual(['messages']);
    expect(ran('https://www.linkedin.com/messaging/thread/2/')).toEqual(['messages']);
    expect(ran('https://www.linkedin.com/in/someone/')).toEqual(['profile']);
    expect(ran('https://www.linkedin.com/in/someone/', [adapters[0]!])).toEqual([]);
    expect(ran('https://www.linkedin.com/feed/')).toEqual([]);
    expect(ran('https://www.linkedin.com/messaging/')).toEqual(['messages']);
  });
});
