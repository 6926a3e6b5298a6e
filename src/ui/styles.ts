// The component stylesheet as a string, for a shadow root (the in-page warning) where a
// <link> to an extension file would need a web-accessible resource. Extension pages import
// ui.css directly instead.
import uiCss from './ui.css?inline';

export const UI_CSS: string = uiCss;
