// Loads saved LinkedIn pages into their own happy-dom window, at the URL they were saved from.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Window } from 'happy-dom';
import { afterAll } from 'vitest';

export const FIXTURE_DIR = resolve(import.meta.dirname, '../../fixtures/linkedin');

/** Every fixture page, the URL it shows and the adapters that must find approaches on it. */
export const FIXTURE_PAGES = {
  'linkedin-messaging.html': {
    url: 'https://www.linkedin.com/messaging/thread/2-MDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAxXzAxMg==/',
    adapters: ['linkedin-messaging'],
  },
  'linkedin-profile.html': {
    url: 'https://www.linkedin.com/in/fixture-member-13/',
    adapters: ['linkedin-profile', 'linkedin-overlay'],
  },
  'linkedin-invitations.html': {
    url: 'https://www.linkedin.com/mynetwork/invitation-manager/received/',
    adapters: ['linkedin-invitations'],
  },
  'messaging-long-thread.html': {
    url: 'https://www.linkedin.com/messaging/thread/2-MDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDA1XzAxMg==/',
    adapters: ['linkedin-messaging'],
  },
  'messaging-inmail-harmful.html': {
    url: 'https://www.linkedin.com/messaging/thread/2-MDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDA2XzAxMg==/',
    adapters: ['linkedin-messaging'],
  },
  'messaging-message-request.html': {
    url: 'https://www.linkedin.com/messaging/thread/2-MDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDA4XzAxMg==/',
    adapters: ['linkedin-messaging'],
  },
  'messaging-sponsored-thread.html': {
    url: 'https://www.linkedin.com/messaging/thread/2-MDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDA5XzEwMA==/',
    adapters: ['linkedin-messaging'],
  },
  'overlay-conversation.html': {
    url: 'https://www.linkedin.com/feed/',
    adapters: ['linkedin-overlay'],
  },
  'profile-about-section.html': {
    url: 'https://www.linkedin.com/in/fixture-member-55/',
    adapters: ['linkedin-profile'],
  },
  'about-this-profile-new-account.html': {
    url: 'https://www.linkedin.com/in/fixture-member-55/overlay/about-this-profile/',
    adapters: ['linkedin-profile'],
  },
  'about-this-profile-verified.html': {
    url: 'https://www.linkedin.com/in/fixture-member-13/overlay/about-this-profile/',
    adapters: ['linkedin-profile'],
  },
  'invitations-risky-note.html': {
    url: 'https://www.linkedin.com/mynetwork/invitation-manager/received/',
    adapters: ['linkedin-invitations'],
  },
} as const satisfies Record<string, { url: string; adapters: readonly string[] }>;

export type FixtureName = keyof typeof FIXTURE_PAGES;

export interface LoadedFixture {
  document: Document;
  url: URL;
}

const windows: Window[] = [];
afterAll(async () => {
  await Promise.all(windows.splice(0).map((window) => window.happyDOM.close()));
});

/** A fresh copy of a fixture page (tests may change it). */
export function loadFixture(name: FixtureName): LoadedFixture {
  const { url } = FIXTURE_PAGES[name];
  const window = new Window({
    url,
    // The captures hold empty ad iframes (about:blank); nothing else would load anyway.
    settings: { disableJavaScriptEvaluation: true, disableCSSFileLoading: true, enableIframePageLoading: true },
  });
  windows.push(window);
  window.document.write(readFileSync(resolve(FIXTURE_DIR, name), 'utf8'));
  return { document: window.document as unknown as Document, url: new URL(url) };
}
