// The tab's memory with and without the extension: the same captured messaging page, once at
// https://www.linkedin.com (the content script runs) and once at another origin (it does not),
// in the same browser. Figures are printed, not asserted: the machine is shared and noisy.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, ROOT, tabState, waitFor, waitForPack, type Session } from './harness';

const FIXTURE = readFileSync(join(ROOT, 'tests/fixtures/linkedin/linkedin-messaging.html'), 'utf8');
const THREAD = '/messaging/thread/2-MDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAxXzAxMg==/';

let session: Session;

beforeAll(async () => {
  session = await launch();
  await waitForPack(session);
});

afterAll(async () => {
  await session?.close();
});

/** JS heap in use by the tab's renderer after a full garbage collection, in MB. */
async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
  await cdp.detach();
  return metrics.find((m) => m.name === 'JSHeapUsedSize')!.value / 1024 / 1024;
}

describe('memory', () => {
  it('measures the JS heap of a LinkedIn messaging tab with and without the extension at work', async () => {
    // Without: the same page at an origin the extension has no access to.
    const control = await session.context.newPage();
    await control.route('https://control.invalid/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: FIXTURE }));
    await control.goto(`https://control.invalid${THREAD}`);
    await control.waitForTimeout(1500);
    const without = await heapMb(control);

    session.site.useFixture('linkedin-messaging.html', `https://www.linkedin.com${THREAD}`);
    const page = await session.context.newPage();
    await page.goto(`https://www.linkedin.com${THREAD}`);
    const state = await waitFor(() => tabState(session, page), (s) => (s?.approaches.length ?? 0) > 0, 10_000, 'the page to be read');
    await page.waitForTimeout(500);
    const withExtension = await heapMb(page);

    expect(state?.approaches.length).toBeGreaterThan(0);
    console.log(
      [
        'Approach Guard tab memory, Debian Chromium (figures, not assertions):',
        `  captured messaging page without the extension: ${without.toFixed(2)} MB JS heap`,
        `  the same page with the extension reading it:   ${withExtension.toFixed(2)} MB JS heap (+${(withExtension - without).toFixed(2)} MB)`,
      ].join('\n'),
    );
  });
});
