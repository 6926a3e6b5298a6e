import { render } from 'preact';
import { browserPopupDeps, type PopupDeps } from './deps';
import { PopupApp } from './popup-app';

/** Renders the popup into `root`; the entrypoint calls this and nothing else. */
export function mountPopup(root: HTMLElement, deps: PopupDeps = browserPopupDeps()): void {
  render(<PopupApp deps={deps} />, root);
}
