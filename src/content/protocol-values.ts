// The few values the content script needs from src/messaging/protocol.ts. That module builds
// zod schemas at load time, so importing any value from it would bundle zod into every
// LinkedIn page (~100 KB). A unit test keeps these equal to the originals.
export const ACTIVE_PACK_KEY = 'activePack';
export const CONTENT_SETTINGS_KEY = 'contentSettings';
export const MAX_APPROACHES_PER_TAB = 200;
export const MAX_EXCERPT_CHARS = 2000;
export const SENDER_MESSAGES_TYPE = 'popup→content:sender-messages';
export const MAX_SENDER_MESSAGES = 50;
