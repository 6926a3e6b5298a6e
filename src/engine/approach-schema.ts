// Validation for approaches that arrive from outside the engine: the JSON lines `score` reads
// (content scripts send the background verdicts, not approaches). Bounds keep one bad input
// from costing more than a page's worth of work.
import { z } from 'zod';
import { MAX_SCORED_CHARS } from './compile';
import { SURFACES } from './types';

const shortText = (max: number) => z.string().max(max);
/** The engine reads no more of a message than this: a longer one is refused, not cut without a word. */
const messageText = z.string().max(MAX_SCORED_CHARS, `a message of more than ${MAX_SCORED_CHARS.toLocaleString('en')} characters (the engine reads no more; LinkedIn allows 8,000)`);

export const senderInputSchema = z
  .object({
    name: shortText(500).optional(),
    profileUrl: shortText(2000).optional(),
    headline: shortText(2000).optional(),
    company: shortText(500).optional(),
    location: shortText(500).optional(),
    connections: z.number().int().min(0).optional(),
    followers: z.number().int().min(0).optional(),
    hasPhoto: z.boolean().optional(),
    verified: z.boolean().optional(),
    /** Year and month the member joined, as "About this profile" gives them once read: YYYY-MM (a day may follow). */
    joined: z.string().regex(/^\d{4}-(?:0[1-9]|1[0-2])(?:-\d{2})?$/, 'expected YYYY-MM, the year and month the member joined').optional(),
  })
  .strict();

/** A null field in input means "not known": drop it rather than reject the record. */
const dropNulls = (v: unknown) =>
  v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== null))
    : v;

const sender = z.preprocess(dropNulls, senderInputSchema);

export const approachSchema = z
  .object({
    id: z.string().min(1).max(500),
    site: z.literal('linkedin'),
    surface: z.enum(SURFACES),
    sender,
    messages: z
      .array(
        z
          .object({
            text: messageText,
            at: z.string().max(100).optional(),
            fromSelf: z.boolean().optional(),
          })
          .strict(),
      )
      .max(10_000),
    platformWarning: z.boolean().optional(),
  })
  .strict();

/**
 * The CLI's short form: one text, a channel and the sender's fields. Other keys (a label kept
 * beside each text, say) are not read; the command names them once (SHORT_FORM_KEYS), so a
 * misspelt "chanel" is not dropped without a word.
 */
export const shortApproachSchema = z
  .object({
    // A number beyond 2^53 reads as another number: two ids could become one.
    id: z.union([z.string().min(1).max(500), z.number().refine(Number.isSafeInteger, 'a number id must be a whole number below 2^53 (or give it as a string)')]).transform(String),
    text: messageText,
    channel: z.enum(SURFACES).optional(),
    sender: sender.nullish(),
    platformWarning: z.boolean().optional(),
  })
  .loose();

/** The keys the short form reads. */
export const SHORT_FORM_KEYS: readonly string[] = Object.keys(shortApproachSchema.shape);
