import { describe, expect, test } from 'vitest';
import { LINKEDIN_SELECTORS, mergeLinkedInSelectorOverrides } from '../../../src/sites/linkedin/baseline-selectors';
import { mergeSelectorOverrides, SelectorLookup, selectorProblem } from '../../../src/sites/selectors';

describe('the built-in registry', () => {
  test('holds only valid, distinct selectors, at least one per target', () => {
    for (const [target, alternatives] of Object.entries(LINKEDIN_SELECTORS)) {
      expect(alternatives.length, target).toBeGreaterThan(0);
      expect(new Set(alternatives).size, target).toBe(alternatives.length);
      for (const selector of alternatives) expect(selectorProblem(selector), `${target}: ${selector}`).toBeNull();
    }
  });

  test('names targets in camelCase, as rule packs spell them', () => {
    for (const target of Object.keys(LINKEDIN_SELECTORS)) expect(target).toMatch(/^[a-z][A-Za-z]+$/);
  });
});

describe('merging rule-pack overrides', () => {
  test('tries override alternatives before the built-in ones', () => {
    const { selectors, errors } = mergeLinkedInSelectorOverrides({ messageBody: ['div.new-body', 'p.msg-s-event-listitem__body'] });
    expect(errors).toEqual([]);
    expect(selectors.messageBody).toEqual(['div.new-body', 'p.msg-s-event-listitem__body', '.msg-s-event__content p']);
    expect(selectors.thread).toEqual(LINKEDIN_SELECTORS.thread);
  });

  test('drops and reports invalid selectors, keeping the valid ones', () => {
    const { selectors, errors } = mergeLinkedInSelectorOverrides({
      cardPill: ['span:contains("InMail")', 'p[', '', 'span.pill-v2', 42, 'a::before', 'div { color: red }'],
    });
    expect(selectors.cardPill).toEqual(['span.pill-v2', ...LINKEDIN_SELECTORS.cardPill]);
    expect(errors.map(({ target, selector, reason }) => [target, selector, reason])).toEqual([
      ['cardPill', 'span:contains("InMail")', 'unsupported pseudo-class ":contains"'],
      ['cardPill', 'p[', 'unbalanced brackets'],
      ['cardPill', '', 'empty'],
      ['cardPill', '42', 'not a string'],
      ['cardPill', 'a::before', 'pseudo-elements never match in querySelector'],
      ['cardPill', 'div { color: red }', 'unexpected "{"'],
    ]);
  });

  test('reports unknown targets and malformed values without throwing', () => {
    const { selectors, errors } = mergeLinkedInSelectorOverrides({ noSuchTarget: ['div'], thread: 'div.thread' });
    expect(selectors).toEqual(LINKEDIN_SELECTORS);
    expect(errors).toEqual([
      { target: 'noSuchTarget', selector: '["div"]', reason: 'unknown selector target' },
      { target: 'thread', selector: 'div.thread', reason: 'expected an array of selectors' },
    ]);
    expect(mergeLinkedInSelectorOverrides(['div']).errors).toHaveLength(1);
    expect(mergeLinkedInSelectorOverrides(undefined)).toEqual({ selectors: LINKEDIN_SELECTORS, errors: [] });
  });

  test('caps the number of alternatives a pack may add per target', () => {
    const many = Array.from({ length: 25 }, (_, index) => `div.variant-${index}`);
    const { selectors, errors } = mergeSelectorOverrides({ target: ['p'] }, { target: many });
    expect(selectors.target).toHaveLength(21);
    expect(errors).toEqual([{ target: 'target', selector: '(5 more)', reason: 'too many alternatives' }]);
  });

  test('accepts the selector forms the registry itself uses', () => {
    for (const selector of [
      ':scope > div:has(button[aria-label^="Accept "]) ~ p',
      'img[alt$="’s profile picture"]',
      '[aria-label$=" unread message"], [aria-label$=" unread messages"]',
      'section:has(> #content_collections) .pvs-header__optional-link',
      'a[href*="a:b"]',
    ]) {
      expect(selectorProblem(selector), selector).toBeNull();
    }
  });
});

describe('looking selectors up', () => {
  const registry = { item: ['li.current', 'li'], missingOne: ['p.none'], skip: ['b', 'i'] } as const;

  function page(): HTMLElement {
    const root = document.createElement('ul');
    root.innerHTML = '<li>one</li><li class="current">two</li>';
    return root;
  }

  test('uses the first alternative that matches', () => {
    const lookup = new SelectorLookup(registry);
    expect(lookup.one(page(), 'item')?.textContent).toBe('two');
    expect(lookup.all(page(), 'item')).toHaveLength(1);
  });

  test('lists required targets that never matched, once, sorted', () => {
    const lookup = new SelectorLookup(registry);
    lookup.one(page(), 'missingOne', true);
    lookup.all(page(), 'missingOne', true);
    lookup.one(page(), 'item', true);
    expect(lookup.missing()).toEqual(['missingOne']);
  });

  test('does not report a required target that matched elsewhere during the same extraction', () => {
    const lookup = new SelectorLookup(registry);
    lookup.one(document.createElement('div'), 'item', true);
    lookup.one(page(), 'item', true);
    expect(lookup.missing()).toEqual([]);
  });

  test('skips alternatives the DOM rejects', () => {
    const lookup = new SelectorLookup({ item: ['li[', 'li'] });
    expect(lookup.all(page(), 'item')).toHaveLength(2);
  });
});
