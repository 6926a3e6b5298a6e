import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { lifetimeOf } from '../../src/content/lifetime';
import { startContentScript } from '../../src/content/start';

export default defineContentScript({
  matches: ['https://www.linkedin.com/*'],
  runAt: 'document_idle',
  main(ctx: ContentScriptContext) {
    void startContentScript(lifetimeOf(ctx));
  },
});
