// What the page tells the background about each approach: the verdict and the sender's
// fields, capped to the limits the background enforces (src/messaging/protocol.ts). The
// sender's messages stay in the page: the popup asks for them when the user opens a report.
import type { Hit, Verdict } from '../engine/types';
import type { ApproachSummary, SenderMessage } from '../messaging/protocol';
import { MAX_APPROACHES_PER_TAB, MAX_EXCERPT_CHARS, MAX_SENDER_MESSAGES } from './protocol-values';
import type { TrackedApproach } from './tracker';

const MAX_HITS = 100;
const MAX_EVIDENCE = 10;

const cap = (text: string, max: number): string => (text.length > max ? text.slice(0, max) : text);

function senderOf(tracked: TrackedApproach): ApproachSummary['sender'] {
  const s = tracked.extracted.approach.sender;
  const out: ApproachSummary['sender'] = {};
  if (s.name) out.name = cap(s.name, 500);
  if (s.profileUrl && s.profileUrl.length <= 2000) out.profileUrl = s.profileUrl;
  if (s.headline) out.headline = cap(s.headline, 2000);
  if (s.company) out.company = cap(s.company, 500);
  if (s.hasPhoto !== undefined) out.hasPhoto = s.hasPhoto;
  if (s.verified !== undefined) out.verified = s.verified;
  if (s.connections !== undefined && Number.isSafeInteger(s.connections) && s.connections >= 0) out.connections = s.connections;
  if (s.joined && s.joined.length <= 40) out.joined = s.joined;
  // Checked by the adapter (src/messaging/photo-url.ts) and again by the background.
  if (tracked.extracted.meta.photoUrl) out.photoUrl = tracked.extracted.meta.photoUrl;
  return out;
}

function hitOf(hit: Hit): ApproachSummary['verdict']['hits'][number] {
  const out: ApproachSummary['verdict']['hits'][number] = {
    rule: cap(hit.rule, 100),
    indicator: hit.indicator,
    weight: Math.max(0, Math.min(100, Math.round(hit.weight))),
    evidence: hit.evidence.slice(0, MAX_EVIDENCE).map((e) => {
      const ev: ApproachSummary['verdict']['hits'][number]['evidence'][number] = {
        message: Math.max(-1, Math.min(10_000, e.message)),
        start: Math.max(0, e.start),
        end: Math.max(0, e.end),
        quote: cap(e.quote, 300),
      };
      if (e.field) ev.field = e.field;
      return ev;
    }),
  };
  if (hit.experimental) out.experimental = true;
  if (hit.entity) {
    out.entity = {
      id: cap(hit.entity.id, 100),
      name: cap(hit.entity.name, 200),
      type: hit.entity.type,
      flaggedBy: cap(hit.entity.flaggedBy, 500),
      source: cap(hit.entity.source, 1000),
      confidence: cap(hit.entity.confidence, 200),
    };
  }
  return out;
}

function verdictOf(verdict: Verdict): ApproachSummary['verdict'] {
  return {
    score: Math.max(0, Math.min(100, Math.round(verdict.score))),
    level: verdict.level,
    hits: verdict.hits.slice(0, MAX_HITS).map(hitOf),
    packVersion: cap(verdict.packVersion, 200),
  };
}

export function toSummary(tracked: TrackedApproach): ApproachSummary {
  const { approach } = tracked.extracted;
  const summary: ApproachSummary = {
    approachId: cap(approach.id, 500),
    surface: approach.surface,
    sender: senderOf(tracked),
    verdict: verdictOf(tracked.verdict),
  };
  if (approach.platformWarning !== undefined) summary.platformWarning = approach.platformWarning;
  return summary;
}

/**
 * The sender's messages (never the user's own), each with its index in the thread, for a report's
 * excerpts: the latest 50, and only for an approach that scored something to report.
 */
export function senderMessages(tracked: TrackedApproach): SenderMessage[] {
  const out: SenderMessage[] = [];
  if (tracked.verdict.level === 'none') return out;
  tracked.extracted.approach.messages.forEach((m, index) => {
    if (m.fromSelf || !m.text) return;
    const message: SenderMessage = { index, text: cap(m.text, MAX_EXCERPT_CHARS) };
    if (m.at && m.at.length <= 100) message.at = m.at;
    out.push(message);
  });
  return out.slice(-MAX_SENDER_MESSAGES);
}

// A summary depends only on the approach (its revision) and its verdict, both kept by the tracker
// for unchanged approaches, so it is built once per change rather than once per scan.
const summaries = new WeakMap<object, { revision: number; photo: string | undefined; summary: ApproachSummary }>();

function summaryOf(tracked: TrackedApproach): ApproachSummary {
  const known = summaries.get(tracked.verdict);
  const photo = tracked.extracted.meta.photoUrl;
  if (known && known.revision === tracked.revision && known.photo === photo) return known.summary;
  const summary = toSummary(tracked);
  summaries.set(tracked.verdict, { revision: tracked.revision, photo, summary });
  return summary;
}

/** The page's approaches, riskiest first when there are more than the background keeps. */
export function toSummaries(tracked: readonly TrackedApproach[]): ApproachSummary[] {
  const list = tracked.length > MAX_APPROACHES_PER_TAB
    ? [...tracked].sort((a, b) => b.verdict.score - a.verdict.score).slice(0, MAX_APPROACHES_PER_TAB)
    : tracked;
  return list.map(summaryOf);
}
