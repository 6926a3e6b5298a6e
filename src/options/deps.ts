// What the options page needs from the browser, passed in so tests can stand in for it.
import { browser } from 'wxt/browser';
import type { DoneResponse, PopupToBackground } from '../messaging/popup-protocol';

export interface OptionsDeps {
  now: () => number;
  createObjectURL: (blob: Blob) => string;
  revokeObjectURL: (url: string) => void;
  /** Deletes the flagged-sender history and the senders read; rejects with the reason when it cannot. */
  clearHistory: () => Promise<void>;
  /** Takes a sender's "Not suspicious" mark away; rejects with the reason when it cannot. */
  unmarkNotSuspicious: (profileUrl: string) => Promise<void>;
  /** Has the background check the organisation's pack address now; rejects with the reason when it cannot. */
  checkPackUpdate: () => Promise<void>;
}

/** A message to the background that answers done or not, and why. */
async function ask(message: PopupToBackground): Promise<void> {
  const answer = (await browser.runtime.sendMessage(message)) as DoneResponse | undefined;
  if (!answer?.ok) throw new Error(answer?.error ?? 'The extension did not answer.');
}

export function browserOptionsDeps(): OptionsDeps {
  return {
    now: Date.now,
    createObjectURL: (blob) => URL.createObjectURL(blob),
    revokeObjectURL: (url) => URL.revokeObjectURL(url),
    // The background clears, so that a sighting it is recording cannot write the lists back.
    clearHistory: () => ask({ type: 'popup→background:clear-history' }),
    // And keeps the Not-suspicious list, so that two pages' changes cannot write over each other.
    unmarkNotSuspicious: (profileUrl) => ask({ type: 'popup→background:not-suspicious', profileUrl, marked: false }),
    // The outcome is stored, and the page shows it as it changes.
    checkPackUpdate: () => ask({ type: 'popup→background:check-pack-update' }),
  };
}
