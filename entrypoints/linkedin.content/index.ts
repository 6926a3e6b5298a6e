import { browser } from 'wxt/browser';
import { lifetimeOf } from '../../src/content/lifetime';
import { startContentScript } from '../../src/content/start';

export default defineContentScript({
  matches: ['https://www.linkedin.com/*'],
  runAt: 'document_idle',
  // WXT would otherwise also post its start to the page's window, extension id included: every
  // LinkedIn page would learn that Approach Guard is installed.
  noScriptStartedPostMessage: true,
  // WXT's context is not followed (src/content/lifetime.ts says why).
  main() {
    void startContentScript(lifetimeOf(() => browser.runtime?.id));
  },
});
