import { afterEach, describe, expect, test, vi } from 'vitest';
import { forgetAround, queryKept, registryKey, remember, setExtractionCache } from '../../../src/sites/extraction-cache';
import { LINKEDIN_SELECTORS } from '../../../src/sites/linkedin/baseline-selectors';
import { invitations } from '../../../src/sites/linkedin/invitations';
import { messaging } from '../../../src/sites/linkedin/messaging';
import { profile } from '../../../src/sites/linkedin/profile';
import { useSavedClock, WRITTEN_SAVED_AT } from './clock';
import { loadFixture } from './fixtures';

/** A parent with two children, the first of which has a child of its own. */
function tree() {
  const { document } = loadFixture('linkedin-messaging.html');
  const parent = document.createElement('ul');
  const first = document.createElement('li');
  const second = document.createElement('li');
  const inner = document.createElement('p');
  first.append(inner);
  parent.append(first, second);
  document.body.append(parent);
  return { parent, first, second, inner };
}

/** Calls `remember` and says whether it had to make the value again. */
function counter() {
  let made = 0;
  return {
    read(element: Element, key = 'k') {
      const before = made;
      remember(element, key, () => ++made);
      return made > before ? 'made' : 'remembered';
    },
  };
}

afterEach(() => setExtractionCache(false));

