import { browser } from 'wxt/browser';
import { lifetimeOf } from '../../src/content/lifetime';
import { startContentScript } from '../../src/content/start';

export default defineContentScript({
  matches: ['https://www.linkedin.com/*'],
  runAt: 'document_idle',
  // The context WXT hands main() is a stand-in in this build (src/content/no-context.ts): the
  // script lives by its own lifetime (src/content/lifetime.ts says why).
  main() {
    void startContentScript(lifetimeOf(() => browser.runtime?.id));
  },
});
