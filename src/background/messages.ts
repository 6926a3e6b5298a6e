// Messages the content script sends besides the verdicts (src/messaging/protocol.ts), with
// the same rules: direction in the name, validated by the background, types only in the page.
import { z } from 'zod';

/** content → background: the user pressed "Not suspicious" on a warning for this sender. */
export const contentToBackgroundNotSuspicious = z
  .object({
    type: z.literal('content→background:not-suspicious'),
    profileUrl: z.string().min(1).max(2000),
    name: z.string().max(500).optional(),
  })
  .strict();

export type NotSuspiciousMessage = z.infer<typeof contentToBackgroundNotSuspicious>;

/**
 * Why a "Not suspicious" mark was refused, where trying again would not help: `list-full`, the
 * list holds all it may and a mark from a page does not push older ones out; `tab-limit`, the
 * tab has sent as many marks as one tab may. Both leave the popup's "Not suspicious" open, which
 * the warning's one line for any refusal points to (it does not read the reason: the content
 * script has no room for more words).
 */
export type NotSuspiciousRefusal = 'list-full' | 'tab-limit';

/** What the background answers to a content-script message it accepted or refused. */
export type ContentMessageReply = { ok: true } | { ok: false; error: string; reason?: NotSuspiciousRefusal };
