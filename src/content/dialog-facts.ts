// What LinkedIn's "About this profile" dialog shows (when the account was created, what the
// member verified) is in the DOM only while the dialog is open, yet it stays true for as long
// as the page lives. Remembered per profile approach, so closing the dialog neither drops a
// new-account cue nor lowers the level it raised.
import type { ExtractedApproach } from '../sites/types';
import { approachHash, type Extracted } from './tracker';

interface Facts {
  joined?: string;
  verifications?: string[];
}

/** Profiles read in one page's life are few; the cap only bounds a pathological session. */
const MAX_PROFILES = 500;

export class DialogFacts {
  private readonly byId = new Map<string, Facts>();

  /** Learns from profiles read with the dialog open and fills the facts back in after it closed. */
  apply(items: Extracted[]): void {
    items.forEach((item, i) => {
      const { approach, meta } = item.extracted;
      if (approach.surface !== 'profile') return;
      let facts = this.byId.get(approach.id) ?? {};
      if (meta.aboutThisProfile) {
        facts = { ...facts };
        if (approach.sender.joined) facts.joined = approach.sender.joined;
        if (meta.verifications?.length) facts.verifications = meta.verifications;
        if (!this.byId.has(approach.id) && this.byId.size >= MAX_PROFILES) this.byId.clear();
        this.byId.set(approach.id, facts);
      }
      const extracted = withFacts(item.extracted, facts);
      if (extracted !== item.extracted) items[i] = { ...item, extracted, hash: approachHash(extracted.approach) };
    });
  }
}

/** The approach with what the dialog showed earlier, where the page no longer shows it. */
function withFacts(extracted: ExtractedApproach, facts: Facts): ExtractedApproach {
  const { approach, meta } = extracted;
  const joined = !approach.sender.joined && facts.joined;
  const verifications = !meta.verifications?.length && facts.verifications;
  if (!joined && !verifications) return extracted;
  const sender = { ...approach.sender };
  const more = { ...meta };
  if (joined) sender.joined = joined;
  if (verifications) {
    sender.verified = true;
    more.verifications = verifications;
  }
  return { ...extracted, approach: { ...approach, sender }, meta: more };
}
