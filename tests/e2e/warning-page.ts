// A test page for the in-page warning: the real warning panel and stylesheet, each in an
// OPEN shadow root (the extension uses a closed one) so axe-core can look inside. Bundled by
// tests/e2e/warning-axe.e2e.test.ts with esbuild; never part of the extension.
import { WARNING_CSS } from '../../src/content/warning/styles';
import type { WarningView } from '../../src/content/warning/view-model';
import { WarningPanel } from '../../src/content/warning/warning';

declare global {
  interface Window {
    showWarnings(views: WarningView[]): number;
  }
}

window.showWarnings = (views) => {
  const main = document.querySelector('main')!;
  for (const view of views) {
    const host = document.createElement('div');
    host.className = 'warning-host';
    main.append(host);
    const shadow = host.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = WARNING_CSS;
    const mount = document.createElement('div');
    shadow.append(style, mount);
    new WarningPanel(document, mount).update({ view, onNotSuspicious: () => undefined, onHide: () => undefined });
  }
  return document.querySelectorAll('.warning-host').length;
};