/** Numbers below `n` from a small deterministic generator (mulberry32), so a failure can be replayed. */
function generator(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

describe('the extraction cache', () => {
  test('remembers nothing until the content script switches it on', () => {
    const { first } = tree();
    const { read } = counter();
    expect(read(first)).toBe('made');
    expect(read(first)).toBe('made');
  });

  test('gives back what was read from an unchanged element, per element and per key', () => {
    setExtractionCache(true);
    const { first, second } = tree();
    const { read } = counter();
    expect(read(first)).toBe('made');
    expect(read(first)).toBe('remembered');
    expect(read(first, 'other')).toBe('made');
    expect(read(second)).toBe('made');
    expect(remember(first, 'value', () => ({ n: 1 }))).toBe(remember(first, 'value', () => ({ n: 2 })));
  });

  test('forgets a changed element and its ancestors, and keeps its siblings and descendants', () => {
    setExtractionCache(true);
    const { parent, first, second, inner } = tree();
    const { read } = counter();
    for (const element of [parent, first, second, inner]) read(element);
    forgetAround(first);
    expect(read(first)).toBe('made');
    expect(read(parent)).toBe('made');
    expect(read(second)).toBe('remembered');
    expect(read(inner)).toBe('remembered');
  });

  test('forgets the element holding a changed text node', () => {
    setExtractionCache(true);
    const { first, inner } = tree();
    inner.textContent = 'before';
    const { read } = counter();
    read(inner);
    read(first);
    forgetAround(inner.firstChild);
    expect(read(inner)).toBe('made');
    expect(read(first)).toBe('made');
  });

  test('gives an out-of-date read its last value and what changed under its node since', () => {
    setExtractionCache(true);
    const { parent, first, second, inner } = tree();
    const doc = parent.ownerDocument;
    /** What `make` was given, or undefined when the value was remembered and `make` not called. */
    const read = (node: Node, value?: number) => {
      let given: { changes: readonly Node[] | undefined; previous: number | undefined } | undefined;
      remember(node, 'k', (changes, previous?: number) => {
        given = { changes: changes.added(), previous };
        return value ?? 0;
      });
      return given;
    };
    expect(read(parent, 1)).toEqual({ changes: undefined, previous: undefined });
    const added = doc.createElement('span');
    inner.append(added);
    forgetAround(inner, [added]);
    expect(read(parent, 2)).toEqual({ changes: [added], previous: 1 });
    expect(read(parent)).toBeUndefined();

    // Only what changed under the node counts.
    expect(read(second, 3)).toEqual({ changes: undefined, previous: undefined });
    const other = doc.createElement('b');
    first.append(other);
    forgetAround(first, [other]);
    expect(read(second)).toBeUndefined();
    expect(read(parent, 4)).toEqual({ changes: [other], previous: 2 });

    // A change reported without its nodes: the cache cannot tell what changed.
    forgetAround(inner);
    expect(read(parent, 5)).toEqual({ changes: undefined, previous: 4 });
    setExtractionCache(true);
    expect(read(parent, 6)).toEqual({ changes: undefined, previous: undefined });
  });

  test('says whether a mutation under the node may have removed something since its last value', () => {
    setExtractionCache(true);
    const { parent, first, second, inner } = tree();
    const doc = parent.ownerDocument;
    /** `removals` as `make` was given it, or undefined when the value was remembered. */
    const removals = (node: Node) => {
      let given: boolean | undefined;
      remember(node, 'k', (changes) => {
        given = changes.removals;
        return 0;
      });
      return given;
    };
    // A first read knows nothing of what came before.
    expect(removals(parent)).toBe(true);
    expect(removals(second)).toBe(true);

    // Additions and text changes that said they removed nothing.
    const added = doc.createElement('span');
    inner.append(added);
    forgetAround(inner, [added], []);
    added.textContent = 'text';
    forgetAround(added.firstChild, [added.firstChild!], []);
    expect(removals(parent)).toBe(false);

    // A removal counts for the node it was under and its ancestors, not for the others.
    added.remove();
    forgetAround(inner, [], [added]);
    second.append(doc.createElement('i'));
    forgetAround(second, [second.lastChild!], []);
    expect(removals(second)).toBe(false);
    expect(removals(parent)).toBe(true);
    expect(removals(parent)).toBeUndefined();

    // A mutation that does not say what it removed may have removed anything.
    forgetAround(first, [first.firstChild!]);
    expect(removals(parent)).toBe(true);
    forgetAround(first);
    expect(removals(parent)).toBe(true);
  });

  test('reads a node put back after it was taken out afresh and whole, wherever it comes back: it may have changed unseen', () => {
    setExtractionCache(true);
    const { parent, first, second, inner } = tree();
    const doc = parent.ownerDocument;
    const { read } = counter();
    for (const element of [parent, first, second, inner]) read(element);
    first.remove();
    forgetAround(parent, [], [first]);
    // Out of the page, a change reaches no observer.
    inner.textContent = 'changed while out';
    parent.append(first);
    forgetAround(parent, [first], []);
    let previous: unknown = 'not asked';
    remember(inner, 'k', (_changes, last?: number) => {
      previous = last;
      return 0;
    });
    // No earlier value to bring up to date: the read starts over.
    expect(previous).toBeUndefined();
    expect(read(first)).toBe('made');
    expect(read(second)).toBe('remembered');

    // A node that only arrived leaves what was read elsewhere alone.
    const arrived = doc.createElement('li');
    parent.append(arrived);
    forgetAround(parent, [arrived], []);
    expect(read(second)).toBe('remembered');
    expect(read(inner)).toBe('remembered');

    // Put back inside new content: moved into a new container, which is what the page adds.
    read(inner);
    const wrapper = doc.createElement('div');
    wrapper.append(inner);
    forgetAround(first, [], [inner]);
    arrived.append(wrapper);
    forgetAround(arrived, [wrapper], []);
    expect(read(inner)).toBe('made');

    // Taken out with a container that went, so its own leaving was never reported, then moved
    // out of it into new content.
    read(second);
    parent.remove();
    forgetAround(doc.body, [], [parent]);
    const list = doc.createElement('ul');
    list.append(second);
    doc.body.append(list);
    forgetAround(doc.body, [list], []);
    expect(read(second)).toBe('made');
  });

  test('starts empty when switched on again (an in-app navigation)', () => {
    setExtractionCache(true);
    const { first } = tree();
    const { read } = counter();
    read(first);
    setExtractionCache(true);
    expect(read(first)).toBe('made');
  });

  test('numbers selector registries so that a new pack never reuses an old read', () => {
    const registry = { thread: ['.a'] };
    expect(registryKey(registry)).toBe(registryKey(registry));
    expect(registryKey({ thread: ['.a'] })).not.toBe(registryKey(registry));
  });
});

describe('remembered queries', () => {
  /** A list under the page's body, changed once so that queries under it are remembered. */
  function list() {
    const { document } = loadFixture('linkedin-messaging.html');
    const ul = document.createElement('ul');
    document.body.append(ul);
    setExtractionCache(true);
    forgetAround(ul, []);
    const item = (cls: string) => {
      const li = document.createElement('li');
      li.className = cls;
      li.append(document.createElement('span'));
      return li;
    };
    /** What the page controller does for a mutation: forget around its target, with the nodes it added. */
    const added = (node: Node) => forgetAround(node.parentNode, [node]);
    return { document, ul, item, added };
  }
  const firstIn = (scope: ParentNode, selector: string) => queryKept(scope, selector, true)[0] ?? null;
  const allIn = (scope: ParentNode, selector: string) => [...queryKept(scope, selector, false)];

  test('give what querySelector gives as nodes arrive, leave and move, asking only the nodes added', () => {
    const { ul, item, added } = list();
    const asked = vi.spyOn(ul, 'querySelector');
    expect(firstIn(ul, 'li.hit')).toBeNull();
    expect(asked).toHaveBeenCalledTimes(1);

    // A match arrives: found without asking the list again.
    ul.append(item('other'), item('hit'));
    added(ul.children[0]!);
    added(ul.children[1]!);
    expect(firstIn(ul, 'li.hit')).toBe(ul.children[1]);
    // An earlier match arrives: it wins, as in document order.
    const earlier = item('hit');
    ul.prepend(earlier);
    added(earlier);
    expect(firstIn(ul, 'li.hit')).toBe(earlier);
    // A match inside an added subtree counts too.
    const wrapper = item('other');
    wrapper.firstChild!.appendChild(item('hit'));
    ul.prepend(wrapper);
    added(wrapper);
    expect(firstIn(ul, 'li.hit')).toBe(wrapper.querySelector('li.hit'));
    expect(asked).toHaveBeenCalledTimes(1);

    // The answer leaves: the list is asked again.
    wrapper.remove();
    forgetAround(ul, []);
    expect(firstIn(ul, 'li.hit')).toBe(earlier);
    expect(asked).toHaveBeenCalledTimes(2);
    // Remembered while nothing changes.
    expect(firstIn(ul, 'li.hit')).toBe(earlier);
    expect(asked).toHaveBeenCalledTimes(2);
    for (const selector of ['li.hit', 'li.other', 'span', 'li.none']) expect(firstIn(ul, selector)).toBe(ul.querySelector(selector));

    // The first match moves behind another one: that one comes first now.
    ul.append(earlier);
    added(earlier);
    expect(firstIn(ul, 'li.hit')).not.toBe(earlier);
    expect(firstIn(ul, 'li.hit')).toBe(ul.querySelector('li.hit'));
  });

  test('ask the browser when they cannot follow a change, and for selectors that depend on siblings', () => {
    const { ul, item } = list();
    expect(firstIn(ul, 'li.hit')).toBeNull();
    // Added without saying what (a caller that only knows the target).
    ul.append(item('hit'));
    forgetAround(ul);
    expect(firstIn(ul, 'li.hit')).toBe(ul.lastChild);

    const asked = vi.spyOn(ul, 'querySelector');
    for (let i = 0; i < 3; i++) {
      expect(firstIn(ul, 'li.hit + li')).toBeNull();
      expect(firstIn(ul, 'li:first-child')).toBe(ul.firstChild);
    }
    // Every such call goes to the browser.
    expect(asked).toHaveBeenCalledTimes(6);
  });

  test('list every match in document order as nodes arrive, leave and move, as querySelectorAll does', () => {
    const { ul, item, added } = list();
    const browser = Element.prototype.querySelectorAll;
    const asked = vi.spyOn(ul, 'querySelectorAll');
    const selectors = ['li.hit', 'li span', 'li'];
    // By identity: equality would take two empty items of one class for each other.
    const where = (elements: readonly Element[]) => {
      const all = [...browser.call(ul, '*')];
      return elements.map((element) => all.indexOf(element));
    };
    const same = () => {
      for (const selector of selectors) expect(where(allIn(ul, selector)), selector).toEqual(where([...browser.call(ul, selector)]));
    };
    same();
    const callsAfterFirstRead = asked.mock.calls.length;
    for (const [where, cls] of [['end', 'hit'], ['start', 'other'], ['start', 'hit'], ['end', 'other']] as const) {
      const li = item(cls);
      if (where === 'start') ul.prepend(li);
      else ul.append(li);
      added(li);
      same();
    }
    // Nested: a match arrives inside an earlier arrival.
    const nested = item('hit');
    ul.children[1]!.firstChild!.appendChild(nested);
    added(nested);
    same();
    // Moved to the front, then removed: answers checked again.
    const moved = ul.lastElementChild!;
    ul.prepend(moved);
    forgetAround(ul, [moved]);
    same();
    ul.children[2]!.remove();
    forgetAround(ul, []);
    same();
    // In one batch before a read: a node arrives in the middle, then the last moves to the front.
    // The moved match must not stand where it was while the new one is placed.
    const middle = item('hit');
    ul.children[0]!.after(middle);
    added(middle);
    const last = ul.lastElementChild!;
    ul.prepend(last);
    forgetAround(ul, [last], [last]);
    same();
    // Only the nodes that arrived were asked, never the whole list again.
    expect(asked.mock.calls.length).toBe(callsAfterFirstRead);
  });

  test('follow nodes that arrive, leave, move and change, as the page controller reports them, and match what the browser says', async () => {
    const { document } = loadFixture('linkedin-messaging.html');
    const view = document.defaultView!;
    const root = document.createElement('div');
    root.innerHTML = '<ul class="special"><li class="hit"><span>a</span></li></ul><ul><li class="other"><span>b</span></li></ul>';
    document.body.append(root);
    setExtractionCache(true);
    // Wired as the page controller wires it: each record's target, the nodes it added (or the
    // text node it changed) and the nodes it removed.
    const observer = new view.MutationObserver(() => undefined);
    observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
    const report = () => {
      for (const record of observer.takeRecords()) {
        forgetAround(record.target, record.type === 'childList' ? record.addedNodes : [record.target], record.removedNodes);
      }
    };
    forgetAround(root, []);
    // Browser semantics for these selectors (tags, classes, descendant and child combinators),
    // apart from happy-dom's engine, which matches a query's selector within the queried
    // element's subtree only and keeps answers of its own.
    const matching = (element: Element, selector: string): boolean => {
      const steps = selector.replace(/\s*>\s*/g, ' > ').trim().split(/\s+/);
      const compound = (e: Element, text: string) => {
        const [tag, ...classes] = text.split('.');
        return (tag === '' || e.localName === tag) && classes.every((c) => e.classList.contains(c));
      };
      const from = (e: Element, i: number): boolean => {
        if (!compound(e, steps[i]!)) return false;
        if (i === 0) return true;
        if (steps[i - 1] === '>') return e.parentElement !== null && from(e.parentElement, i - 2);
        for (let up = e.parentElement; up; up = up.parentElement) if (from(up, i - 1)) return true;
        return false;
      };
      return from(element, steps.length - 1);
    };
    const inside = (scope: Element, selector: string) => {
      const out: Element[] = [];
      const visit = (e: Element) => {
        for (let child = e.firstElementChild; child; child = child.nextElementSibling) {
          if (matching(child, selector)) out.push(child);
          visit(child);
        }
      };
      visit(scope);
      return out;
    };
    const owner = (name: string) => {
      let proto: object = root;
      while (!Object.prototype.hasOwnProperty.call(proto, name)) proto = Object.getPrototypeOf(proto) as object;
      return proto as Element;
    };
    vi.spyOn(owner('matches'), 'matches').mockImplementation(function (this: Element, selector: string) {
      return matching(this, selector);
    });
    vi.spyOn(owner('querySelectorAll'), 'querySelectorAll').mockImplementation(function (this: Element, selector: string) {
      return inside(this, selector) as unknown as NodeListOf<Element>;
    });
    vi.spyOn(owner('querySelector'), 'querySelector').mockImplementation(function (this: Element, selector: string) {
      return inside(this, selector)[0] ?? null;
    });
    const selectors = ['li.hit', 'ul.special li.hit', 'ul.special li', 'li > span', 'div li.other'];
    // Elements by identity: equality would take two items alike for each other, in any order.
    const ids = new Map<Element, number>();
    const id = (element: Element) => ids.get(element) ?? (ids.set(element, ids.size), ids.size - 1);
    const check = (step: string) => {
      report();
      for (const selector of selectors) {
        const expected = inside(root, selector);
        expect(allIn(root, selector).map(id), `${step}: all ${selector}`).toEqual(expected.map(id));
        expect(firstIn(root, selector), `${step}: first ${selector}`).toBe(expected[0] ?? null);
      }
    };

    const random = generator(7);
    const pick = <T>(list: ArrayLike<T>): T | undefined => (list.length > 0 ? list[random(list.length)] : undefined);
    const make = () => {
      const made = document.createElement(random(3) === 0 ? 'ul' : 'li');
      made.className = ['hit', 'other', 'special'][random(3)]!;
      made.innerHTML = random(2) === 0 ? '<span>x</span>' : '<li class="hit"><span>y</span></li>';
      return made;
    };
    check('start');
    for (let step = 0; step < 400; step++) {
      const elements = [...root.querySelectorAll('*')];
      const target = pick(elements) ?? root;
      const where = pick([root, ...elements])!;
      const kind = random(7);
      if (kind === 0) where.append(make());
      else if (kind === 1) where.prepend(make());
      else if (kind === 2 && target !== root) target.remove();
      else if (kind === 3 && !target.contains(where)) where.append(target);
      else if (kind === 4 && !target.contains(where)) where.prepend(target);
      else if (kind === 5 && target !== root) {
        // Wrapped: the node leaves and comes back inside a new one.
        const wrapper = document.createElement(random(2) === 0 ? 'ul' : 'div');
        wrapper.className = 'special';
        target.before(wrapper);
        wrapper.append(target);
      } else if (kind === 6) target.append(document.createTextNode('text'));
      check(`step ${step}`);
    }
    observer.disconnect();
    vi.restoreAllMocks();
  });

  test('check the answers they knew again only when something may have left', () => {
    const { ul, item } = list();
    for (let i = 0; i < 5; i++) ul.append(item('hit'));
    forgetAround(ul, []);
    expect(allIn(ul, 'li.hit')).toHaveLength(5);
    expect(firstIn(ul, 'li.hit')).toBe(ul.firstChild);
    const known = [...ul.children];
    const checked = known.map((li) => vi.spyOn(li, 'matches'));

    // Arrivals that said they removed nothing: the known answers stand as they are.
    const next = item('hit');
    ul.append(next);
    forgetAround(ul, [next], []);
    expect(allIn(ul, 'li.hit')).toEqual([...known, next]);
    expect(firstIn(ul, 'li.hit')).toBe(known[0]);
    for (const spy of checked) expect(spy).not.toHaveBeenCalled();

    // A removal: every known answer is checked again, and the one that left is gone.
    known[0]!.remove();
    forgetAround(ul, [], [known[0]!]);
    expect(allIn(ul, 'li.hit')).toEqual([...known.slice(1), next]);
    expect(firstIn(ul, 'li.hit')).toBe(known[1]);
    for (const spy of checked.slice(1)) expect(spy).toHaveBeenCalled();
  });

  test('stay right past more additions than they keep', () => {
    const { ul, item, added } = list();
    expect(firstIn(ul, 'li.hit')).toBeNull();
    for (let i = 0; i < 600; i++) {
      ul.append(item(i === 550 ? 'hit' : 'other'));
      added(ul.lastChild!);
    }
    expect(firstIn(ul, 'li.hit')).toBe(ul.children[550]);
  });
});

describe('reading a conversation with the cache on', () => {
  useSavedClock(WRITTEN_SAVED_AT);

  /** The long thread with its message URNs removed, so message times come from the page's date dividers. */
  function threadDatedByDividers() {
    const { document, url } = loadFixture('messaging-long-thread.html');
    for (const event of document.querySelectorAll('[data-event-urn]')) event.removeAttribute('data-event-urn');
    return { document, url };
  }

  const thread = (document: Document, url: URL) => messaging.extract(document, url, LINKEDIN_SELECTORS).approaches.find((a) => a.meta.source === 'thread')!;

  /** A line of LinkedIn's own (no message) put before the first message, reported as the page controller does. */
  const lineBeforeMessages = (document: Document, html: string): Element => {
    const item = document.createElement('li');
    item.innerHTML = html;
    document.querySelector('.msg-thread li.msg-s-message-list__event')!.before(item);
    forgetAround(item.parentNode, [item], []);
    return item;
  };

  test('reads a changed date divider again instead of keeping the old day', () => {
    setExtractionCache(true);
    const { document, url } = threadDatedByDividers();
    const before = thread(document, url).approach.messages.map((m) => m.at);
    expect(before.filter(Boolean).length).toBeGreaterThan(0);

    const divider = document.querySelector('time.msg-s-message-list__time-heading')!;
    const text = divider.firstChild as Text;
    expect(text.data.trim()).toBe('Oct 6');
    // What the page controller does for a characterData mutation of the divider's text.
    text.data = ' Oct 5 ';
    forgetAround(text);

    const after = thread(document, url).approach.messages.map((m) => m.at);
    const changed = after.filter((at, i) => at !== before[i]);
    expect(changed.length).toBeGreaterThan(0);
    for (const at of changed) expect(new Date(at!).getDate()).toBe(5);
    // The messages under the other dividers keep their days.
    expect(after.slice(-1)).toEqual(before.slice(-1));
  });

  test('reports no selector missing on a later read of a thread where one incoming message lacks the class the others have', () => {
    const { document, url } = loadFixture('linkedin-messaging.html');
    const marked = document.querySelector('.msg-s-event-listitem--other')!;
    const item = marked.closest('li.msg-s-message-list__event')!;
    const copy = item.cloneNode(true) as Element;
    for (const element of [copy, ...copy.querySelectorAll('.msg-s-event-listitem--other')]) element.classList.remove('msg-s-event-listitem--other');
    item.parentElement!.append(copy);
    const missing = () => messaging.extract(document, url, LINKEDIN_SELECTORS).missing;
    expect(missing()).toEqual([]);
    setExtractionCache(true);
    expect(missing()).toEqual([]);
    // The second read takes the messages from the cache: it must note what the first one found.
    expect(missing()).toEqual([]);
  });

  test('notices LinkedIn’s warning label shown after a scan, but not a message that quotes it', () => {
    setExtractionCache(true);
    const { document, url } = threadDatedByDividers();
    expect(thread(document, url).approach.platformWarning).toBe(false);

    const body = document.querySelectorAll('p.msg-s-event-listitem__body')[3]!;
    body.append(document.createTextNode(' It said: this message may contain unwanted or harmful content.'));
    forgetAround(body);
    const quoted = thread(document, url);
    expect(quoted.approach.messages.some((m) => m.text.includes('harmful content'))).toBe(true);
    expect(quoted.approach.platformWarning).toBe(false);

    const pane = document.querySelector('.msg-thread')!;
    const label = document.createElement('div');
    label.textContent = 'This message may contain unwanted or harmful content.';
    pane.append(label);
    forgetAround(pane);
    expect(thread(document, url).approach.platformWarning).toBe(true);
    label.remove();
    forgetAround(pane);
    expect(thread(document, url).approach.platformWarning).toBe(false);
  });

  test('finds LinkedIn\u2019s label written across inline elements, in a first read and in a new message', () => {
    setExtractionCache(true);
    const { document, url } = threadDatedByDividers();
    expect(thread(document, url).approach.platformWarning).toBe(false);
    lineBeforeMessages(document, '<div role="alert"><p>This message may contain <strong>unwanted or harmful content</strong>. Be careful.</p></div>');
    expect(thread(document, url).approach.platformWarning).toBe(true);
    setExtractionCache(false);
    expect(thread(document, url).approach.platformWarning).toBe(true);
  });

  test('finds LinkedIn\u2019s label completed by an inline element added to a line already read', () => {
    setExtractionCache(true);
    const { document, url } = threadDatedByDividers();
    const item = lineBeforeMessages(document, '<div role="alert"><p>This message may contain </p></div>');
    expect(thread(document, url).approach.platformWarning).toBe(false);
    const line = item.querySelector('p')!;
    const rest = document.createElement('strong');
    rest.append(document.createElement('span'));
    rest.firstChild!.appendChild(document.createTextNode('unwanted or harmful content'));
    line.append(rest);
    forgetAround(line, [rest], []);
    expect(thread(document, url).approach.platformWarning).toBe(true);
  });

  test('finds LinkedIn\u2019s label completed by text added to its line, or by a change of the line\u2019s own text', () => {
    setExtractionCache(true);
    const { document, url } = threadDatedByDividers();
    const item = lineBeforeMessages(document, '<div role="alert"><p>x <strong>unwanted or harmful</strong></p></div>');
    expect(thread(document, url).approach.platformWarning).toBe(false);
    const line = item.querySelector('p')!;
    const rest = document.createTextNode(' content');
    line.append(rest);
    forgetAround(line, [rest], []);
    expect(thread(document, url).approach.platformWarning).toBe(false);
    const start = line.firstChild as Text;
    start.data = 'This message may contain ';
    forgetAround(start, [start], []);
    expect(thread(document, url).approach.platformWarning).toBe(true);
  });

  test('reads the label beside a sponsored message again once the message\u2019s text comes from its body instead', () => {
    setExtractionCache(true);
    const { document, url } = loadFixture('messaging-sponsored-thread.html');
    // The body is empty, so the message is read from its content, the label with it.
    const body = document.querySelector('.msg-thread p.msg-s-event-listitem__body')!;
    expect(body.textContent!.trim()).toBe('');
    const alert = document.createElement('div');
    alert.innerHTML = '<p>This message may contain unwanted or harmful content.</p>';
    body.closest('.msg-s-event__content')!.append(alert);
    forgetAround(alert.parentNode, [alert], []);
    expect(thread(document, url).approach.platformWarning).toBe(false);
    // The body fills: the label is no longer part of what the sender wrote.
    const text = document.createTextNode('Body text arrives.');
    body.append(text);
    forgetAround(body, [text], []);
    expect(thread(document, url).approach.platformWarning).toBe(true);
    setExtractionCache(false);
    expect(thread(document, url).approach.platformWarning).toBe(true);
  });

  test('looks for the warning label in a new message only, not in the whole thread again', () => {
    setExtractionCache(true);
    const { document, url } = threadDatedByDividers();
    const pane = document.querySelector('.msg-thread')!;
    const events = document.querySelectorAll('.msg-thread li.msg-s-message-list__event');
    const last = events[events.length - 1]!;
    const arrive = (after: Element, extra?: Element): Element => {
      const added = last.cloneNode(true) as Element;
      if (extra) added.append(extra);
      after.after(added);
      // As the page controller reports a mutation: its target and the nodes it added.
      forgetAround(after.parentNode, [added]);
      return added;
    };
    expect(thread(document, url).approach.platformWarning).toBe(false);
    // The first change after a full read asks each message once; from then on they answer from memory.
    const first = arrive(last);
    expect(thread(document, url).approach.platformWarning).toBe(false);

    // Which elements have their whole text read (the fixture has a window of its own).
    const read: Element[] = [];
    let owner: object = pane;
    while (!Object.prototype.hasOwnProperty.call(owner, 'textContent')) owner = Object.getPrototypeOf(owner) as object;
    const textContent = Object.getOwnPropertyDescriptor(owner, 'textContent')!;
    const spy = vi.spyOn(owner as Element, 'textContent', 'get').mockImplementation(function (this: Node) {
      if (this.nodeType === 1) read.push(this as Element);
      return textContent.get!.call(this) as string;
    });
    const second = arrive(first);
    expect(thread(document, url).approach.messages).toHaveLength(events.length + 2);
    // Nor does a text node or an inline element LinkedIn adds between the messages.
    const gap = document.createTextNode('\n  ');
    const marker = document.createElement('span');
    second.after(gap, marker);
    forgetAround(second.parentNode, [gap, marker], []);
    expect(thread(document, url).approach.messages).toHaveLength(events.length + 2);
    spy.mockRestore();
    expect(read).toContain(second);
    expect(read.filter((element) => element.contains(last) || element.contains(first))).toEqual([]);

    // A label that arrives with a new message is still found.
    const label = document.createElement('div');
    label.textContent = 'This message may contain unwanted or harmful content.';
    arrive(second, label);
    expect(thread(document, url).approach.platformWarning).toBe(true);
  });

  test('asks the pane and the page nothing when messages arrive, from the first after the first read: the new message answers', () => {
    setExtractionCache(true);
    const { document, url } = threadDatedByDividers();
    const pane = document.querySelector('.msg-thread')!;
    const events = document.querySelectorAll('.msg-thread li.msg-s-message-list__event');
    const last = events[events.length - 1]!;
    const arrive = (after: Element): void => {
      const added = last.cloneNode(true) as Element;
      after.after(added);
      // As the page controller reports a mutation: its target and the nodes it added.
      forgetAround(after.parentNode, [added], []);
    };
    thread(document, url);

    const asked: string[] = [];
    for (const scope of [pane, document] as const) {
      for (const method of ['querySelector', 'querySelectorAll'] as const) {
        const own = (scope[method] as (selector: string) => unknown).bind(scope);
        vi.spyOn(scope, method).mockImplementation(((selector: string) => {
          asked.push(selector);
          return own(selector);
        }) as never);
      }
    }
    arrive(last);
    const first = thread(document, url);
    arrive(last.nextElementSibling!);
    const second = thread(document, url);
    vi.restoreAllMocks();
    expect(first.approach.messages).toHaveLength(events.length + 1);
    expect(second.approach.messages).toHaveLength(events.length + 2);
    // The pane's and the page's look-ups all answer from the new message.
    expect(asked).toEqual([]);
    expect(thread(document, url).approach).toEqual(second.approach);
  });

  test('notices a banner, a sponsored mark or a profile card that arrives inside something else, after reads that found none', () => {
    const arrivals: Array<[string, (read: ReturnType<typeof thread>) => unknown, unknown]> = [
      ['<li class="msg-s-message-list__top-banner">Sponsored</li>', (read) => read.meta.pill, 'Sponsored'],
      ['<div class="msg-sponsored-conversation-thread"></div>', (read) => read.meta.sponsored, true],
      ['<div class="msg-s-profile-card"><div class="artdeco-entity-lockup"><div class="artdeco-entity-lockup__subtitle">Crypto desk</div></div></div>', (read) => read.approach.sender.headline, 'Crypto desk'],
    ];
    for (const [html, shown, expected] of arrivals) {
      setExtractionCache(true);
      const { document, url } = threadDatedByDividers();
      const pane = document.querySelector('.msg-thread')!;
      expect(shown(thread(document, url))).toBeUndefined();
      // A message arrives first, so that the look-ups are remembered and followed.
      const events = pane.querySelectorAll('li.msg-s-message-list__event');
      const copy = events[events.length - 1]!.cloneNode(true) as Element;
      events[events.length - 1]!.after(copy);
      forgetAround(copy.parentNode, [copy], []);
      expect(shown(thread(document, url))).toBeUndefined();
      const wrapper = document.createElement('div');
      wrapper.innerHTML = html;
      pane.append(wrapper);
      forgetAround(pane, [wrapper], []);
      expect(shown(thread(document, url)), html).toBe(expected);
    }
  });

  test('reads the profile card once while it is unchanged, and again when its text changes', () => {
    setExtractionCache(true);
    const { document, url } = threadDatedByDividers();
    const pane = document.querySelector('.msg-thread')!;
    const wrapper = document.createElement('div');
    wrapper.innerHTML = '<div class="msg-s-profile-card"><div class="artdeco-entity-lockup"><div class="artdeco-entity-lockup__subtitle">Crypto desk</div></div></div>';
    pane.append(wrapper);
    expect(thread(document, url).approach.sender.headline).toBe('Crypto desk');
    const card = wrapper.querySelector('.artdeco-entity-lockup')!;
    const asked = vi.spyOn(card, 'querySelector');
    // A message arrives elsewhere in the pane: the card is not read again.
    const events = pane.querySelectorAll('li.msg-s-message-list__event');
    const copy = events[events.length - 1]!.cloneNode(true) as Element;
    events[events.length - 1]!.after(copy);
    forgetAround(copy.parentNode, [copy], []);
    expect(thread(document, url).approach.sender.headline).toBe('Crypto desk');
    expect(asked).not.toHaveBeenCalled();
    // Its own text changes: read again.
    const text = wrapper.querySelector('.artdeco-entity-lockup__subtitle')!.firstChild as Text;
    text.data = 'Policy desk';
    forgetAround(text, [text]);
    expect(thread(document, url).approach.sender.headline).toBe('Policy desk');
    expect(asked).toHaveBeenCalled();
  });

  /**
   * The same selectors as a registry of its own, whose look-ups the cache does not follow (each
   * ends in a pseudo-class that every element matches): a read with it remembers nothing from
   * earlier reads.
   */
  const afresh = () => {
    const never = (selector: string) => {
      // Every selector of a list, split at the commas outside brackets and parentheses.
      const parts: string[] = [];
      let depth = 0;
      let from = 0;
      for (let i = 0; i < selector.length; i++) {
        const char = selector.charAt(i);
        if (char === '(' || char === '[') depth++;
        else if (char === ')' || char === ']') depth--;
        else if (char === ',' && depth === 0) {
          parts.push(selector.slice(from, i));
          from = i + 1;
        }
      }
      parts.push(selector.slice(from));
      return parts.map((part) => `${part.trim()}:not([data-never])`).join(', ');
    };
    return Object.fromEntries(Object.entries(LINKEDIN_SELECTORS).map(([target, list]) => [target, list.map(never)])) as unknown as typeof LINKEDIN_SELECTORS;
  };

  test('reads as a fresh read does while messages arrive, leave, move and change, days turn and the partner changes', { timeout: 120_000 }, () => {
    for (const urns of [false, true]) {
      setExtractionCache(true);
      const loaded = urns ? loadFixture('messaging-long-thread.html') : threadDatedByDividers();
      const { document, url } = loaded;
      const view = document.defaultView!;
      // Wired as the page controller wires it.
      const observer = new view.MutationObserver(() => undefined);
      observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
      const report = () => {
        for (const record of observer.takeRecords()) {
          forgetAround(record.target, record.type === 'childList' ? record.addedNodes : [record.target], record.removedNodes);
        }
      };
      const pane = document.querySelector('.msg-thread')!;
      const groups = () => [...pane.querySelectorAll('li.msg-s-message-list__event')];
      const bodies = () => [...pane.querySelectorAll('p.msg-s-event-listitem__body')];
      const textNodes = (scope: Element) => {
        const out: Text[] = [];
        const walker = document.createTreeWalker(scope, 4);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) if ((node as Text).data.trim() !== '') out.push(node as Text);
        return out;
      };
      const compare = (step: string) => {
        report();
        const kept = thread(document, url);
        const fresh = messaging.extract(document, url, afresh()).approaches.find((a) => a.meta.source === 'thread')!;
        expect(kept.approach, step).toEqual(fresh.approach);
        expect(kept.texts.map((t) => t.text), step).toEqual(fresh.texts.map((t) => t.text));
        expect(kept.meta, step).toEqual(fresh.meta);
      };

      const random = generator(urns ? 11 : 5);
      const pick = <T>(list: readonly T[]): T => list[random(list.length)]!;
      const days = ['Today', 'Yesterday', 'Monday', 'Oct 5', 'Sep 30, 2024'];
      const names = ['Irene Kowalski', 'Sam Other', 'Dana Lee'];
      const clocks = ['9:02 AM', '11:45 PM', '3:00 PM'];
      let arrivals = 0;
      const message = (template: Element, keepHeading: boolean): Element => {
        const copy = template.cloneNode(true) as Element;
        if (!keepHeading) {
          for (const extra of copy.querySelectorAll('.msg-s-message-group__meta, time.msg-s-message-list__time-heading, .msg-s-event-listitem--group-a11y-heading')) extra.remove();
        }
        for (const urn of copy.querySelectorAll('[data-event-urn]')) urn.removeAttribute('data-event-urn');
        const body = copy.querySelector('p.msg-s-event-listitem__body');
        if (body) body.textContent = `Arrival ${++arrivals}, with a link to telegram and an offer.`;
        return copy;
      };

      compare('start');
      for (let step = 0; step < 60; step++) {
        const kind = random(18);
        const all = groups();
        const group = pick(all);
        if (kind === 0) all.at(-1)!.after(message(group, random(2) === 0));
        else if (kind === 1) all[0]!.before(message(group, true));
        else if (kind === 2) group.after(message(group, random(2) === 0));
        else if (kind === 3) {
          const text = textNodes(pick(bodies()))[0];
          if (text) text.data = `Edited in place ${step}, pay by gift card.`;
        } else if (kind === 4) pick(bodies()).textContent = `Rewritten ${step}, move to WhatsApp.`;
        else if (kind === 5 && all.length > 3) group.remove();
        else if (kind === 6) pick(all).before(group);
        else if (kind === 7) {
          const divider = pane.querySelector(`li.msg-s-message-list__event:nth-child(${1 + random(all.length)}) time.msg-s-message-list__time-heading`);
          if (divider) divider.textContent = ` ${pick(days)} `;
          else group.prepend(Object.assign(document.createElement('time'), { className: 'msg-s-message-list__time-heading', textContent: pick(days) }));
        } else if (kind === 8) {
          const heading = group.querySelector('.msg-s-event-listitem--group-a11y-heading');
          if (heading) textNodes(heading)[0]!.data = ` ${pick(names)} sent the following messages at ${pick(clocks)} `;
        } else if (kind === 9) {
          const name = group.querySelector('.msg-s-message-group__name');
          if (name) name.textContent = pick(names);
        } else if (kind === 10) {
          const edited = document.createElement('span');
          edited.textContent = '(Edited)';
          pick(bodies()).append(edited);
        } else if (kind === 11) {
          // Something in the pane outside the messages (a typing indicator, LinkedIn's label).
          const note = document.createElement('div');
          note.textContent = random(2) === 0 ? 'Typing…' : 'This message may contain unwanted or harmful content.';
          pane.append(note);
          if (random(2) === 0) note.remove();
        } else if (kind === 12) vi.setSystemTime(new Date(Date.now() + (1 + random(3)) * 86_400_000));
        else if (kind === 13) {
          // Removed and nothing added: a divider, or a line of a message.
          const gone = random(2) === 0 ? pane.querySelector('time.msg-s-message-list__time-heading') : pick(bodies()).lastChild;
          gone?.remove();
        } else if (kind === 16) {
          // What shows above the messages: LinkedIn's banner, a sponsored thread's mark, the profile card.
          const head = document.createElement(random(2) === 0 ? 'li' : 'div');
          const which = random(3);
          if (which === 0) {
            head.className = 'msg-s-message-list__top-banner';
            head.textContent = pick(['InMail', 'Sponsored', 'Message request']);
          } else if (which === 1) head.className = 'msg-sponsored-conversation-thread';
          else {
            head.className = 'msg-s-profile-card';
            head.innerHTML = '<div class="artdeco-entity-lockup"><div class="artdeco-entity-lockup__title">Card Name</div><div class="artdeco-entity-lockup__subtitle">A headline about crypto</div></div>';
          }
          // On its own, or inside something that arrives with it.
          const arriving = random(2) === 0 ? head : document.createElement('div');
          if (arriving !== head) arriving.append(head);
          (random(2) === 0 ? pick(all) : pane).append(arriving);
        } else if (kind === 17) {
          pane.querySelector('.msg-s-message-list__top-banner, .msg-sponsored-conversation-thread, .msg-s-profile-card')?.remove();
        } else if (kind === 14) {
          const second = document.createElement('span');
          second.textContent = ' And a second line about a gift card.';
          pick(bodies()).append(second);
        } else {
          const partner = pane.querySelector('.msg-title-bar .msg-entity-lockup__entity-title, .msg-title-bar h2');
          if (partner) partner.textContent = pick(names);
        }
        compare(`${urns ? 'with' : 'without'} URNs, step ${step} (kind ${kind})`);
      }
      observer.disconnect();
      vi.setSystemTime(new Date(WRITTEN_SAVED_AT));
    }
  });

  test('reuses what it read from messages that did not change', () => {
    setExtractionCache(true);
    const { document, url } = threadDatedByDividers();
    const first = thread(document, url);
    const second = thread(document, url);
    expect(second.texts[0]).toBe(first.texts[0]);
    expect(second.approach.messages).toEqual(first.approach.messages);

    const body = document.querySelector('p.msg-s-event-listitem__body')!;
    body.textContent = 'An edited first message.';
    forgetAround(body);
    const third = thread(document, url);
    expect(third.texts[0]).not.toBe(first.texts[0]);
    expect(third.approach.messages[0]!.text).toBe('An edited first message.');
    expect(third.texts[1]).toBe(first.texts[1]);
  });
});

