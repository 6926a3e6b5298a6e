// The settings a page needs, read from the record the background derives
// (src/background/content-settings.ts). Checked by hand, field by field: zod stays out of the
// content script, and a damaged field falls back to its default without taking the others.
import type { ContentSettings } from '../messaging/protocol';

export const DEFAULT_THRESHOLD: ContentSettings['threshold'] = 'medium';

export function parseContentSettings(raw: unknown): ContentSettings {
  const stored = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<Record<keyof ContentSettings, unknown>>;
  const threshold = stored.threshold;
  return {
    threshold: threshold === 'low' || threshold === 'medium' || threshold === 'high' ? threshold : DEFAULT_THRESHOLD,
    discreetMode: stored.discreetMode === true,
    notSuspicious: Array.isArray(stored.notSuspicious)
      ? stored.notSuspicious.filter((url): url is string => typeof url === 'string' && url.length <= 2048)
      : [],
  };
}
