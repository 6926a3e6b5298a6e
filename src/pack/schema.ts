// The rule pack: one schema for the YAML sources, the canonical JSON the build writes, and
// the packs security teams publish. The engine imports only the inferred types, so zod never
// reaches the content script.
import { z } from 'zod';
import { INDICATOR_IDS, SURFACES } from '../engine/types';

export const PACK_FORMAT = 1;

const id = z
  .string()
  .regex(/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/, 'ids are lower-case words joined by "." or "-"')
  .max(80);
const text = z.string().trim().min(1).max(2000);
const phrase = z.string().trim().min(1).max(400);
const phraseList = z.array(phrase).min(1).max(5000);

export const indicatorId = z.enum(INDICATOR_IDS);
export const surface = z.enum(SURFACES);
export const level = z.enum(['none', 'low', 'medium', 'high']);

const negation = z.union([z.boolean(), z.object({ window: z.number().int().min(1).max(10) }).strict()]);

/** Where phrase matchers look: the sender's messages (default) or sender fields. */
export const source = z.enum(['messages', 'name', 'headline', 'company']);

const phrasesMatcher = z
  .object({
    phrases: phraseList,
    in: z.array(source).min(1).optional(),
  })
  .strict();

const nearMatcher = z
  .object({
    near: z
      .object({
        a: phraseList,
        b: phraseList,
        within: z.number().int().min(1).max(30),
        ordered: z.boolean().optional(),
      })
      .strict(),
    in: z.array(source).min(1).optional(),
  })
  .strict();

const regexMatcher = z
  .object({
    regex: z.string().min(1).max(400),
    /** What the expression runs on; each unit is short, so no expression sees a whole page. */
    scope: z.enum(['token', 'url', 'host', 'email']),
    /** A unit that also matches this expression is not a hit (e.g. the real linkedin.com). */
    unless: z.string().min(1).max(400).optional(),
  })
  .strict();

const profileMatcher = z
  .object({
    profile: z
      .object({
        connectionsBelow: z.number().int().min(1).optional(),
        followersBelow: z.number().int().min(1).optional(),
        hasPhoto: z.boolean().optional(),
        verified: z.boolean().optional(),
        joinedWithinMonths: z.number().int().min(1).max(120).optional(),
        companyMissing: z.boolean().optional(),
        platformWarning: z.boolean().optional(),
      })
      .strict()
      .refine((p) => Object.keys(p).length > 0, 'a profile matcher needs at least one condition'),
  })
  .strict();

const entityMatcher = z
  .object({
    entity: z.enum(['profile-url', 'name', 'name-with-organisation', 'organisation']),
  })
  .strict();

const heuristicMatcher = z
  .object({
    heuristic: z.enum(['broken-english']),
    minSignals: z.number().int().min(1).max(10).optional(),
  })
  .strict();

export const matcher = z.union([
  phrasesMatcher,
  nearMatcher,
  regexMatcher,
  profileMatcher,
  entityMatcher,
  heuristicMatcher,
]);

export const senderSchema = z
  .object({
    name: z.string().max(500).optional(),
    profileUrl: z.string().max(2000).optional(),
    headline: z.string().max(2000).optional(),
    company: z.string().max(500).optional(),
    location: z.string().max(500).optional(),
    connections: z.number().int().min(0).optional(),
    followers: z.number().int().min(0).optional(),
    hasPhoto: z.boolean().optional(),
    verified: z.boolean().optional(),
    joined: z.string().max(40).optional(),
  })
  .strict();

export const exampleSchema = z.union([
  z.string().min(1).max(4000),
  z
    .object({
      text: z.string().max(4000).optional(),
      sender: senderSchema.optional(),
      surface: surface.optional(),
      platformWarning: z.boolean().optional(),
    })
    .strict(),
]);

const ruleExamples = z
  .object({
    match: z.array(exampleSchema).min(2),
    no_match: z.array(exampleSchema).min(2),
  })
  .strict();

const ruleObject = z
  .object({
    id,
    indicator: indicatorId,
    weight: z.number().int().min(0).max(100),
    /** Overrides the indicator's `weak` for this rule: a weak cue alone never reaches medium. */
    weak: z.boolean().optional(),
    status: z.enum(['stable', 'experimental']),
    description: text,
    advice: text,
    references: z.array(z.string().min(1).max(300)).min(1),
    any: z.array(matcher).min(1).optional(),
    all: z.array(matcher).min(1).optional(),
    negation: negation.optional(),
    surfaces: z.array(surface).min(1).optional(),
    examples: ruleExamples,
  })
  .strict();

const hasMatchers = (r: { any?: unknown; all?: unknown }): boolean => Boolean(r.any || r.all);
const NEEDS_MATCHERS = 'a rule needs "any" or "all" matchers';

export const ruleSchema = ruleObject.refine(hasMatchers, NEEDS_MATCHERS);

/**
 * A rule of the baseline as the extension bundles it: without its examples, which `pack build`
 * and the tests run and the extension never does (it runs an organisation pack's own only).
 * The build leaves them out (wxt.config.ts, `bundledBaseline`); see `loadBundledPack`.
 */
