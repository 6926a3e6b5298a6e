// Reads visible text from DOM subtrees by walking nodes (never innerHTML or innerText: innerText
// needs layout, which happy-dom lacks and which makes results depend on CSS), and keeps, for
// every character copied from the page, the text node and offset it came from. The in-page UI
// turns engine evidence (message, start, end) back into a DOM Range with `rangeFor`, for the
// CSS Custom Highlight API.
import type { TextMap, TextSegment } from './types';

// Elements that start a new line, as the author saw it. LinkedIn's rich-text editors write
// one <p> per line and <p><br></p> for a blank one.
export const BLOCK_TAGS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DIV', 'DL', 'DT', 'FIGCAPTION', 'FIGURE',
  'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL',
  'P', 'PRE', 'SECTION', 'TABLE', 'TR', 'UL',
]);


export interface ReadTextOptions {
  /** Subtrees to leave out (screen-reader copies, icons, buttons): any selector that matches. */
  skip?: readonly string[];
  /** Extra per-element exclusion, e.g. LinkedIn's "(Edited)" marker inside a message body. */
  skipElement?: (element: Element) => boolean;
}

/**
 * The visible text of `elements`, in order, each starting on a new line, with white space
 * collapsed as CSS does, `<br>` as "\n", block boundaries as line breaks, and no leading or
 * trailing white space.
 */
export function readText(elements: Element | readonly Element[], options: ReadTextOptions = {}): TextMap {
  const list = Array.isArray(elements) ? [...(elements as readonly Element[])] : [elements as Element];
  const out: string[] = [];
  let length = 0;
  let lastChar = '';
  const segments: TextSegment[] = [];
  let pendingBreaks = 0;
  let pendingSpace: { node: Text; offset: number } | null = null;
  const skip = skipTest(options);

  const lineBoundary = (): void => {
    if (!(length === 0 || pendingBreaks > 0 || lastChar === '\n')) pendingBreaks = 1;
    pendingSpace = null;
  };

  // Copies a run of characters from one text node, extending the last segment when the run
  // continues it (the common case: one segment per text node).
  const emitMapped = (run: string, node: Text, offset: number): void => {
    const last = segments[segments.length - 1];
    if (last && last.node === node && last.end === length && last.nodeOffset + (last.end - last.start) === offset) {
      last.end += run.length;
    } else {
      segments.push({ node, nodeOffset: offset, start: length, end: length + run.length });
    }
    out.push(run);
    length += run.length;
    lastChar = run.charAt(run.length - 1);
  };

  const flushBeforeText = (): void => {
    if (length > 0 && pendingBreaks > 0) {
      out.push('\n'.repeat(pendingBreaks));
      length += pendingBreaks;
      lastChar = '\n';
    } else if (length > 0 && pendingSpace && lastChar !== '\n') {
      emitMapped(' ', pendingSpace.node, pendingSpace.offset);
    }
    pendingBreaks = 0;
    pendingSpace = null;
  };

  // Words joined by single spaces need no collapsing, so each such run is copied whole; the
  // regular expression finds them natively instead of a loop visiting every character.
  const visitText = (node: Text): void => {
    const data = node.data;
    let end = 0;
    RUN.lastIndex = 0;
    for (let match = RUN.exec(data); match; match = RUN.exec(data)) {
      if (match.index > end && !pendingSpace) pendingSpace = { node, offset: end };
      flushBeforeText();
      emitMapped(match[0], node, match.index);
      end = match.index + match[0].length;
    }
    if (end < data.length && !pendingSpace) pendingSpace = { node, offset: end };
  };

  const visit = (node: Node, root = false): void => {
    if (node.nodeType === 3) {
      visitText(node as Text);
      return;
    }
    if (node.nodeType !== 1) return;
    const element = node as Element;
    // Exclusions apply inside the requested elements, never to the elements themselves.
    if (!root && skip(element)) return;
    if (element.tagName === 'BR') {
      pendingBreaks += 1;
      pendingSpace = null;
      return;
    }
    const block = BLOCK_TAGS.has(element.tagName);
    if (block) lineBoundary();
    for (let child = element.firstChild; child; child = child.nextSibling) visit(child);
    if (block) lineBoundary();
  };

  for (const element of list) {
    lineBoundary();
    visit(element, true);
  }
  return { text: out.join(''), segments, elements: list };
}

