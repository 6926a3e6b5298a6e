import { describe, expect, test } from 'vitest';
import {
  isMessaging,
  isProfilePage,
  leafDetectors,
  profileSlugFromPath,
  threadIdFromUrl,
} from '../../../src/sites/linkedin/pages';
import { NOT_DETECTED_EXAMPLES, PAGE_EXAMPLES } from '../../../src/sites/linkedin/page-examples';

const detectors = Object.entries(leafDetectors);

describe('page detectors', () => {
  for (const [name, detect] of detectors) {
    test(`${name} has examples`, () => {
      expect(PAGE_EXAMPLES[name as keyof typeof PAGE_EXAMPLES].length).toBeGreaterThan(0);
    });

    for (const example of PAGE_EXAMPLES[name as keyof typeof PAGE_EXAMPLES]) {
      test(`${name} matches ${example} and no other detector does`, () => {
        const url = new URL(example);
        expect(detect(url)).toBe(true);
        const others = detectors.filter(([other, otherDetect]) => other !== name && otherDetect(url)).map(([other]) => other);
        expect(others).toEqual([]);
      });
    }
  }

  for (const example of NOT_DETECTED_EXAMPLES) {
    test(`no detector matches ${example}`, () => {
      const url = new URL(example);
      expect(detectors.filter(([, detect]) => detect(url)).map(([name]) => name)).toEqual([]);
    });
  }

  test('isMessaging covers the inbox, threads and compose, and nothing else', () => {
    const messagingExamples = [...PAGE_EXAMPLES.isMessagingInbox, ...PAGE_EXAMPLES.isMessagingThread, ...PAGE_EXAMPLES.isMessagingCompose];
    for (const [name] of detectors) {
      for (const example of PAGE_EXAMPLES[name as keyof typeof PAGE_EXAMPLES]) {
        expect(isMessaging(new URL(example)), `${name}: ${example}`).toBe(messagingExamples.includes(example as never));
      }
    }
  });

  test('isProfilePage covers a profile and its dialogs, not its detail pages', () => {
    const profileExamples = [...PAGE_EXAMPLES.isProfile, ...PAGE_EXAMPLES.isAboutThisProfile, ...PAGE_EXAMPLES.isProfileOverlay];
    for (const [name] of detectors) {
      for (const example of PAGE_EXAMPLES[name as keyof typeof PAGE_EXAMPLES]) {
        expect(isProfilePage(new URL(example)), `${name}: ${example}`).toBe(profileExamples.includes(example as never));
      }
    }
  });
});

describe('URL parts', () => {
  test('reads the profile slug of profile paths and their subpages', () => {
    expect(profileSlugFromPath('/in/fixture-member-13/')).toBe('fixture-member-13');
    expect(profileSlugFromPath('/in/fixture-member-13/overlay/about-this-profile/')).toBe('fixture-member-13');
    expect(profileSlugFromPath('/in/ACoAAFx0002n9RkKdl41NghdsAlkRNsAfthgZPp')).toBe('ACoAAFx0002n9RkKdl41NghdsAlkRNsAfthgZPp');
    expect(profileSlugFromPath('/company/fixture-company-10/')).toBeUndefined();
    expect(profileSlugFromPath('/in/')).toBeUndefined();
  });

  test('reads the thread id of thread URLs only', () => {
    expect(threadIdFromUrl(new URL('https://www.linkedin.com/messaging/thread/6712345678901234567/'))).toBe('6712345678901234567');
    expect(threadIdFromUrl(new URL('https://www.linkedin.com/messaging/thread/new/'))).toBeUndefined();
    expect(threadIdFromUrl(new URL('https://www.linkedin.com/messaging/'))).toBeUndefined();
  });
});
