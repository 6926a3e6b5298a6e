// What the options page needs from the browser, passed in so tests can stand in for it.
import { browser } from 'wxt/browser';
import type { DoneResponse, PopupToBackground } from '../messaging/popup-protocol';

export interface OptionsDeps {
  now: () => number;
  createObjectURL: (blob: Blob) => string;
  revokeObjectURL: (url: string) => void;
  /** Deletes the flagged-sender history and the senders read; rejects with the reason when it cannot. */
  clearHistory: () => Promise<void>;
}

export function browserOptionsDeps(): OptionsDeps {
  return {
    now: Date.now,
    createObjectURL: (blob) => URL.createObjectURL(blob),
    revokeObjectURL: (url) => URL.revokeObjectURL(url),
    // The background clears, so that a sighting it is recording cannot write the lists back.
    clearHistory: async () => {
      const message: PopupToBackground = { type: 'popup→background:clear-history' };
      const answer = (await browser.runtime.sendMessage(message)) as DoneResponse | undefined;
      if (!answer?.ok) throw new Error(answer?.error ?? 'The extension did not answer.');
    },
  };
}
