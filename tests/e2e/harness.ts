// Drives Debian Chromium with the built extension (.output/chrome-mv3) through playwright-core,
// serving https://www.linkedin.com/... from the demo pages and the saved fixtures so the
// extension's real match patterns fire without any network. Used by the end-to-end tests and
// by the demo launcher.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Request, type Route, type Worker } from 'playwright-core';
import { demoResponse, type InboxKind } from '../fixtures/demo/pages';

export const ROOT = resolve(import.meta.dirname, '../..');
export const EXTENSION_DIR = join(ROOT, '.output/chrome-mv3');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FIXTURE_DIR = join(ROOT, 'tests/fixtures/linkedin');

/** The chrome.* calls the tests evaluate inside the service worker (no global typings needed). */
// Values read back from extension storage are checked by each test, so they are typed loosely here.
/* eslint-disable @typescript-eslint/no-explicit-any */
export interface WorkerChrome {
  storage: {
    local: { get(keys?: string | string[] | null): Promise<Record<string, any>>; set(items: Record<string, unknown>): Promise<void> };
    session: { get(keys?: string | string[] | null): Promise<Record<string, any>> };
  };
  tabs: { query(query: Record<string, unknown>): Promise<Array<{ id?: number; url?: string }>> };
  /* eslint-enable @typescript-eslint/no-explicit-any */
  /** Without a tabId, the toolbar's own badge, which tabs without one of their own show. */
  action: { getBadgeText(details: { tabId?: number }): Promise<string> };
  alarms: { get(name: string): Promise<{ name: string; scheduledTime: number } | undefined> };
}
declare const chrome: WorkerChrome;

export interface RecordedRequest {
  url: string;
  resourceType: string;
  /** 'page' for a tab, 'service-worker' for the extension's worker, 'other' otherwise. */
  from: 'page' | 'service-worker' | 'other';
}

export interface LaunchOptions {
  headless?: boolean;
  /** The unpacked extension to load: this build (EXTENSION_DIR) unless a test made another. */
  extensionDir?: string;
  /** Extra Chromium arguments. */
  args?: string[];
  /**
   * Let Chromium keep pages in its back/forward cache, which Playwright turns off by default
   * (`--disable-back-forward-cache`): a page the browser restores whole then runs no new script.
   */
  backForwardCache?: boolean;
  /**
   * A profile directory to use and leave in place, so a second launch finds the extension's
   * storage as the first left it. By default a fresh one is made and removed on close.
   */
  profileDir?: string;
  /**
   * Which requests the fake site answers. 'context' (the default): every request of the browser,
   * the service worker's included, and anything not LinkedIn is refused. 'pages': only pages made
   * with `session.newPage()`; the worker's own requests then reach the network untouched. The
   * webhook tests need that: while Playwright intercepts a worker it answers every CORS preflight
   * itself, with permissive headers, so the endpoint's real CORS answer would go untested.
   */
  routing?: 'context' | 'pages';
}

/** The site the browser sees at https://www.linkedin.com. Tests may change what it serves. */
export class FakeLinkedIn {
  inbox: InboxKind = 'all';
  /**
   * Serve pages cross-origin isolated (COOP and COEP headers): the browser then times
   * performance.now() to 5 µs rather than 100 µs, for the figures. LinkedIn's pages are not.
   */
  isolated = false;
  private readonly overrides = new Map<string, string>();

  /** Serve a saved fixture page (tests/fixtures/linkedin/) at the URL it was saved from. */
  useFixture(name: string, url: string): string {
    this.overrides.set(new URL(url).pathname, readFileSync(join(FIXTURE_DIR, name), 'utf8'));
    return url;
  }

  /** Serve `body` at the URL's path (a page a test built, e.g. a fixture with another text). */
  serve(url: string, body: string): string {
    this.overrides.set(new URL(url).pathname, body);
    return url;
  }

  reset(): void {
    this.overrides.clear();
    this.inbox = 'all';
    this.isolated = false;
  }

  headers(): Record<string, string> {
    return this.isolated ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } : {};
  }

  respond(url: URL): { status: number; body: string } {
    const override = this.overrides.get(url.pathname);
    if (override !== undefined) return { status: 200, body: override };
    return demoResponse(url, this.inbox);
  }
}

