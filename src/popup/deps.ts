// What the popup needs from the browser, passed in so tests can stand in for it.
import { browser } from 'wxt/browser';
import type { ErrorResponse, PopupToBackground, ResponseFor } from '../messaging/popup-protocol';
import { SENDER_MESSAGES_TYPE, senderMessagesReply, type SenderMessage, type SenderMessagesRequest } from '../messaging/protocol';

export type SendToBackground = <M extends PopupToBackground>(message: M) => Promise<ResponseFor<M['type']>>;

export interface PopupDeps {
  send: SendToBackground;
  /** Opens a URL in a new tab; `active: false` keeps the popup open for a second tab. */
  openTab: (url: string, active: boolean) => Promise<void>;
  openOptions: () => Promise<void>;
  /** The sender's messages of an approach on the tab's page; undefined when the page cannot give them. */
  senderMessages: (tabId: number, approachId: string) => Promise<SenderMessage[] | undefined>;
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

/**
 * Asks the tab's LinkedIn page (its top frame, where the content script reads) for the sender's
 * messages. The reply comes from a script running inside a page, so it is checked like any
 * outside input; no page, no script (the tab moved on, the extension was updated) or a reply
 * that does not parse all mean "not available".
 */
export async function senderMessagesFromTab(tabId: number, approachId: string): Promise<SenderMessage[] | undefined> {
  const request: SenderMessagesRequest = { type: SENDER_MESSAGES_TYPE, approachId };
  try {
    const reply = senderMessagesReply.safeParse(await browser.tabs.sendMessage(tabId, request, { frameId: 0 }));
    return (reply.success && reply.data) || undefined;
  } catch {
    return undefined;
  }
}

export function browserPopupDeps(): PopupDeps {
  return {
    send: sendToBackground,
    openTab: async (url, active) => {
      await browser.tabs.create({ url, active });
    },
    openOptions: () => browser.runtime.openOptionsPage(),
    senderMessages: senderMessagesFromTab,
    clipboard: navigator.clipboard,
    now: Date.now,
    randomUUID: () => crypto.randomUUID(),
    extensionVersion: browser.runtime.getManifest().version,
  };
}