describe('reading invitations and profiles with the cache on', () => {
  // The warning keeps its highlights while their text maps are the very same (highlights.ts), so
  // an unchanged note or About text must come back as the same map, and a changed one must not.
  for (const [page, adapter] of [
    ['invitations-risky-note.html', invitations],
    ['profile-about-section.html', profile],
  ] as const) {
    test(`keeps the ${adapter.id} text while it is unchanged, and reads it again once it changes`, () => {
      setExtractionCache(true);
      const { document, url } = loadFixture(page);
      const read = () => adapter.extract(document, url, LINKEDIN_SELECTORS).approaches.find((a) => a.texts.length > 0)!;
      const first = read();
      expect(first.texts[0]!.text).toMatch(/WhatsApp/);
      // A change elsewhere on the page (LinkedIn's own updates) leaves the text as it was read.
      const elsewhere = document.createElement('div');
      document.body.append(elsewhere);
      forgetAround(document.body, [elsewhere], []);
      expect(read().texts[0]).toBe(first.texts[0]);

      // A change inside it, as the page controller reports one: read again.
      const node = first.texts[0]!.segments[0]!.node;
      node.data = 'Shall we continue on Telegram? ';
      forgetAround(node, [node]);
      const changed = read();
      expect(changed.texts[0]).not.toBe(first.texts[0]);
      expect(changed.texts[0]!.text).toMatch(/^Shall we continue on Telegram\?/);
      expect(changed.approach.messages.at(-1)!.text).toBe(changed.texts[0]!.text);
    });
  }
});
