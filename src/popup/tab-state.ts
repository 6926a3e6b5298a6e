// The current tab's verdicts as the background left them in storage.session. Re-validated
// here: an approach that does not parse is skipped, never shown half-read.
import { z } from 'zod';
import { browser } from 'wxt/browser';
import { approachSummarySchema, tabStateKey, type ApproachSummary, type TabState } from '../messaging/protocol';

export interface ActiveTab {
  id: number;
  url?: string;
  /** Still loading: its content script, if any, has not reported yet. */
  loading?: boolean;
}

export interface SessionArea {
  get(keys: string): Promise<Record<string, unknown>>;
}

const frameSchema = z.object({
  pageUrl: z.string().max(4000),
  updatedAt: z.number(),
  approaches: z.array(z.unknown()).max(1000),
});

const toActiveTab = (tab: { id?: number | undefined; url?: string | undefined; status?: string | undefined } | undefined): ActiveTab | undefined => {
  if (!tab || typeof tab.id !== 'number' || tab.id < 0) return undefined;
  const active: ActiveTab = { id: tab.id };
  if (tab.url) active.url = tab.url;
  if (tab.status === 'loading') active.loading = true;
  return active;
};

/**
 * The tab `popup.html?tab=<id>` names, when that tab exists. The popup reads the active tab of
 * its window, and a popup.html opened as a page of its own (the end-to-end tests, a user who
 * keeps it in a tab) is itself that tab. The query only selects which tab's verdicts to show,
 * which the popup can read for any tab anyway; the page is not web-accessible, so no website can
 * open it, and an id that names no tab is ignored.
 */
async function namedTab(search: string): Promise<ActiveTab | undefined> {
  const raw = new URLSearchParams(search).get('tab');
  if (raw === null || !/^\d{1,10}$/.test(raw)) return undefined;
  try {
    return toActiveTab(await browser.tabs.get(Number(raw)));
  } catch {
    return undefined;
  }
}

export async function readActiveTab(search: string = globalThis.location?.search ?? ''): Promise<ActiveTab | undefined> {
  const named = await namedTab(search);
  if (named) return named;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return toActiveTab(tab);
}

export async function readTabState(
  tabId: number,
  area: SessionArea = browser.storage.session,
): Promise<TabState | undefined> {
  const key = tabStateKey(tabId);
  const frame = frameSchema.safeParse((await area.get(key))[key]);
  if (!frame.success) return undefined;
  const approaches: ApproachSummary[] = [];
  for (const raw of frame.data.approaches) {
    const parsed = approachSummarySchema.safeParse(raw);
    if (parsed.success) approaches.push(parsed.data);
  }
  return { pageUrl: frame.data.pageUrl, updatedAt: frame.data.updatedAt, approaches };
}
