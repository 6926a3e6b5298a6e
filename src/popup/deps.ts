// What the popup needs from the browser, passed in so tests can stand in for it.
import { browser } from 'wxt/browser';
import type { ErrorResponse, PopupToBackground, ResponseFor } from '../messaging/popup-protocol';

export type SendToBackground = <M extends PopupToBackground>(message: M) => Promise<ResponseFor<M['type']>>;

export interface PopupDeps {
  send: SendToBackground;
  /** Opens a URL in a new tab; `active: false` keeps the popup open for a second tab. */
  openTab: (url: string, active: boolean) => Promise<void>;
  openOptions: () => Promise<void>;
  clipboard: Pick<Clipboard, 'writeText'>;
  now: () => number;
  randomUUID: () => string;
  extensionVersion: string;
}

export async function sendToBackground<M extends PopupToBackground>(message: M): Promise<ResponseFor<M['type']>> {
  try {
    return (await browser.runtime.sendMessage(message)) as ResponseFor<M['type']>;
  } catch (error) {
    // The worker may be restarting; the popup says so rather than hanging.
    const failure: ErrorResponse = { ok: false, code: 'internal', error: error instanceof Error ? error.message : String(error) };
    return failure;
  }
}

export function browserPopupDeps(): PopupDeps {
  return {
    send: sendToBackground,
    openTab: async (url, active) => {
      await browser.tabs.create({ url, active });
    },
    openOptions: () => browser.runtime.openOptionsPage(),
    clipboard: navigator.clipboard,
    now: Date.now,
    randomUUID: () => crypto.randomUUID(),
    extensionVersion: browser.runtime.getManifest().version,
  };
}