// Runs of text between CSS collapsible white space (space, tab, line feed, carriage return, form
// feed; not NBSP), single spaces included.
const RUN = /[^ \t\n\r\f]+(?: [^ \t\n\r\f]+)*/g;

/**
 * One test per element for all skip selectors: a single `matches` on the joined list, falling
 * back to one call per selector if the browser rejects the list (one bad pack selector).
 */
function skipTest(options: ReadTextOptions): (element: Element) => boolean {
  const selectors = options.skip ?? [];
  const joined = selectors.join(', ');
  let listWorks = selectors.length > 0;
  const matchesAny = (element: Element): boolean => {
    if (listWorks) {
      try {
        return element.matches(joined);
      } catch {
        listWorks = false;
      }
    }
    for (const selector of selectors) {
      try {
        if (element.matches(selector)) return true;
      } catch {
        // An override the browser rejects must not stop text extraction.
      }
    }
    return false;
  };
  return (element) => (selectors.length > 0 && matchesAny(element)) || (options.skipElement?.(element) ?? false);
}

/** The visible text of one element, or undefined when it is empty. */
export function textOf(element: Element | null | undefined, options: ReadTextOptions = {}): string | undefined {
  if (!element) return undefined;
  const text = readText(element, options).text;
  return text === '' ? undefined : text;
}

/**
 * Where text offset `offset` lies in the DOM. `bias: 'start'` answers for the character at
 * `offset` (a range start), `'end'` for the character before it (a range end). Offsets on a
 * character the extractor added (a line break) move to the nearest page character in the
 * direction that keeps the range inside the requested span.
 */
export function domPoint(map: TextMap, offset: number, bias: 'start' | 'end'): { node: Text; offset: number } | null {
  const { segments } = map;
  if (bias === 'start') {
    for (const segment of segments) {
      if (segment.end <= offset) continue;
      const inside = Math.max(offset, segment.start);
      return { node: segment.node, offset: segment.nodeOffset + (inside - segment.start) };
    }
    return null;
  }
  for (let i = segments.length - 1; i >= 0; i--) {
    const segment = segments[i]!;
    if (segment.start >= offset) continue;
    const inside = Math.min(offset, segment.end);
    return { node: segment.node, offset: segment.nodeOffset + (inside - segment.start) };
  }
  return null;
}

/**
 * A DOM Range covering text offsets [start, end) of `map`, or null when the span holds no page
 * character (empty, out of bounds, or only added line breaks) or the nodes left the document.
 */
export function rangeFor(map: TextMap, start: number, end: number): Range | null {
  if (!(start < end) || start < 0 || end > map.text.length) return null;
  const from = domPoint(map, start, 'start');
  const to = domPoint(map, end, 'end');
  if (!from || !to) return null;
  const doc = from.node.ownerDocument;
  if (!doc || !from.node.isConnected || !to.node.isConnected) return null;
  const range = doc.createRange();
  try {
    range.setStart(from.node, from.offset);
    range.setEnd(to.node, to.offset);
  } catch {
    // The page changed under us (a node shrank): no highlight rather than a wrong one.
    return null;
  }
  return range.collapsed ? null : range;
}

/** The part of `map` from text offset `start` (e.g. after a "Name: " prefix), re-based to 0. */
export function sliceTextMap(map: TextMap, start: number): TextMap {
  const from = Math.max(0, Math.min(start, map.text.length));
  const segments: TextSegment[] = [];
  for (const segment of map.segments) {
    if (segment.end <= from) continue;
    const cut = Math.max(0, from - segment.start);
    segments.push({
      node: segment.node,
      nodeOffset: segment.nodeOffset + cut,
      start: segment.start + cut - from,
      end: segment.end - from,
    });
  }
  return { text: map.text.slice(from), segments, elements: map.elements };
}
