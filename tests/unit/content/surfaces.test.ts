// The page controller on the message request, the sponsored thread and a conversation bubble:
// where the warning goes and how much room it may take.
import { describe, expect, it } from 'vitest';
import { Highlighter } from '../../../src/content/highlights';
import { PageController } from '../../../src/content/page-controller';
import { WarningPresenter } from '../../../src/content/presenter';
import type { TrackedApproach } from '../../../src/content/tracker';
import type { Approach } from '../../../src/engine/types';
import { parseContentSettings } from '../../../src/content/settings';
import { HOST_SELECTOR, LEVEL_ATTRIBUTE } from '../../../src/content/warning/host';
import { PLACE_ATTRIBUTE, WARNING_CSS } from '../../../src/content/warning/styles';
import { linkedinAdapters } from '../../../src/sites/linkedin';
import { loadFixture, type FixtureName } from './fixtures';
import { baselinePack, FakeLifetime } from './helpers';

function open(name: FixtureName, change?: (doc: Document) => void) {
  const { document: doc } = loadFixture(name);
  change?.(doc);
  const lifetime = new FakeLifetime();
  const controller = new PageController(
    { lifetime, doc, adapters: linkedinAdapters, sendVerdicts: async () => undefined, sendNotSuspicious: async () => undefined },
    baselinePack(),
    parseContentSettings(undefined),
  );
  controller.start();
  lifetime.advance();
  return { doc, hosts: [...doc.querySelectorAll(HOST_SELECTOR)] as HTMLElement[] };
}

describe('warnings on the less common surfaces', () => {
  it('puts a high warning right after the title bar of a risky message request, at full height', () => {
    const { hosts } = open('messaging-message-request.html');
    expect(hosts).toHaveLength(1);
    expect(hosts[0]!.getAttribute(LEVEL_ATTRIBUTE)).toBe('high');
    expect(hosts[0]!.previousElementSibling?.classList.contains('msg-title-bar')).toBe(true);
    expect(hosts[0]!.style.maxHeight).toBe('');
  });

  it('puts a high warning after the title bar of a risky sponsored message', () => {
    const { hosts } = open('messaging-sponsored-thread.html');
    expect(hosts.map((h) => h.getAttribute(LEVEL_ATTRIBUTE))).toEqual(['high']);
    expect(hosts[0]!.previousElementSibling?.classList.contains('msg-title-bar')).toBe(true);
  });

  it('keeps a bubble’s warning under its header and no taller than part of the window, scrolling inside', () => {
    const { doc, hosts } = open('overlay-conversation.html', (d) => {
      const bodies = d.querySelectorAll('.msg-overlay-conversation-bubble p.msg-s-event-listitem__body');
      bodies[bodies.length - 1]!.textContent = 'My client pays well for a short report on the committee’s plans. Can we move to WhatsApp? Keep this between us.';
    });
    expect(hosts).toHaveLength(1);
    const [host] = hosts;
    expect(host!.getAttribute(LEVEL_ATTRIBUTE)).toBe('high');
    expect(doc.querySelector('.msg-overlay-conversation-bubble')!.contains(host!)).toBe(true);
    expect(host!.previousElementSibling?.localName).toBe('header');
    // Sized by the shadow root's own :host rule, which page CSS cannot outrank (the browser test measures it).
    expect(host!.getAttribute(PLACE_ATTRIBUTE)).toBe('bubble');
    expect(WARNING_CSS).toContain(`:host([${PLACE_ATTRIBUTE}="bubble"]){max-height:200px!important;overflow-y:auto!important}`);
  });

  it('adds nothing to the ordinary bubble', () => {
    expect(open('overlay-conversation.html').hosts).toEqual([]);
  });
});

describe('a warning that moves between a bubble and the messaging pane', () => {
  it('has the bubble’s height cap in the bubble only', () => {
    const doc = document.implementation.createHTMLDocument('t');
    const bubble = doc.body.appendChild(doc.createElement('header'));
    const pane = doc.body.appendChild(doc.createElement('header'));
    const pack = baselinePack();
    const presenter = new WarningPresenter(
      { doc, highlighter: new Highlighter(doc), now: () => 0, markNotSuspicious: () => true },
      pack.scorer,
      parseContentSettings(undefined),
    );
    const approach: Approach = {
      id: 'linkedin:thread:one',
      site: 'linkedin',
      surface: 'message',
      sender: { name: 'Jordan Hale' },
      messages: [{ text: 'My client pays well for a short report on the committee’s plans. Can we move to WhatsApp? Keep this between us.' }],
    };
    const verdict = pack.scorer.score(approach);
    const tracked = (source: 'overlay' | 'thread', anchor: Element) =>
      ({ extracted: { approach, anchor, texts: [], fields: {}, meta: { source } }, adapterId: 't', revision: 1, verdict, stale: false }) as unknown as TrackedApproach;
    presenter.sync([tracked('overlay', bubble)]);
    const host = doc.querySelector(HOST_SELECTOR)!;
    expect(host.getAttribute(PLACE_ATTRIBUTE)).toBe('bubble');
    // The bubble closed, and the same conversation is open in the pane: the same warning, moved.
    bubble.remove();
    presenter.sync([tracked('thread', pane)]);
    expect(doc.querySelector(HOST_SELECTOR)).toBe(host);
    expect(pane.nextElementSibling).toBe(host);
    expect(host.hasAttribute(PLACE_ATTRIBUTE)).toBe(false);
    presenter.sync([tracked('overlay', pane)]);
    expect(host.getAttribute(PLACE_ATTRIBUTE)).toBe('bubble');
  });
});
