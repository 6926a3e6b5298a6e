import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { startContentScript } from '../../src/content/start';

export default defineContentScript({
  matches: ['https://www.linkedin.com/*'],
  runAt: 'document_idle',
  main(ctx: ContentScriptContext) {
    void startContentScript({
      get isValid() {
        return ctx.isValid;
      },
      onInvalidated: (cb) => ctx.onInvalidated(cb),
      setTimeout: (handler, timeout) => ctx.setTimeout(handler, timeout),
      onLocationChange: (handler) => ctx.addEventListener(window, 'wxt:locationchange', handler),
    });
  },
});
