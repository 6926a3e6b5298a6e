// Drives Firefox with the Firefox build (.output/firefox-mv2) through puppeteer-core and WebDriver
// BiDi, serving https://www.linkedin.com/... from the demo pages (FakeLinkedIn) as the Chromium
// harness does, so the extension's real match patterns fire without any network.
//
// What Firefox's BiDi does not offer is done through the browser's own window
// (`--remote-allow-system-access`): opening the extension's pages (BiDi may not navigate a tab to
// a moz-extension: address), and allowing the extension in private windows. Warnings are read from BiDi's serialisation of the
// host, which includes closed shadow roots when asked.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type HTTPRequest, type Page, type Target } from 'puppeteer-core';
import { FakeLinkedIn, ROOT } from './harness';

export const FIREFOX_EXTENSION_DIR = join(ROOT, '.output/firefox-mv2');
/** The add-on id the Firefox build declares (wxt.config.ts). */
const ADDON_ID = 'approach-guard@approach-guard.org';
/** The extension's internal UUID, fixed before install so its pages have a known address. */
const UUID = '3d0c9a52-8e1f-4b6a-9c27-5f4e1a7b2d60';
export const EXTENSION_ORIGIN = `moz-extension://${UUID}`;

/** Firefox ESR from Debian, Firefox, or FIREFOX_PATH; undefined when none is installed. */
export const FIREFOX = [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'].find((path) => path !== undefined && existsSync(path));

export interface FirefoxWarning {
  level: string | null;
  text: string;
  /** Element names inside the closed shadow root (to prove no page markup became elements). */
  elements: string[];
  /** The class of the element just before the host. */
  previousSiblingClass: string | null;
}

export interface FirefoxSession {
  browser: Browser;
  site: FakeLinkedIn;
  /**
   * Every request that would have left the browser, as the proxy it is set to use saw it (the
   * request line: `CONNECT host:443 HTTP/1.1`, `GET http://… HTTP/1.1`), whoever made it: a
   * tab, the extension's background page or its content scripts. The proxy answers none.
   * Requests to loopback go straight to the tests' own servers.
   */
  outgoing: string[];
  /**
   * What LinkedIn tabs asked for besides the pages the fake site serves, refused before it left
   * the browser: the pages' own requests (their favicon, `data:` resources) and any the extension
   * made them make (an image it drew into the page, say).
   */
  blocked: string[];
  /** A new tab on which https://www.linkedin.com is the fake site and nothing else is reachable. */
  newPage(): Promise<Page>;
  /** One of the extension's pages (popup.html?tab=…, options.html), opened in a tab. */
  extensionPage(path: string): Promise<Page>;
  /** Installs the extension again from `dir` (an update when its version is higher). */
  install(dir?: string): Promise<void>;
  close(): Promise<void>;
}

/** Firefox's own hosts (remote settings and the like), which it calls whatever the extension does. */
const FIREFOX_OWN = /^[A-Z]+ (?:https?:\/\/)?(?:[\w-]+\.)*(?:mozilla\.(?:com|org|net)|firefox\.com)(?::\d+)?[\s/]/;

/** The outgoing requests that are not Firefox's own: any is one the extension or a page made. */
export const notFirefoxOwn = (outgoing: readonly string[]): string[] => outgoing.filter((line) => !FIREFOX_OWN.test(line));

/** The BiDi connection puppeteer keeps (a getter its typings leave out). */
interface BidiConnection {
  send(method: string, params: object): Promise<{ result: unknown }>;
}
const connection = (browser: Browser) => (browser as unknown as { connection: BidiConnection }).connection;

/** A raw BiDi command, failing after 20 s rather than outliving the test that sent it. */
async function send(browser: Browser, method: string, params: object): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`BiDi ${method} did not answer in 20 s`)), 20_000);
  });
  try {
    return (await Promise.race([connection(browser).send(method, params), timeout])).result;
  } finally {
    clearTimeout(timer);
  }
}

export interface FirefoxOptions {
  /**
   * Enterprise policy for the extension (`policies["3rdparty"].Extensions[ADDON_ID]`), in a
   * policies.json the browser reads at start. Firefox reads /etc/firefox/policies/policies.json;
   * a test points it at a file of its own instead (`browser.policies.alternatePath`, which
   * Firefox honours only under automation) rather than touch the machine's.
   */
  policy?: Record<string, unknown>;
  /**
   * Permanent private browsing (`browser.privatebrowsing.autostart`), with the extension allowed
   * in private windows as the user would allow it in about:addons. Firefox then lets it keep no
   * IndexedDB.
   */
  privateBrowsing?: boolean;
}

