import { render } from 'preact';
import { browserOptionsDeps, type OptionsDeps } from './deps';
import { OptionsApp } from './options-app';

/** Renders the options page into `root`; the entrypoint calls this and nothing else. */
export function mountOptions(root: HTMLElement, deps: OptionsDeps = browserOptionsDeps()): void {
  render(<OptionsApp deps={deps} />, root);
}
