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

/** What the background answers to a content-script message it accepted or refused. */
export type ContentMessageReply = { ok: true } | { ok: false; error: string };
