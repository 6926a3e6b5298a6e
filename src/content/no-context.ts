// Stands in for WXT's ContentScriptContext in the content script's build: wxt.config.ts points
// `wxt/utils/content-script-context` here for that build only. WXT's entry code makes one (with
// the script's name and options) and hands it to main(), which does not use it (lifetime.ts says
// why), so it keeps nothing. WXT's own would dispatch the script's start on the page's document
// under a name holding the extension's id, which a page listening for a store build's public id
// could notice, and end itself when the page dispatched that event back; with its navigation
// watcher it is also 7 KB of the 80 KB budget.
export class ContentScriptContext {}