export async function launchFirefox(options: FirefoxOptions = {}): Promise<FirefoxSession> {
  if (!FIREFOX) throw new Error('Firefox was not found: install firefox-esr or set FIREFOX_PATH.');
  if (!existsSync(join(FIREFOX_EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No Firefox build at ${FIREFOX_EXTENSION_DIR}: run "npm run build:firefox" first.`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'approach-guard-firefox-'));
  const policyPrefs: Record<string, unknown> = {};
  if (options.policy) {
    const file = join(profile, 'test-policies.json');
    writeFileSync(file, JSON.stringify({ policies: { '3rdparty': { Extensions: { [ADDON_ID]: options.policy } } } }));
    // Firefox counts itself under automation only with this pref and non-local connections off.
    Object.assign(policyPrefs, { 'browser.policies.alternatePath': file, 'security.turn_off_all_security_so_that_viruses_can_take_over_this_computer': true });
  }
  const outgoing: string[] = [];
  const proxy = createServer((socket) => {
    socket.once('data', (data) => {
      outgoing.push(data.toString('latin1').split('\r\n', 1)[0]!);
      socket.destroy();
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const proxyPort = (proxy.address() as AddressInfo).port;
  // Whatever happens, and however far the launch got: no browser, server or profile is left behind.
  const cleanUp = async (started?: Browser) => {
    await started?.close().catch(() => undefined);
    proxy.close();
    rmSync(profile, { recursive: true, force: true });
  };
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    userDataDir: profile,
    args: ['--remote-allow-system-access'],
    env: { ...process.env, ...(options.policy ? { MOZ_DISABLE_NONLOCAL_CONNECTIONS: '1' } : {}) },
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: UUID }),
      // Everything bound for the network goes to the recording proxy, and no further.
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': proxyPort,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': proxyPort,
      // Loopback, where the tests' own servers listen (a report's endpoint), is reached directly.
      'network.proxy.no_proxies_on': '',
      ...policyPrefs,
      ...(options.privateBrowsing ? { 'browser.privatebrowsing.autostart': true } : {}),
      // Less of Firefox's own traffic.
      'browser.safebrowsing.update.enabled': false,
      'extensions.update.enabled': false,
    },
  }).catch(async (error: unknown) => {
    await cleanUp();
    throw error;
  });
  const site = new FakeLinkedIn();
  const blocked: string[] = [];
  const answer = (request: HTTPRequest) => {
    const url = new URL(request.url());
    if (url.origin === 'https://www.linkedin.com' && request.isNavigationRequest()) {
      const { status, body } = site.respond(url);
      // A request still pending when its tab closes rejects here: nothing to do about it then.
      request.respond({ status, contentType: 'text/html; charset=utf-8', body, headers: site.headers() }).catch(() => undefined);
      return;
    }
    blocked.push(url.href);
    request.abort('blockedbyclient').catch(() => undefined);
  };
  /** Runs `expression` in the browser's own window (privileged), and gives back its result. */
  const inBrowserWindow = async (expression: string): Promise<unknown> => {
    const tree = await send(browser, 'browsingContext.getTree', { 'moz:scope': 'chrome', maxDepth: 0 });
    const window = (tree as { contexts: Array<{ context: string }> }).contexts[0]!.context;
    const result = await send(browser, 'script.evaluate', { expression, target: { context: window }, awaitPromise: true });
    const evaluated = result as { type: string; result?: { value?: unknown }; exceptionDetails?: { text: string } };
    if (evaluated.type !== 'success') {
      const text = evaluated.exceptionDetails?.text ?? '';
      // An older Firefox answers with a content window instead: say which, and what to do.
      const hint = /\b(gBrowser|ChromeUtils|Services)\b.*not defined/.test(text)
        ? ` (${await browser.version()} gave no privileged window: these tests need WebDriver BiDi's system access, which Firefox ESR 153 has and 140 lacks; run "sudo apt-get update && sudo apt-get install -y firefox-esr")`
        : '';
      throw new Error(`in the browser window: ${text}${hint}`);
    }
    return evaluated.result?.value;
  };
  const install = async (dir = FIREFOX_EXTENSION_DIR) => {
    const id = await browser.installExtension(dir);
    if (id !== ADDON_ID) throw new Error(`Firefox installed ${id}, not ${ADDON_ID}`);
    if (!options.privateBrowsing) return;
    // What "Run in private windows: Allow" does, then a restart of the extension to take it up.
    await inBrowserWindow(`(async () => {
      const { ExtensionPermissions } = ChromeUtils.importESModule('resource://gre/modules/ExtensionPermissions.sys.mjs');
      const { AddonManager } = ChromeUtils.importESModule('resource://gre/modules/AddonManager.sys.mjs');
      await ExtensionPermissions.add(${JSON.stringify(ADDON_ID)}, { permissions: ['internal:privateBrowsingAllowed'], origins: [] });
      await (await AddonManager.getAddonByID(${JSON.stringify(ADDON_ID)})).reload();
    })()`);
  };
  try {
    await install();
  } catch (error) {
    await cleanUp(browser);
    throw error;
  }

  return {
    browser,
    site,
    outgoing,
    blocked,
    install,
    async newPage() {
      const page = await browser.newPage();
      await page.setRequestInterception(true);
      page.on('request', answer);
      return page;
    },
    async extensionPage(path) {
      const url = `${EXTENSION_ORIGIN}/${path}`;
      const opened = new Promise<Target>((resolve) => {
        const seen = (target: Target) => {
          if (!target.url().startsWith(EXTENSION_ORIGIN) && target.url() !== 'about:blank') return;
          browser.off('targetcreated', seen);
          resolve(target);
        };
        browser.on('targetcreated', seen);
      });
      await inBrowserWindow(`gBrowser.selectedTab = gBrowser.addTab(${JSON.stringify(url)}, { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() }); undefined`);
      const page = (await (await opened).page())!;
      await page.waitForFunction((wanted) => location.href === wanted && document.readyState === 'complete', {}, url);
      return page;
    },
    close: () => cleanUp(browser),
  };
}

/** A node as WebDriver BiDi serialises it (the fields read here). */
interface BidiNode {
  type: string;
  value?: {
    nodeType: number;
    localName?: string;
    nodeValue?: string;
    attributes?: Record<string, string>;
    children?: BidiNode[];
    shadowRoot?: BidiNode | null;
  };
}

/**
 * Every warning on the page, with what is inside its closed shadow root: BiDi serialises a
 * host's shadow root, closed ones included, when asked to (`includeShadowTree: 'all'`).
 */
export async function readFirefoxWarnings(browser: Browser, page: Page): Promise<FirefoxWarning[]> {
  const context = (page.mainFrame() as unknown as { _id: string })._id;
  const result = await send(browser, 'script.evaluate', {
    expression: `[...document.querySelectorAll('[data-approach-guard-level]')].map((host) => [host, host.previousElementSibling?.getAttribute('class') ?? null])`,
    target: { context },
    awaitPromise: false,
    serializationOptions: { maxDomDepth: 40, includeShadowTree: 'all' },
  });
  const evaluated = result as { type: string; result?: { value?: Array<{ value: [BidiNode, { value?: string }] }> }; exceptionDetails?: { text: string } };
  if (evaluated.type !== 'success') throw new Error(`reading warnings failed: ${evaluated.exceptionDetails?.text}`);
  const textOf = (node: BidiNode): string => {
    const value = node.value;
    if (!value) return '';
    if (value.nodeType === 3) return value.nodeValue ?? '';
    if (value.localName === 'style') return '';
    return (value.children ?? []).map(textOf).join(value.localName === 'li' || value.localName === 'p' ? ' ' : '');
  };
  const elementsOf = (node: BidiNode, acc: string[]): string[] => {
    if (node.value?.nodeType === 1) acc.push(node.value.localName ?? '');
    for (const child of node.value?.children ?? []) elementsOf(child, acc);
    return acc;
  };
  return (evaluated.result?.value ?? []).map(({ value: [host, previous] }) => {
    const shadow = host.value?.shadowRoot;
    // Every host the script draws has one: without it, "no warning" could pass for the wrong reason.
    if (!shadow) throw new Error('a warning host came without its shadow root: BiDi no longer serialises closed roots');
    return {
      level: host.value?.attributes?.['data-approach-guard-level'] ?? null,
      text: textOf(shadow).replace(/\s+/g, ' ').trim(),
      elements: elementsOf(shadow, []),
      previousSiblingClass: previous.value ?? null,
    };
  });
}
