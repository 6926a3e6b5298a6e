// The one element Approach Guard adds to a LinkedIn page: a host with a closed shadow root.
// The page can see that the host exists and its level attribute, never what is inside.
//
// The host is a plain `div`. A page may define a custom element of any name first (with shadow
// roots disabled, or attaching one of its own), so that drawing a warning would throw; it cannot
// redefine a built-in element. Page CSS cannot restyle it either (styles.ts).
import { WARNING_CSS } from './styles';
import type { WarningView } from './view-model';
import { WarningPanel } from './warning';

export const LEVEL_ATTRIBUTE = 'data-approach-guard-level';
/**
 * Hosts in the page, this copy's or another's (Firefox injects an updated script beside the old
 * one's warnings, which were `approach-guard-warning` elements in earlier builds): marked, and with
 * nothing in the page's own tree (their content is in their shadow root).
 */
export const HOST_SELECTOR = `[${LEVEL_ATTRIBUTE}]:empty`;

/** This copy's hosts, known by identity: a page can give its own elements the level attribute. */
const hosts = new WeakSet<Node>();
export const isWarningHost = (node: Node): boolean => hosts.has(node);

export interface WarningHandlers {
  onNotSuspicious(): void;
  onHide(): void;
}

export interface WarningHost {
  readonly element: HTMLElement;
  update(view: WarningView, handlers: WarningHandlers): void;
  destroy(): void;
}

// Events inside the warning must not reach LinkedIn's own handlers (keyboard shortcuts,
// card clicks that open a conversation).
const CONTAINED_EVENTS = ['click', 'mousedown', 'mouseup', 'pointerdown', 'pointerup', 'keydown', 'keyup', 'keypress', 'focusin', 'focusout'];

/**
 * The closed roots, reachable only from the content script's own world (pages cannot see this
 * map); tests use it to look inside.
 */
export const shadowRoots = new WeakMap<HTMLElement, ShadowRoot>();

const sheets = new WeakMap<Document, CSSStyleSheet | null>();

function styleSheetFor(doc: Document): CSSStyleSheet | null {
  if (sheets.has(doc)) return sheets.get(doc)!;
  let sheet: CSSStyleSheet | null = null;
  try {
    const Sheet = (doc.defaultView as (Window & typeof globalThis) | null)?.CSSStyleSheet;
    if (Sheet && 'replaceSync' in Sheet.prototype) {
      sheet = new Sheet();
      sheet.replaceSync(WARNING_CSS);
    }
  } catch {
    sheet = null;
  }
  sheets.set(doc, sheet);
  return sheet;
}

function attachStyles(root: ShadowRoot, doc: Document): void {
  const sheet = styleSheetFor(doc);
  if (sheet) {
    try {
      root.adoptedStyleSheets = [sheet];
      return;
    } catch {
      // Firefox content scripts cannot always adopt sheets across the Xray boundary.
    }
  }
  const style = doc.createElement('style');
  style.textContent = WARNING_CSS;
  root.append(style);
}

export function createWarningHost(doc: Document = document): WarningHost {
  const element = doc.createElement('div');
  hosts.add(element);
  // Page CSS can target the host element itself. Its shadow root's :host rules keep it a visible
  // plain block whatever the page sets (styles.ts); these cover a root whose sheet did not attach.
  element.style.setProperty('display', 'block', 'important');
  element.style.setProperty('position', 'static', 'important');
  const shadow = element.attachShadow({ mode: 'closed' });
  shadowRoots.set(element, shadow);
  attachStyles(shadow, doc);
  const mount = doc.createElement('div');
  shadow.append(mount);
  const panel = new WarningPanel(doc, mount);
  for (const type of CONTAINED_EVENTS) element.addEventListener(type, (event) => event.stopPropagation());

  return {
    element,
    update(view, handlers) {
      element.setAttribute(LEVEL_ATTRIBUTE, view.level);
      panel.update({ view, onNotSuspicious: handlers.onNotSuspicious, onHide: handlers.onHide });
    },
    destroy() {
      element.remove();
    },
  };
}
