// Example URLs for each leaf page detector in pages.ts, and URLs no detector may match. The
// tests check every example against every detector; the content script never loads this file.
import type { leafDetectors } from './pages';

export const PAGE_EXAMPLES: { readonly [K in keyof typeof leafDetectors]: readonly string[] } = {
  isMessagingInbox: [
    'https://www.linkedin.com/messaging/',
    'https://www.linkedin.com/messaging',
    'https://www.linkedin.com/messaging/?filter=unread',
  ],
  isMessagingThread: [
    'https://www.linkedin.com/messaging/thread/2-MDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAxXzAxMg==/',
    'https://www.linkedin.com/messaging/thread/2-MDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAxXzAxMg==',
    'https://www.linkedin.com/messaging/thread/6712345678901234567/',
    'https://www.linkedin.com/messaging/thread/2-MDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDA0XzAxMA==/?filter=inmail',
  ],
  isMessagingCompose: [
    'https://www.linkedin.com/messaging/thread/new/',
    'https://www.linkedin.com/messaging/thread/new/?recipients=List(urn%3Ali%3Afsd_profile%3AACoAAFx0030zVAKbTkB1ZgYS5jdmQgsM7KdlKWS)',
    'https://www.linkedin.com/messaging/compose/?invitation=urn%3Ali%3Afsd_invitation%3A1001',
  ],
  isReceivedInvitations: [
    'https://www.linkedin.com/mynetwork/invitation-manager/',
    'https://www.linkedin.com/mynetwork/invitation-manager/received/',
    'https://www.linkedin.com/mynetwork/invitation-manager/received',
    'https://www.linkedin.com/mynetwork/invitation-manager/received/CONNECTION/',
    'https://www.linkedin.com/mynetwork/invitation-manager/?filterCriteria=null',
  ],
  isSentInvitations: [
    'https://www.linkedin.com/mynetwork/invitation-manager/sent/',
    'https://www.linkedin.com/mynetwork/invitation-manager/sent/CONNECTION/',
  ],
  isProfile: [
    'https://www.linkedin.com/in/fixture-member-13/',
    'https://www.linkedin.com/in/fixture-member-13',
    'https://www.linkedin.com/in/ACoAAFx0002n9RkKdl41NghdsAlkRNsAfthgZPp/',
    'https://www.linkedin.com/in/jos%C3%A9-garc%C3%ADa-0a1b2c/?originalSubdomain=uk',
  ],
  isAboutThisProfile: [
    'https://www.linkedin.com/in/fixture-member-13/overlay/about-this-profile/',
    'https://www.linkedin.com/in/fixture-member-51/overlay/about-this-profile',
  ],
  isProfileOverlay: [
    'https://www.linkedin.com/in/fixture-member-13/overlay/contact-info/',
    'https://www.linkedin.com/in/fixture-member-13/overlay/photo/',
  ],
  isProfileDetails: [
    'https://www.linkedin.com/in/fixture-member-13/details/experience/',
    'https://www.linkedin.com/in/fixture-member-13/recent-activity/all/',
  ],
  isFeed: [
    'https://www.linkedin.com/feed/',
    'https://www.linkedin.com/feed/update/urn:li:activity:7000000000000000001/',
  ],
};

/** URLs no detector may match: other hosts, look-alikes, plain http, other LinkedIn pages. */
export const NOT_DETECTED_EXAMPLES: readonly string[] = [
  'https://www.linkedin.com.example.com/in/fixture-member-13/',
  'https://linkedin.example.com/messaging/',
  'http://www.linkedin.com/in/fixture-member-13/',
  'https://example.com/in/fixture-member-13/',
  'https://www.linkedin.com/jobs/view/1234567890/',
  'https://www.linkedin.com/company/fixture-company-10/',
  'https://www.linkedin.com/mynetwork/',
  'https://www.linkedin.com/in/',
];
