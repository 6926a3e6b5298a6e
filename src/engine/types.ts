// The shapes every part of Approach Guard shares (DESIGN.md, "The Approach and the Verdict").
// Plain data only: approaches cross the content-script/background boundary and the CLI.

export const INDICATOR_IDS = [
  'unsolicited_job_offer',
  'paid_consultancy_or_reports',
  'funded_trip',
  'crypto_payment',
  'flattery',
  'urgency_pressure',
  'broken_english',
  'elicitation_nonpublic_info',
  'off_platform_move',
  'secrecy_request',
  'known_flagged_entity',
  'profile_anomaly',
  'suspicious_link',
] as const;
export type IndicatorId = (typeof INDICATOR_IDS)[number];

export const SURFACES = ['message', 'inmail', 'invitation', 'profile', 'job_ad'] as const;
export type Surface = (typeof SURFACES)[number];

export const LEVELS = ['none', 'low', 'medium', 'high'] as const;
export type Level = (typeof LEVELS)[number];

export interface Sender {
  name?: string;
  profileUrl?: string;
  headline?: string;
  company?: string;
  location?: string;
  /** As LinkedIn shows it: a number, or "500+" read as 500. */
  connections?: number;
  followers?: number;
  hasPhoto?: boolean;
  verified?: boolean;
  /** From "About this profile": "Joined May 2025", kept as an ISO month (`2025-05`) or date. */
  joined?: string;
}

export interface ApproachMessage {
  text: string;
  at?: string;
  /** The user's own message: never scored, kept only so indices match the thread. */
  fromSelf?: boolean;
}

export interface Approach {
  /** Stable: thread URN, invitation id, profile id. */
  id: string;
  site: 'linkedin';
  surface: Surface;
  sender: Sender;
  /** Oldest first. */
  messages: ApproachMessage[];
  /** LinkedIn's own "This message may contain unwanted or harmful content" label. */
  platformWarning?: boolean;
}

/** Where a cue was found. `message` indexes `Approach.messages`; -1 means a sender field. */
export interface Evidence {
  message: number;
  start: number;
  end: number;
  quote: string;
  /** Set for sender-field evidence: which field the offsets point into. */
  field?: 'name' | 'headline' | 'company' | 'profileUrl' | 'profile';
}

export interface Hit {
  rule: string;
  indicator: IndicatorId;
  weight: number;
  evidence: Evidence[];
  /** Experimental rules are reported but add nothing to the score (DESIGN: "count but do not warn"). */
  experimental?: boolean;
  /** For known-entity hits: which listed persona or organisation matched, and who flagged it. */
  entity?: { id: string; name: string; type: 'persona' | 'organisation'; flaggedBy: string; source: string; confidence: string };
}

export interface Verdict {
  score: number;
  level: Level;
  hits: Hit[];
  packVersion: string;
}

export const levelRank = (level: Level): number => LEVELS.indexOf(level);
export const isFlagged = (level: Level): boolean => levelRank(level) >= levelRank('medium');
