import { describe, expect, test } from 'vitest';
import { domPoint, rangeFor, readText, sliceTextMap } from '../../../src/sites/text';
import type { TextMap } from '../../../src/sites/types';

// Built in the test window's own document: happy-dom ties ranges to it.
function html(markup: string): HTMLElement {
  const root = document.createElement('div');
  root.innerHTML = markup;
  document.body.replaceChildren(root);
  return root;
}

/** Every mapped run must point at the characters it claims to come from. */
function expectSegmentsFaithful(map: TextMap): void {
  let previousEnd = 0;
  for (const segment of map.segments) {
    expect(segment.start).toBeGreaterThanOrEqual(previousEnd);
    previousEnd = segment.end;
    const fromText = map.text.slice(segment.start, segment.end);
    const fromNode = segment.node.data.slice(segment.nodeOffset, segment.nodeOffset + segment.end - segment.start);
    expect(fromNode.replace(/[ \t\n\r\f]/g, ' ')).toBe(fromText);
  }
}

describe('reading text', () => {
  test('writes <br> as a line break and collapses source white space', () => {
    const map = readText(html('<p>\n  Thanks!<br>I appreciate   it.<br><br>Kind regards,\n</p>'));
    expect(map.text).toBe('Thanks!\nI appreciate it.\n\nKind regards,');
    expectSegmentsFaithful(map);
  });

  test('starts each paragraph on a new line and keeps blank <p><br></p> lines', () => {
    const map = readText(html('<p></p><p>Of course.</p><p><br></p><p>We are <em>glad</em>.</p><p></p>'));
    expect(map.text).toBe('Of course.\n\nWe are glad.');
    expectSegmentsFaithful(map);
  });

  test('keeps inline spacing elements and link text', () => {
    const map = readText(html('<p>Cheers,<span> </span><a href="mailto:a@example.com">a@example.com</a><span> </span>Bye</p>'));
    expect(map.text).toBe('Cheers, a@example.com Bye');
  });

  test('leaves out skipped subtrees but never the requested element itself', () => {
    const root = html('<span class="visually-hidden">Hidden</span><span aria-hidden="true">Shown</span><button>More</button>');
    expect(readText(root, { skip: ['.visually-hidden', 'button'] }).text).toBe('Shown');
    expect(readText(root.querySelector('.visually-hidden')!, { skip: ['.visually-hidden'] }).text).toBe('Hidden');
  });

  test('ignores a skip selector the DOM rejects instead of failing', () => {
    expect(readText(html('<p>Text</p>'), { skip: ['p[', 'svg'] }).text).toBe('Text');
  });

  test('keeps non-breaking spaces, which HTML does not collapse', () => {
    expect(readText(html('<p>a&nbsp; b</p>')).text).toBe('a\u00a0 b');
  });

  test('joins several elements line by line', () => {
    const root = html('<h3>Subject</h3><p>Body<br>more</p>');
    expect(readText([root.querySelector('h3')!, root.querySelector('p')!]).text).toBe('Subject\nBody\nmore');
  });
});

describe('mapping text back to the page', () => {
  test('builds a range around a quote inside one text node', () => {
    const map = readText(html('<p>Could we move to <b>WhatsApp</b> instead?</p>'));
    const start = map.text.indexOf('WhatsApp');
    const range = rangeFor(map, start, start + 8);
    expect(range?.toString()).toBe('WhatsApp');
    expect(range?.startContainer.parentElement?.tagName).toBe('B');
  });

  test('builds a range across a line break, which the page shows without the newline character', () => {
    const map = readText(html('<p>Hello Sam,<br>I came across your profile</p>'));
    const quote = 'Sam,\nI came';
    const start = map.text.indexOf(quote);
    expect(rangeFor(map, start, start + quote.length)?.toString()).toBe('Sam,I came');
  });

  test('moves span ends off added line breaks onto page characters', () => {
    const map = readText(html('<p>one</p><p>two</p>'));
    expect(map.text).toBe('one\ntwo');
    expect(rangeFor(map, 3, 7)?.toString()).toBe('two');
    expect(rangeFor(map, 0, 4)?.toString()).toBe('one');
    expect(rangeFor(map, 3, 4)).toBeNull();
  });

  test('returns null for empty or out-of-range spans', () => {
    const map = readText(html('<p>abc</p>'));
    expect(rangeFor(map, 2, 2)).toBeNull();
    expect(rangeFor(map, 1, 10)).toBeNull();
    expect(rangeFor(map, -1, 2)).toBeNull();
  });

  test('returns null once the text has left the page', () => {
    const root = html('<p>abc</p>');
    const map = readText(root);
    root.remove();
    expect(rangeFor(map, 0, 3)).toBeNull();
  });

  test('points collapsed white space at its first source character', () => {
    const map = readText(html('<p>a \n\t b</p>'));
    expect(map.text).toBe('a b');
    const point = domPoint(map, 1, 'start');
    expect(point?.offset).toBe(1);
    expect(rangeFor(map, 0, 3)?.toString()).toBe('a \n\t b');
  });

  test('re-bases a map after a dropped prefix', () => {
    const map = sliceTextMap(readText(html('<p>Priya: All set. See you</p>')), 'Priya: '.length);
    expect(map.text).toBe('All set. See you');
    expectSegmentsFaithful(map);
    expect(rangeFor(map, 0, 3)?.toString()).toBe('All');
  });
});
