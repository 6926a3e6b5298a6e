// Starts Approach Guard on a LinkedIn page: waits for the active pack, compiles it once,
// follows settings and pack changes, and runs the page controller until the content script's
// context is invalidated (extension update, reload or uninstall).
import { browser } from 'wxt/browser';
import type { NotSuspiciousMessage } from '../background/messages';
import type { ContentSettings, SenderMessagesReply, SenderMessagesRequest, VerdictsMessage } from '../messaging/protocol';
import { ACTIVE_PACK_KEY, CONTENT_SETTINGS_KEY, SENDER_MESSAGES_TYPE } from './protocol-values';
import { linkedinAdapters } from '../sites/linkedin';
import { asActivePack, compileActivePack, type CompiledPack } from './pack';
import { PageController, type Lifetime } from './page-controller';
import { parseContentSettings } from './settings';

/** storage.local key: when true, content scripts emit performance.measure() entries. */
export const PERF_MARKS_KEY = 'debugPerfMarks';

interface StorageChange {
  newValue?: unknown;
}

export interface ContentStartOptions {
  doc?: Document;
  /**
   * Say in the console, once per surface, when a page's selectors stop matching, and which pack
   * selectors were not used. On by default, in every build: a redesign must not go unnoticed.
   */
  logMissing?: boolean;
}

export async function startContentScript(lifetime: Lifetime, options: ContentStartOptions = {}): Promise<PageController | undefined> {
  const doc = options.doc ?? document;
  const local = browser.storage.local;
  // Assigned once the pack is read; the storage listener below is registered before that.
  // eslint-disable-next-line prefer-const
  let controller: PageController | undefined;
  let packWaiter: ((record: unknown) => void) | undefined;
  let settings: ContentSettings = parseContentSettings(undefined);
  // A change that arrives while the first read is in flight is newer than that read.
  let settingsChanged = false;
  let packChanged: { value: unknown } | undefined;

  // Listen before reading, so a change between the read and the listener is not lost.
  const onChanged = (changes: Record<string, StorageChange>, area: string) => {
    if (area !== 'local') return;
    if (CONTENT_SETTINGS_KEY in changes) {
      settingsChanged = true;
      settings = parseContentSettings(changes[CONTENT_SETTINGS_KEY]!.newValue);
      controller?.setSettings(settings);
    }
    if (ACTIVE_PACK_KEY in changes) {
      const value = changes[ACTIVE_PACK_KEY]!.newValue;
      if (packWaiter) packWaiter(value);
      else if (controller) {
        const pack = compileWithMarks(value, false);
        if (pack) controller.setPack(pack);
      } else packChanged = { value };
    }
  };
  browser.storage.onChanged.addListener(onChanged);
  // The popup asks for the sender's messages when the user opens a report (only the extension's
  // own pages can message a content script). The reply is sent at once: the texts are at hand.
  const onMessage = (message: SenderMessagesRequest | undefined, _sender: unknown, respond: (reply: SenderMessagesReply) => void) => {
    // An id that is not a string finds nothing.
    if (message?.type === SENDER_MESSAGES_TYPE) respond(controller?.senderMessages(message.approachId) ?? null);
  };
  browser.runtime.onMessage.addListener(onMessage);
  lifetime.onInvalidated(() => {
    browser.storage.onChanged.removeListener(onChanged);
    browser.runtime.onMessage.removeListener(onMessage);
  });

  const stored = await local.get([ACTIVE_PACK_KEY, CONTENT_SETTINGS_KEY, PERF_MARKS_KEY]);
  if (!lifetime.isValid) return undefined;
  if (!settingsChanged) settings = parseContentSettings(stored[CONTENT_SETTINGS_KEY]);
  const perfMarks = stored[PERF_MARKS_KEY] === true;

  // The newer pack when one came during the read; the stored one if that one does not compile,
  // as a controller would keep its pack then.
  let pack = (packChanged && compileWithMarks(packChanged.value, perfMarks)) || compileWithMarks(stored[ACTIVE_PACK_KEY], perfMarks);
  while (!pack) {
    // Right after install the background may not have written the pack yet.
    const next = await new Promise<unknown>((resolve) => {
      packWaiter = resolve;
    });
    packWaiter = undefined;
    if (!lifetime.isValid) return undefined;
    pack = compileWithMarks(next, perfMarks);
  }

  controller = new PageController(
    {
      lifetime,
      doc,
      adapters: linkedinAdapters,
      sendVerdicts: (message: VerdictsMessage) => browser.runtime.sendMessage(message),
      sendNotSuspicious: (profileUrl, name) => {
        const message: NotSuspiciousMessage = { type: 'content→background:not-suspicious', profileUrl };
        if (name) message.name = name.slice(0, 500);
        return browser.runtime.sendMessage(message);
      },
      logMissing: options.logMissing ?? true,
      perfMarks,
    },
    pack,
    settings,
  );
  controller.start();
  return controller;
}

function compileWithMarks(value: unknown, perfMarks: boolean): CompiledPack | undefined {
  const record = asActivePack(value);
  if (!record) return undefined;
  const started = performance.now();
  const pack = compileActivePack(record);
  if (pack && perfMarks) {
    try {
      performance.measure('approach-guard:compile', { start: started, end: started + pack.compileMs, detail: { rules: pack.scorer.rules.size, version: pack.version } });
    } catch {
      // Measurement is best effort.
    }
  }
  return pack;
}