export interface Session {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  site: FakeLinkedIn;
  requests: RecordedRequest[];
  /** A new tab on which https://www.linkedin.com is the fake site, whatever the routing. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * The id Chromium gives an unpacked extension: the first 128 bits of the SHA-256 of the
 * extension directory's absolute path, each hex digit written as a letter from a to p. Known
 * before launch, so a policy file can name it; the policy tests check it against the browser.
 * A `key` in the manifest would pin one id for every checkout instead, and then a policy file
 * written by one worktree's tests would apply to another's running at the same time.
 */
export function unpackedExtensionId(dir: string = EXTENSION_DIR): string {
  const hex = createHash('sha256').update(realpathSync(dir)).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + Number.parseInt(digit, 16))).join('');
}

export function assertBuilt(): void {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No built extension at ${EXTENSION_DIR}: run "npm run build" first.`);
  }
}

export async function launch(options: LaunchOptions = {}): Promise<Session> {
  assertBuilt();
  const extensionDir = options.extensionDir ?? EXTENSION_DIR;
  // Service-worker requests are reported to context.on('request') only with this switch.
  process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';
  const profile = options.profileDir ?? mkdtempSync(join(tmpdir(), 'approach-guard-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: options.headless ?? true,
    ...(options.backForwardCache ? { ignoreDefaultArgs: ['--disable-back-forward-cache'] } : {}),
    viewport: { width: 1280, height: 900 },
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(options.args ?? []),
    ],
  });
  const site = new FakeLinkedIn();
  const requests: RecordedRequest[] = [];

  context.on('request', (request) => {
    const worker = request.serviceWorker();
    const frame = worker ? undefined : safeFrame(request);
    requests.push({
      url: request.url(),
      resourceType: request.resourceType(),
      from: worker ? 'service-worker' : frame ? 'page' : 'other',
    });
  });

  // LinkedIn from the fake site, the extension's own pages as they are, anything else refused.
  const answer = async (route: Route) => {
    const request = route.request();
    const url = new URL(request.url());
    if (url.protocol === 'chrome-extension:') {
      await route.continue();
      return;
    }
    if (url.origin === 'https://www.linkedin.com' && request.resourceType() === 'document') {
      const { status, body } = site.respond(url);
      await route.fulfill({ status, contentType: 'text/html; charset=utf-8', body, headers: site.headers() });
      return;
    }
    await route.abort('blockedbyclient');
  };
  const routing = options.routing ?? 'context';
  if (routing === 'context') await context.route('**/*', answer);

  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    worker,
    extensionId,
    site,
    requests,
    async newPage() {
      const page = await context.newPage();
      if (routing === 'pages') await page.route('**/*', answer);
      return page;
    },
    async close() {
      await context.close();
      if (options.profileDir === undefined) rmSync(profile, { recursive: true, force: true });
    },
  };
}

function safeFrame(request: Request) {
  try {
    return request.frame();
  } catch {
    return undefined;
  }
}

/**
 * Reads keys of the extension's trusted area (src/settings/trusted-area.ts: IndexedDB of the
 * extension origin) from inside the service worker, as the extension itself would.
 */
export function readTrusted(session: Pick<Session, 'worker'>, keys: string[]): Promise<Record<string, unknown>> {
  return session.worker.evaluate(
    (wanted) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const open = indexedDB.open('approach-guard', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('kv');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('kv', 'readonly');
          const found: Record<string, unknown> = {};
          for (const key of wanted) {
            const request = tx.objectStore('kv').get(key);
            request.onsuccess = () => {
              if (request.result !== undefined) found[key] = request.result;
            };
          }
          tx.oncomplete = () => {
            db.close();
            resolve(found);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    keys,
  );
}

/** Waits until the extension has installed its rule pack (first start of the worker). */
export async function waitForPack(session: Session): Promise<void> {
  await session.worker.evaluate(async () => {
    for (let i = 0; i < 200; i++) {
      const stored = await chrome.storage.local.get('activePack');
      if (stored.activePack) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the rule pack was never installed');
  });
}

export interface WarningInfo {
  level: string | null;
  text: string;
  /** Element names inside the closed shadow root (to prove no page markup became elements). */
  elements: string[];
  /** The element just before the host, or its parent when appended inside. */
  previousSiblingClass: string | null;
  parentRole: string | null;
  /** Whether the Details panel is expanded. */
  detailsOpen: boolean;
}

interface CdpNode {
  nodeId: number;
  nodeType: number;
  nodeName: string;
  localName?: string;
  nodeValue?: string;
  attributes?: string[];
  children?: CdpNode[];
  shadowRoots?: CdpNode[];
  contentDocument?: CdpNode;
}

/**
 * Reads every warning, including what is inside its closed shadow root, through the DevTools
 * protocol (which sees closed roots; page scripts and Playwright locators do not).
 */
export async function readWarnings(page: Page): Promise<WarningInfo[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
    const out: WarningInfo[] = [];
    const attr = (node: CdpNode, name: string): string | null => {
      const list = node.attributes ?? [];
      for (let i = 0; i < list.length; i += 2) if (list[i] === name) return list[i + 1] ?? null;
      return null;
    };
    const textOf = (node: CdpNode): string => {
      if (node.nodeType === 3) return node.nodeValue ?? '';
      if (node.localName === 'style') return '';
      return (node.children ?? []).map(textOf).join(node.localName === 'li' || node.localName === 'p' ? ' ' : '');
    };
    const elementsOf = (node: CdpNode, acc: string[]) => {
      if (node.nodeType === 1) acc.push(node.localName ?? node.nodeName.toLowerCase());
      for (const child of node.children ?? []) elementsOf(child, acc);
      return acc;
    };
    const find = (node: CdpNode, id: string): CdpNode | undefined => {
      if (attr(node, 'id') === id) return node;
      for (const child of node.children ?? []) {
        const hit = find(child, id);
        if (hit) return hit;
      }
      return undefined;
    };
    const walk = (node: CdpNode, parent: CdpNode | undefined, previous: CdpNode | undefined) => {
      // The host is a plain element the extension marks with its level (src/content/warning/host.ts).
      const shadow = node.shadowRoots?.[0];
      if (shadow && attr(node, 'data-approach-guard-level') !== null) {
        const details = find(shadow, 'ag-details');
        out.push({
          level: attr(node, 'data-approach-guard-level'),
          text: textOf(shadow).replace(/\s+/g, ' ').trim(),
          elements: elementsOf(shadow, []),
          previousSiblingClass: previous ? attr(previous, 'class') : null,
          parentRole: parent ? attr(parent, 'role') : null,
          detailsOpen: details !== undefined && !(details.attributes ?? []).includes('hidden'),
        });
      }
      let prev: CdpNode | undefined;
      for (const child of node.children ?? []) {
        walk(child, node, prev);
        if (child.nodeType === 1) prev = child;
      }
    };
    walk(root, undefined, undefined);
    return out;
  } finally {
    await cdp.detach();
  }
}

/** The badge text of the tab showing `page`, read through the service worker. */
export async function badgeText(session: Session, page: Page): Promise<string> {
  const url = page.url();
  return session.worker.evaluate(async (pageUrl) => {
    const tabs = await chrome.tabs.query({});
    const tab = tabs.find((t: { url?: string }) => t.url === pageUrl);
    if (tab?.id === undefined) throw new Error(`no tab shows ${pageUrl}`);
    return chrome.action.getBadgeText({ tabId: tab.id });
  }, url);
}

/** Polls `read` until `ok` holds (or throws after `timeoutMs`). */
export async function waitFor<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (ok(last)) return last;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The tab state the background holds for the tab showing `page` (after the content script reported). */
export async function tabState(session: Session, page: Page): Promise<{ pageUrl: string; approaches: Array<{ approachId: string; verdict: { level: string } }> } | undefined> {
  return session.worker.evaluate(async (pageUrl) => {
    const tabs = await chrome.tabs.query({});
    const tab = tabs.find((t: { url?: string }) => t.url === pageUrl);
    if (tab?.id === undefined) return undefined;
    const key = `tab:${tab.id}`;
    return (await chrome.storage.session.get(key))[key];
  }, page.url());
}

/** Waits until the content script has read the page now shown and told the background. */
export function waitForReport(session: Session, page: Page, timeoutMs = 10_000) {
  return waitFor(() => tabState(session, page), (s) => s?.pageUrl === page.url(), timeoutMs, `a report for ${page.url()}`);
}

export interface ScanMeasure {
  startTime: number;
  duration: number;
  detail: { extractMs: number; scoreMs: number; renderMs: number; totalMs: number; approaches: number; scored: number; observed: boolean };
}

/**
 * In the page (pass it to `page.evaluate`): a new message at the end of the open thread of the
 * captured inbox, a copy of the last message (or of the last incoming one) with `body` as its
 * text and without its group's heading. With `twice`, another message arrives 20 ms before it.
 */
export async function addMessageCopy([body, fromOther, twice]: readonly [string, boolean, boolean]): Promise<void> {
  const add = (words: string) => {
    const events = document.querySelectorAll(`.msg-thread li.msg-s-message-list__event${fromOther ? ':has(.msg-s-event-listitem--other)' : ''}`);
    const last = events[events.length - 1]!;
    const copy = last.cloneNode(true) as Element;
    for (const s of copy.querySelectorAll('.msg-s-message-group__meta, .msg-s-message-list__time-heading, .msg-s-event-listitem__subject')) s.remove();
    copy.querySelector('p.msg-s-event-listitem__body')!.textContent = words;
    const lastOfAll = document.querySelectorAll('.msg-thread li.msg-s-message-list__event');
    lastOfAll[lastOfAll.length - 1]!.after(copy);
  };
  if (twice) {
    add('A message just before.');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  add(body);
}

/** performance.measure() entries the content script writes when debugPerfMarks is set. */
export function measures(page: Page, name: 'approach-guard:scan' | 'approach-guard:compile' | 'approach-guard:report' | 'approach-guard:observe'): Promise<ScanMeasure[]> {
  return page.evaluate(
    (n) => performance.getEntriesByName(n, 'measure').map((e) => ({ startTime: e.startTime, duration: e.duration, detail: (e as PerformanceMeasure).detail })),
    name,
  ) as Promise<ScanMeasure[]>;
}

export interface ScriptLoad {
  /** V8 parsing and compiling the content script (all of it: the eager compile hint). */
  compileMs: number;
  /** Running its top level (registering listeners, asking storage for the pack). */
  runMs: number;
  /** Re-parsing it for source positions, which V8 does only because DevTools is attached. */
  devtoolsOnlyMs: number;
  /** The page's first scan in the same load (every task of it, as the figures count it). */
  firstScan: {
    /** Wall-clock time of its scans, as performance.measure() gives it. */
    scanMs: number;
    /**
     * The script's callbacks that ran them (a timer's, an observer's), end to end: wall-clock
     * and thread (CPU) time. Undefined when the trace shows no such callback around every scan,
     * or carries no thread times.
     */
    callbackMs: number | undefined;
    callbackCpuMs: number | undefined;
  };
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time, where the platform has thread clocks. */
  tdur?: number;
  tid: number;
  args?: { data?: { url?: string }; fileName?: string };
}

/**
 * What loading the content script and its first scan cost on the main thread, from a trace of
 * one page load: V8's compile and run of the script, and the thread time of the callbacks that
 * ran the first scan. On a busy machine a task's wall-clock time includes time the system gave
 * other processes; its thread time does not. DevTools (the test's own connection) makes V8
 * re-parse the script for source positions during the run; that part is reported apart,
 * because a user's browser does not do it. Needs debugPerfMarks set.
 */
export async function traceScriptLoad(session: Session, url: string): Promise<ScriptLoad> {
  const page = await session.context.newPage();
  const cdp = await session.context.newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (event) => {
    events.push(...(event.value as unknown as TraceEvent[]));
  });
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  const includedCategories = ['v8', 'disabled-by-default-v8.compile', 'devtools.timeline', 'blink.user_timing'];
  await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories } });
  await page.goto(url);
  await waitForReport(session, page);
  const scans = await waitFor(() => measures(page, 'approach-guard:scan'), (m) => m.length > 0, 10_000, 'a scan');
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();
  await page.close();
  const ours = (e: TraceEvent) => (e.args?.data?.url ?? e.args?.fileName ?? '').endsWith('/content-scripts/linkedin.js');
  const compile = events.filter((e) => e.ph === 'X' && e.name === 'v8.compile' && ours(e));
  const run = events.filter((e) => e.ph === 'X' && e.name === 'v8.run' && ours(e));
  if (compile.length === 0 || run.length === 0) throw new Error('the trace shows no load of the content script');
  const inside = (outer: TraceEvent, e: TraceEvent) => e.tid === outer.tid && e.ts >= outer.ts && e.ts + (e.dur ?? 0) <= outer.ts + (outer.dur ?? 0);
  const sum = (list: TraceEvent[]) => list.reduce((total, e) => total + (e.dur ?? 0), 0) / 1000;
  const reparse = events.filter((e) => e.ph === 'X' && e.name === 'V8.CollectSourcePositions' && run.some((r) => inside(r, e)));
  const devtoolsOnlyMs = sum(reparse);

  // The first scan's measures, as the figures count them: the first, and the follow-up tasks
  // that only score. The trace shows each measure as a begin and an end event, in order.
  const firstScan = scans.filter((m, i) => i === 0 || m.detail.extractMs === 0);
  const begins = events.filter((e) => e.name === 'approach-guard:scan' && e.ph === 'b').sort((a, b) => a.ts - b.ts);
  const ends = events.filter((e) => e.name === 'approach-guard:scan' && e.ph === 'e').sort((a, b) => a.ts - b.ts);
  const calls = events.filter((e) => e.ph === 'X' && e.name === 'FunctionCall' && ours(e));
  // Measures are timed to 5 µs, so one may seem to start or end just outside its callback.
  const SLACK_US = 10;
  // The outermost of the script's calls around each measure of the first scan (by its place
  // among all the scans): the callback the browser ran.
  const held = new Set(
    firstScan.map((m) => {
      const i = scans.indexOf(m);
      const [begin, end] = [begins[i], ends[i]];
      return begin && end && calls.filter((c) => c.tid === begin.tid && c.ts <= begin.ts + SLACK_US && c.ts + (c.dur ?? 0) >= end.ts - SLACK_US).sort((a, b) => a.ts - b.ts)[0];
    }),
  );
  const callbacks = [...held].filter((c): c is TraceEvent => c !== undefined);
  const traced = callbacks.length === held.size;
  return {
    compileMs: sum(compile),
    runMs: sum(run) - devtoolsOnlyMs,
    devtoolsOnlyMs,
    firstScan: {
      scanMs: firstScan.reduce((total, m) => total + m.duration, 0),
      callbackMs: traced ? sum(callbacks) : undefined,
      callbackCpuMs: traced && callbacks.every((c) => c.tdur !== undefined) ? callbacks.reduce((total, c) => total + c.tdur!, 0) / 1000 : undefined,
    },
  };
}

/** The id of the tab showing `page`. */
export function tabIdOf(session: Session, page: Page): Promise<number> {
  return session.worker.evaluate(async (pageUrl) => {
    const tabs = await chrome.tabs.query({});
    const id = tabs.find((t: { url?: string }) => t.url === pageUrl)?.id;
    if (id === undefined) throw new Error(`no tab shows ${pageUrl}`);
    return id;
  }, page.url());
}

/** Tab state and badge by tab id (for a tab that no longer shows LinkedIn). */
export function tabStateById(session: Session, tabId: number): Promise<{ state: unknown; badge: string }> {
  return session.worker.evaluate(async (id) => {
    const key = `tab:${id}`;
    return { state: (await chrome.storage.session.get(key))[key], badge: await chrome.action.getBadgeText({ tabId: id }) };
  }, tabId);
}

/** The popup width the extension is designed for (src/popup/popup.css). */
export const POPUP_WIDTH = 360;

/**
 * The popup, opened as a page of its own for the tab showing `page` (popup.html?tab=<id>, see
 * src/popup/tab-state.ts), at the width of the real popup.
 */
export async function openPopup(session: Session, page: Page): Promise<Page> {
  const tabId = await tabIdOf(session, page);
  const popup = await session.context.newPage();
  await popup.setViewportSize({ width: POPUP_WIDTH, height: 640 });
  await popup.goto(`chrome-extension://${session.extensionId}/popup.html?tab=${tabId}`);
  return popup;
}

/** The options page, as the browser opens it (in a tab). */
export async function openOptions(session: Session): Promise<Page> {
  const options = await session.context.newPage();
  await options.goto(`chrome-extension://${session.extensionId}/options.html`);
  return options;
}
