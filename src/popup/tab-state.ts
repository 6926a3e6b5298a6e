// The current tab's verdicts as the background left them in storage.session. Re-validated
// here: an approach that does not parse is skipped, never shown half-read.
import { z } from 'zod';
import { browser } from 'wxt/browser';
import { approachSummarySchema, tabStateKey, type ApproachSummary, type TabState } from '../messaging/protocol';

export interface ActiveTab {
  id: number;
  url?: string;
}

export interface SessionArea {
  get(keys: string): Promise<Record<string, unknown>>;
}

const frameSchema = z.object({
  pageUrl: z.string().max(4000),
  updatedAt: z.number(),
  approaches: z.array(z.unknown()).max(1000),
});

export async function readActiveTab(): Promise<ActiveTab | undefined> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  if (!tab || typeof tab.id !== 'number' || tab.id < 0) return undefined;
  return tab.url ? { id: tab.id, url: tab.url } : { id: tab.id };
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
