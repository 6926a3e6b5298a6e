// `npm start`: shows Approach Guard's warnings without a LinkedIn account. Launches Debian
// Chromium with the built extension and serves invented LinkedIn pages (tests/fixtures/demo/)
// at https://www.linkedin.com/..., so the extension behaves exactly as on the real site and
// nothing leaves the machine. With a display it opens a window to click around in; without
// one (a server, CI) it visits each page headless and saves screenshots.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { FEED_PATH, INVITATIONS_PATH, ORIGIN, PROFILE_PATHS, REQUEST, threadUrl } from '../fixtures/demo/pages';
import { CONVERSATIONS } from '../fixtures/demo/people';
import { CHROMIUM, ROOT, launch, readWarnings, waitFor, waitForPack, waitForReport, type Session } from './harness';

const args = new Set(process.argv.slice(2));
const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const headless = args.has('--headless') || !hasDisplay;
const SHOTS = join(ROOT, '.output/demo');

if (!existsSync(CHROMIUM)) {
  console.error(`Chromium was not found at ${CHROMIUM}.
Install it (Debian/Ubuntu): sudo apt-get update && sudo apt-get install -y chromium
or point CHROMIUM_PATH at another Chromium or Chrome binary.`);
  process.exit(1);
}

const PAGES: Array<[string, string]> = [
  ['a risky conversation', threadUrl(CONVERSATIONS[0]!.key)],
  ['an InMail', threadUrl(CONVERSATIONS[2]!.key)],
  ['an ordinary conversation', threadUrl(CONVERSATIONS[1]!.key)],
  ['markup in a message', threadUrl(CONVERSATIONS[3]!.key)],
  ['a risky profile', ORIGIN + PROFILE_PATHS[0]],
  ['an ordinary profile', ORIGIN + PROFILE_PATHS[1]],
  ['invitations', ORIGIN + INVITATIONS_PATH],
  ['a message request', threadUrl(REQUEST.key)],
  ['a chat bubble on the feed', ORIGIN + FEED_PATH],
];

async function tour(session: Session): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const page = await session.context.newPage();
  for (const [i, [what, url]] of PAGES.entries()) {
    await page.goto(url);
    await waitForReport(session, page);
    // Give lazily placed warnings a moment, then record what is on the page.
    await page.waitForTimeout(300);
    const warnings = await readWarnings(page);
    const file = join(SHOTS, `${String(i + 1).padStart(2, '0')}-${what.replace(/\W+/g, '-')}.png`);
    await page.screenshot({ path: file, fullPage: true });
    const summary = warnings.length === 0 ? 'no warning' : warnings.map((w) => `${w.level} (${w.text.split('.')[1]?.trim() ?? ''})`).join('; ');
    console.log(`  ${what.padEnd(26)} ${summary}\n  ${''.padEnd(26)} ${file}`);
  }
  // A message arriving while the page is open.
  await page.goto(threadUrl(CONVERSATIONS[1]!.key));
  await waitForReport(session, page);
  await page.click('[data-demo-arrive]');
  await waitFor(() => readWarnings(page), (w) => w.some((x) => x.previousSiblingClass?.includes('msg-title-bar')), 10_000, 'a warning');
  const file = join(SHOTS, `${String(PAGES.length + 1).padStart(2, '0')}-a-message-arrives.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`  ${'a message arrives'.padEnd(26)} warned\n  ${''.padEnd(26)} ${file}`);
}

async function interactive(session: Session, page: Page): Promise<void> {
  console.log(`Chromium is open on a simulated LinkedIn inbox. Use the dark bar at the top to move between
the demo pages (among them a message request and a chat bubble over the feed), or click
conversations in the list. "Receive a new message" adds a risky message to the open conversation. Close the browser window (or press Ctrl+C) to stop.`);
  await new Promise<void>((resolve) => {
    session.context.on('close', () => resolve());
    page.on('close', () => {
      if (session.context.pages().length === 0) resolve();
    });
    process.on('SIGINT', () => resolve());
  });
}

const session = await launch({ headless });
try {
  await waitForPack(session);
  if (headless) {
    console.log(
      hasDisplay
        ? 'Running headless (--headless): visiting each demo page.'
        : 'No display found (DISPLAY is not set): running headless and saving screenshots instead of opening a window.\n' +
            'For a window on a server, run: xvfb-run -a npm start (and view the screenshots), or run npm start on a desktop.',
    );
    await tour(session);
  } else {
    const page = session.context.pages()[0] ?? (await session.context.newPage());
    await page.goto(threadUrl(CONVERSATIONS[0]!.key));
    await interactive(session, page);
  }
} finally {
  await session.close().catch(() => undefined);
}
