// axe-core inside an extension page. The pages' CSP ("script-src 'self'") refuses inline script
// tags, so the library is evaluated through the DevTools protocol, which CSP does not govern.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, ImpactValue, Result } from 'axe-core';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: ImpactValue | null | undefined;
  help: string;
  nodes: string[];
}

export const summarise = (result: Result): AxeFinding => ({
  id: result.id,
  impact: result.impact,
  help: result.help,
  nodes: result.nodes.map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`.trim()),
});

/** axe's full results for the page as it is now (WCAG 2.x A/AA and best practices). */
export async function axeResults(page: Page): Promise<AxeResults> {
  const loaded = await page.evaluate(() => typeof (window as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  return (await page.evaluate(() =>
    (window as unknown as { axe: { run(context: Document, options: object): Promise<unknown> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    }),
  )) as AxeResults;
}

/** Every axe violation on the page as it is now, of any impact. */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  return (await axeResults(page)).violations.map(summarise);
}
