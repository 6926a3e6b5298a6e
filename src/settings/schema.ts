// User settings (issue: "Settings"). Each key has its own schema so one bad stored value
// falls back to its default without taking the others with it.
import { z } from 'zod';
import { LEVELS, SURFACES, type Surface } from '../engine/types';
import { emailAddressSchema, endpointUrlSchema } from '../report/schema';

/** Levels a user may pick as the in-page warning threshold; "none" would warn on everything. */
export const THRESHOLDS = ['low', 'medium', 'high'] as const;
export type Threshold = (typeof THRESHOLDS)[number];

export const settingSchemas = {
  securityTeamName: z.string().trim().max(100),
  /** Free text: an address, a phone number or an intranet page. */
  securityTeamContact: z.string().trim().max(300),
  webhookUrl: endpointUrlSchema.nullable(),
  reportEmail: emailAddressSchema.nullable(),
  clipboardEnabled: z.boolean(),
  threshold: z.enum(THRESHOLDS),
  /** Badge and popup only: no in-page warning. */
  discreetMode: z.boolean(),
} as const;

export type SettingKey = keyof typeof settingSchemas;
export type Settings = { [K in SettingKey]: z.output<(typeof settingSchemas)[K]> };

export const SETTING_KEYS = Object.keys(settingSchemas) as SettingKey[];

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  securityTeamName: '',
  securityTeamContact: '',
  webhookUrl: null,
  reportEmail: null,
  clipboardEnabled: true,
  threshold: 'medium',
  discreetMode: false,
});

export const notSuspiciousEntrySchema = z.object({
  /** Normalised with `normaliseProfileUrl`. */
  profileUrl: z.url({ protocol: /^https$/ }).max(2048),
  name: z.string().max(200).optional(),
  addedAt: z.iso.datetime(),
});
export type NotSuspiciousEntry = z.infer<typeof notSuspiciousEntrySchema>;

export const historyEntrySchema = z.object({
  // As long as the address it comes from: a percent-encoded non-Latin id runs past 300.
  profileId: z.string().min(1).max(2048),
  profileUrl: z.url({ protocol: /^https$/ }).max(2048),
  name: z.string().max(200).optional(),
  firstSeen: z.iso.datetime(),
  lastSeen: z.iso.datetime(),
  highestLevel: z.enum(LEVELS),
  /**
   * Where they wrote from or were read (message, InMail, invitation, profile, job advert), each
   * once, in the order first seen. Kept for the list of every sender read (seen-senders.ts);
   * absent in entries from before it was kept. A place this build does not know (written by a
   * newer one) is passed over rather than the entry lost.
   */
  surfaces: z
    .array(z.string().max(40))
    .max(20)
    .transform((list) => {
      const known = [...new Set(list.filter((s): s is Surface => (SURFACES as readonly string[]).includes(s)))];
      return known.length > 0 ? known : undefined;
    })
    .optional(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;
