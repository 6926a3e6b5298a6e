// Validation for approaches that arrive from outside the engine: JSON lines given to the CLI,
// and messages from content scripts to the background. Bounds keep one bad input from
// costing more than a page's worth of work.
import { z } from 'zod';
import { SURFACES } from './types';

const shortText = (max: number) => z.string().max(max);

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
    joined: shortText(40).optional(),
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
            text: z.string().max(1_048_576),
            at: z.string().max(100).optional(),
            fromSelf: z.boolean().optional(),
          })
          .strict(),
      )
      .max(10_000),
    platformWarning: z.boolean().optional(),
  })
  .strict();

/** The CLI's short form: one text, a channel and the sender's main fields. */
export const shortApproachSchema = z
  .object({
    id: z.union([z.string().min(1).max(500), z.number()]).transform(String),
    text: z.string().max(1_048_576),
    channel: z.enum(SURFACES).optional(),
    sender: sender.nullish(),
  })
  .loose();
