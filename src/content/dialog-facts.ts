// What LinkedIn's "About this profile" dialog shows (when the account was created, what the
// member verified) is in the DOM only while the dialog is open, yet it stays true for as long
// as the page lives. Remembered per profile approach, so closing the dialog neither drops a
// new-account cue nor lowers the level it raised. A page's life sees few profiles: no cap.
import type { Sender } from '../engine/types';
import type { Extracted } from './tracker';

interface Facts {
  joined?: string;
  verifications?: string[];
}

export class DialogFacts {
  readonly #byId = new Map<string, Facts>();

  /** Learns from profiles read with the dialog open and fills the facts back in after it closed. */
  apply(items: Extracted[]): void {
    items.forEach((item, i) => {
      const { approach, meta } = item.extracted;
      if (approach.surface !== 'profile') return;
      const facts = { ...this.#byId.get(approach.id) };
      if (meta.aboutThisProfile) {
        if (approach.sender.joined) facts.joined = approach.sender.joined;
        if (meta.verifications?.length) facts.verifications = meta.verifications;
        this.#byId.set(approach.id, facts);
      }
      // Only what the page no longer shows is filled in.
      const joined = !approach.sender.joined && facts.joined;
      const verifications = !meta.verifications?.length && facts.verifications;
      if (!joined && !verifications) return;
      const sender: Sender = { ...approach.sender };
      const more = { ...meta };
      if (joined) sender.joined = joined;
      if (verifications) {
        sender.verified = true;
        more.verifications = verifications;
      }
      items[i] = { ...item, extracted: { ...item.extracted, approach: { ...approach, sender }, meta: more } };
    });
  }
}
