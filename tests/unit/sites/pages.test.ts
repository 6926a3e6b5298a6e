import { describe, expect, test } from 'vitest';
import {
  isMessaging,
  isProfilePage,
  leafDetectors,
  notDetectedExamples,
  profileSlugFromPath,
  threadIdFromUrl,
} from '../../../src/sites/linkedin/pages';

const detectors = Object.entries(leafDetectors);

describe('page detectors', () => {
  for (const [name, detect] of detectors) {
    test(`${name} has examples`, () => {
      expect(detect.examples.length).toBeGreaterThan(0);
    });

    for (const example of detect.examples) {
      test(`${name} matches ${example} and no other detector does`, () => {
        const url = new URL(example);
        expect(detect(url)).toBe(true);
        const others = detectors.filter(([other, otherDetect]) => other !== name && otherDetect(url)).map(([other]) => other);
        expect(others).toEqual([]);
      });
    }
  }

  for (const example of notDetectedExamples) {
    test(`no detector matches ${example}`, () => {
      const url = new URL(example);
      expect(detectors.filter(([, detect]) => detect(url)).map(([name]) => name)).toEqual([]);
    });
  }

  test('isMessaging covers the inbox, threads and compose, and nothing else', () => {
    const { isMessagingInbox, isMessagingThread, isMessagingCompose } = leafDetectors;
    const messagingExamples = [...isMessagingInbox.examples, ...isMessagingThread.examples, ...isMessagingCompose.examples];
    for (const [name, detect] of detectors) {
      for (const example of detect.examples) {
        expect(isMessaging(new URL(example)), `${name}: ${example}`).toBe(messagingExamples.includes(example as never));
      }
    }
  });

  test('isProfilePage covers a profile and its dialogs, not its detail pages', () => {
    const { isProfile, isAboutThisProfile, isProfileOverlay } = leafDetectors;
    const profileExamples = [...isProfile.examples, ...isAboutThisProfile.examples, ...isProfileOverlay.examples];
    for (const [name, detect] of detectors) {
      for (const example of detect.examples) {
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