export const bundledRuleSchema = ruleObject.extend({ examples: ruleExamples.optional() }).refine(hasMatchers, NEEDS_MATCHERS);

export const entitySchema = z
  .object({
    id,
    name: z.string().trim().min(2).max(200),
    type: z.enum(['persona', 'organisation']),
    aliases: z.array(z.string().trim().min(2).max(200)).optional(),
    /** For personas: the organisations they claimed; a name with one of these is a strong match. */
    organisations: z.array(z.string().trim().min(2).max(200)).optional(),
    profileUrls: z.array(z.string().url().max(500)).optional(),
    /** Short or generic names are matched only in sender fields, never in message text. */
    matchInText: z.boolean().optional(),
    claimedRole: z.string().max(500).optional(),
    flaggedBy: z.string().min(1).max(500),
    /** A URL of the public source, or a citation. */
    source: z.string().min(1).max(1000),
    confidence: z.string().min(1).max(200),
    notes: z.string().max(2000).optional(),
  })
  .strict();

export const indicatorConfigSchema = z
  .object({
    title: text,
    summary: text,
    /** Most an indicator adds to the score, however many of its rules fire. */
    cap: z.number().int().min(0).max(100),
    /** A weak cue alone never reaches the medium level. */
    weak: z.boolean().optional(),
    /** An amplifier adds to the score only when a cue of another indicator also fired. */
    amplifier: z.boolean().optional(),
  })
  .strict();

export const combinationSchema = z
  .object({
    id,
    /** Both must fire; "*" stands for any other indicator that is not an amplifier. */
    when: z.tuple([indicatorId, z.union([indicatorId, z.literal('*')])]),
    bonus: z.number().int().min(1).max(50),
    /** Least the first indicator must contribute for the bonus (so a weak form of it does not count). */
    min: z.number().int().min(1).max(100).optional(),
    description: text,
  })
  .strict();

export const selectorOverridesSchema = z.record(
  z.string().regex(/^[a-z][a-zA-Z0-9.-]*$/),
  z.array(z.string().min(1).max(500)).min(1).max(20),
);

/** The room for an organisation pack's "<id>@<version>" beside the baseline's version in a report's 128 characters. */
export const PACK_NAME_MAX = 110;

export const packMetaSchema = z
  .object({
    format: z.literal(PACK_FORMAT),
    id,
    name: text,
    /** Dotted numbers, compared numerically; a new pack must have a higher version. */
    version: z.string().regex(/^\d+(?:\.\d+){0,3}$/, 'version must be dotted numbers such as 2026.11.23'),
    publisher: text,
    published: z.iso.date(),
    expires: z.iso.date().optional(),
    homepage: z.string().url().optional(),
  })
  .strict();

const thresholds = z
  .object({
    low: z.number().int().min(1).max(100),
    medium: z.number().int().min(1).max(100),
    high: z.number().int().min(1).max(100),
  })
  .strict()
  .refine((t) => t.low < t.medium && t.medium < t.high, 'thresholds must rise: low < medium < high');

/** A complete pack (the baseline, or an organisation's own). Rules are checked one by one
 *  by the loader so that one broken rule cannot take the others down with it. */
export const packSchema = packMetaSchema.extend({
  thresholds: thresholds.optional(),
  indicators: z.partialRecord(indicatorId, indicatorConfigSchema).optional(),
  combinations: z.array(combinationSchema).optional(),
  rules: z.array(z.unknown()).max(20_000),
  entities: z.array(z.unknown()).max(100_000).optional(),
  selectors: selectorOverridesSchema.optional(),
  /** Baseline rules an organisation pack switches off, by id. */
  disable: z.array(id).optional(),
  /** Baseline rules an organisation pack re-weights, by id. */
  reweight: z.record(id, z.number().int().min(0).max(100)).optional(),
}).refine((pack) => pack.id.length + pack.version.length < PACK_NAME_MAX, {
  // "<id>@<version>" names the pack in force, after the baseline's version, in every verdict and
  // report (a report allows 128 characters for it).
  path: ['version'],
  message: `the pack's id and version together must be shorter than ${PACK_NAME_MAX} characters: they name the pack in force in every report`,
});

export type Matcher = z.infer<typeof matcher>;
export type Rule = z.infer<typeof ruleSchema>;
export type Entity = z.infer<typeof entitySchema>;
export type IndicatorConfig = z.infer<typeof indicatorConfigSchema>;
export type Combination = z.infer<typeof combinationSchema>;
export type Example = z.infer<typeof exampleSchema>;
export type PackMeta = z.infer<typeof packMetaSchema>;
export type Thresholds = z.infer<typeof thresholds>;
export type MatcherSource = z.infer<typeof source>;

/** A pack whose rules and entities have each been validated. */
export type RulePack = Omit<z.infer<typeof packSchema>, 'rules' | 'entities'> & {
  rules: Rule[];
  entities?: Entity[];
};
