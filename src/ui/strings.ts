// Every word the popup, the options page, the reports and the in-page warning show, in British
// English, in one place so the tone stays calm and consistent and a translation has one file to
// start from. Page text (names, headlines, quotes) is never part of these strings; components
// render it as text beside them.
//
// The content script imports from here too, so this module stays free of imports with values
// and of top-level code: each export is a plain constant the bundler drops when unused, and the
// in-page warning pulls in only the `WARNING_*`/`warning*` constants, `LEVEL_WORDS` and `CORE_STEPS`, not the popup's `S`
// (the content script's 80 KB budget, tests/build/manifest.test.ts).
import type { IndicatorId, Level, Surface } from '../engine/types';
import type { OutboxState } from '../report/outbox';
import type { ReportChannel } from '../report/channels';
import type { Threshold } from '../settings/schema';

export const PRODUCT_NAME = 'Approach Guard';
/** SEEN_SENDERS_MAX in src/background/seen-senders.ts, written for people (a test keeps them equal). */
export const SEEN_SENDERS_LIMIT = '4,000';

/** Words that travel with the colour of a level badge, so colour is never the only signal. */
export const LEVEL_WORDS: Record<Level, string> = {
  none: 'Protection is on',
  low: 'Low risk',
  medium: 'Medium risk',
  high: 'High risk',
};

export const THRESHOLD_LABELS: Record<Threshold, string> = {
  low: 'Low and above (most warnings)',
  medium: 'Medium and above (recommended)',
  high: 'High only (fewest warnings)',
};

// Words shown both in the popup and in the in-page warning.
const NOT_SUSPICIOUS = 'Not suspicious';
const QUOTES_LABEL = 'Words that raised this';
const ADVICE_LABEL = 'Advice:';
const WHAT_TO_DO = 'What to do';

export const scoreText = (score: number) => `Score ${score} of 100`;

/** "What to do", from NPSA's "What can you do to protect yourself?". Always shown, in this order. */
export const CORE_STEPS = {
  withdraw: 'Stop and withdraw from the conversation. You do not need to reply.',
  doNotShare: 'Do not share information, documents or contacts, however harmless they seem.',
  report: 'Report it to your security team straight away. Nothing is too small.',
} as const;

/** Extra steps for the cues that fired, from the same NPSA section. */
export const CUE_STEPS: Partial<Record<IndicatorId, string>> = {
  known_flagged_entity: 'This sender matches a published warning. Do not reply before your security team has advised you.',
  elicitation_nonpublic_info: 'Do not give non-public or "insider" information, or your views on internal matters.',
  paid_consultancy_or_reports: 'Do not accept payment, gifts or paid work from this sender; ask your security team first.',
  crypto_payment: 'Do not accept payment, gifts or paid work from this sender; ask your security team first.',
  funded_trip: 'Do not accept travel or hospitality until your security team has checked the invitation.',
  off_platform_move: 'Keep the conversation on LinkedIn; do not move to WhatsApp, Telegram or personal e-mail.',
  secrecy_request: 'Do not agree to keep the contact secret or to meet privately.',
  suspicious_link: 'Do not open the links or files in these messages.',
};

// The in-page warning beside a LinkedIn conversation, invitation or profile. Separate constants
// rather than one object: the content script's bundle keeps only the names it uses, and names
// are shortened where object keys are not (the 80 KB budget).
export const WARNING_SUBJECTS: Record<Surface, string> = {
  message: 'This conversation',
  inmail: 'This InMail',
  invitation: 'This invitation',
  profile: 'This profile',
  job_ad: 'This job advert',
};
export const warningHeadline = (subject: string) => `${subject} has signs of a covert recruitment approach.`;
export const warningHeadlineLow = (subject: string) => `${subject} has a few weak warning signs.`;
export const WARNING_HEADLINE_COMPACT = 'Warning signs in the latest message.';
export const warningAnnouncement = (level: string, headline: string, cues: string) => `${PRODUCT_NAME}: ${level}. ${headline} ${cues}.`;
/** The warning's region name: unique on a page with several warnings (axe "landmark-unique"). */
export const warningRegionLabel = (level: string, headline: string, sender?: string) =>
  sender ? `${level}, ${sender}: ${headline}` : `${level}: ${headline}`;
export const WARNING_CUES_LABEL = 'Warning signs';
export const WARNING_WHAT_TO_DO = WHAT_TO_DO;
export const WARNING_DETAILS = 'Details';
export const WARNING_HIDE_DETAILS = 'Hide details';
export const WARNING_NOT_SUSPICIOUS = NOT_SUSPICIOUS;
export const WARNING_HIDE = 'Hide';
export const WARNING_CONFIRM_LABEL = 'Confirm';
export const warningConfirm = (name: string) => `Stop warning about ${name}? You can undo this in the options.`;
export const WARNING_THIS_SENDER = 'this sender';
export const WARNING_CONFIRM_YES = 'Yes, not suspicious';
export const WARNING_CANCEL = 'Cancel';
// For every refusal: a moment's failure, a full list, or as many marks as one tab may send;
// the popup's own "Not suspicious" is not limited.
export const WARNING_NOT_SAVED = `“Not suspicious” was not saved: use the toolbar button.`;
export const WARNING_QUOTES_LABEL = `${QUOTES_LABEL}:`;
export const WARNING_ADVICE_LABEL = ADVICE_LABEL;
export const warningFooter = (version: string) =>
  `Scored on this device with rule pack ${version}. To report it, use the ${PRODUCT_NAME} button in the toolbar.`;


export const S = {
  // Shared
  guidanceLink: 'Read the NPSA guidance',
  settingsLink: 'Settings',
  opensInNewTab: '(opens in a new tab)',
  imminentThreat: 'If you think there is an imminent threat, contact the police.',
  loading: 'Loading…',
  unknownSender: 'Unknown sender',
  noProfilePhoto: 'No profile photo',
  quotesLabel: QUOTES_LABEL,
  quoteSeparator: ', ',
  profileFactsLabel: 'What the profile shows',
  whyFlagged: 'Why this was flagged',
  whatToDo: WHAT_TO_DO,
  adviceLabel: ADVICE_LABEL,
  sourceLabel: 'Source:',
  flaggedByLabel: 'Flagged by',
  setByOrganisation: 'Set by your organisation',

  // Popup
  popupTitle: PRODUCT_NAME,
  calmHeading: 'Protection is on',
  calmNothingFlagged: 'Nothing on this page looks like a risky approach.',
  // With the threshold above "Low risk", a page can hold approaches with weaker signs: said, not hidden.
  calmNothingAtThreshold: 'Nothing on this page reaches your warning level.',
  calmBelowThreshold: (count: number, level: string) =>
    count === 1
      ? `One approach has warning signs below your warning level (${level}). Lower it in Settings to see it.`
      : `${count} approaches have warning signs below your warning level (${level}). Lower it in Settings to see them.`,
  calmNotChecked: 'Open your LinkedIn messages or invitations and Approach Guard will check them here, on your device.',
  reloadHeading: 'This page is not being checked',
  calmReload: 'Approach Guard has not heard from this page. If it was open before Approach Guard was installed or updated, reload it to have it checked.',
  calmHiddenNotSuspicious: (count: number) =>
    count === 1
      ? 'One sender you marked as not suspicious is not shown.'
      : `${count} senders you marked as not suspicious are not shown.`,
  flaggedSummary: (count: number) =>
    count === 1 ? 'One approach on this page needs care.' : `${count} approaches on this page need care.`,
  thresholdNote: (level: string) => `Showing approaches at ${level.toLowerCase()} or above.`,
  packLine: (name: string, version: string) => `Rules: ${name}, version ${version}`,
  packUpdated: (when: string) => `updated ${when}`,
  packPublished: (date: string) => `published ${date}`,
  packExpired: (date: string) => `These rules expired on ${date}. Ask your security team to update them.`,
  packFallback: 'The installed rules could not be read, so the built-in rules are shown.',
  loadFailed: 'Approach Guard could not read this tab. Close and reopen this window to try again.',

  // Actions on one approach
  reportToTeam: 'Report to my security team',
  reportOnLinkedIn: 'Report on LinkedIn',
  notSuspicious: NOT_SUSPICIOUS,
  readGuidance: 'Read the guidance',
  notSuspiciousNeedsProfile: 'This sender has no profile link, so it cannot be marked as not suspicious.',
  changeNotSaved: 'That change could not be saved. Try again in a moment.',
  markedNotSuspicious: (name: string) => `${name} is marked as not suspicious and will not be flagged again on this device.`,
  undo: 'Undo',
  undone: 'Warnings for this sender are back on.',
  actionsLabel: (name: string) => `Actions for ${name}`,

  // Report panel
  reportHeading: 'Report to your security team',
  reportIntro: 'This is exactly what will be sent. Nothing else leaves your device.',
  channelLegend: 'Send by',
  // After why the chosen way of sending cannot take the report.
  channelFallback: (label: string) => `Chosen instead: ${label}.`,
  channelLabels: {
    webhook: 'Send directly to the security team',
    email: 'E-mail',
    clipboard: 'Copy to paste elsewhere',
  } satisfies Record<ReportChannel, string>,
  excerptsLegend: 'Include messages (optional)',
  excerptsHint: 'Only the messages you tick are included. Your own messages are never included.',
  excerptsLimit: (max: number) => `A report can include at most ${max} messages. Untick one to choose another.`,
  excerptsReading: 'Reading the messages from the LinkedIn page…',
  excerptsMoved: 'The conversation changed on the page: a message you ticked has moved or gone, and is left out. Tick again the messages to include.',
  excerptsUnavailable: 'The messages could not be read from the LinkedIn page, so none can be included. Reload the page and open the report again to include them.',
  excerptLabel: (n: number, at?: string) => (at ? `Message ${n + 1} (${at})` : `Message ${n + 1}`),
  noteLabel: 'Note for your security team (optional)',
  noteHint: (max: number) => `Up to ${max} characters.`,
  previewLabel: 'Report preview',
  send: 'Send report',
  sending: 'Sending…',
  openEmail: 'Open in my e-mail program',
  copy: 'Copy report',
  copied: 'Report copied. Paste it into a message to your security team.',
  copyFailed: 'Could not copy. Select the preview text and copy it by hand.',
  emailOpened: 'Your e-mail program should now open with the report. Send it from there.',
  // `copy`: whether "Copy to paste elsewhere" is offered (the user may have turned it off).
  emailExcerptsOmitted: (copy: boolean) =>
    `Message excerpts were left out to fit an e-mail link. ${copy ? 'Choose "Copy to paste elsewhere" to include them.' : 'Tick fewer or shorter messages, or shorten the note, to include them.'}`,
  emailTruncated: (copy: boolean) =>
    `The report was shortened to fit an e-mail link. ${copy ? 'Choose "Copy to paste elsewhere" for the full text.' : 'A shorter note leaves more of it.'}`,
  queued: 'Report accepted for sending. Follow it under "Reports from this browser" below; it is retried until it arrives.',
  sent: 'Report sent to your security team.',
  reportFailed: (reason: string) => `The report was not sent: ${reason}`,
  noTeamHeading: 'No security team is set up yet',
  noTeamBody: 'Add your security team\u2019s e-mail address or report address in Settings. Until then you can copy the report and send it yourself.',
  openSettings: 'Open Settings',
  closePanel: 'Close',

  // LinkedIn panel
  linkedInHeading: 'Report this profile to LinkedIn',
  linkedInSteps: [
    'On the profile, select "More" under the name.',
    'Select "Report / Block", then "Report".',
    'Choose the reason that fits best, for example a fake profile or a scam, and follow the prompts.',
  ],
  linkedInOpen: 'Open the profile and LinkedIn\u2019s help page',
  linkedInNoProfile: 'This sender has no LinkedIn profile link, so it cannot be opened from here.',
  linkedInOpened: 'The profile and LinkedIn\u2019s help page are open in new tabs.',
  linkedInOpenFailed: 'The profile could not be opened. Try again, or open it from the conversation on LinkedIn.',

  // Outbox
  outboxHeading: 'Reports from this browser',
  outboxEmpty: 'None left in the list.',
  outboxStates: {
    queued: 'Waiting to send',
    sending: 'Sending',
    sent: 'Sent',
    failed: 'Not sent',
  } satisfies Record<OutboxState, string>,
  outboxTo: (host: string) => `to ${host}`,
  outboxAttempts: (n: number) => (n === 1 ? '1 attempt' : `${n} attempts`),
  outboxNext: (when: string) => `next try ${when}`,
  retryNow: 'Retry now',
  discard: 'Discard',
  // Each report's buttons, named with the report they act on (several may be listed).
  retryNowFor: (who: string) => `Retry now: the report on ${who}`,
  discardFor: (who: string) => `Discard the report on ${who}`,
  outboxChanged: (who: string, state: string) => `Report about ${who}: ${state}.`,

  // Options page
  optionsTitle: `${PRODUCT_NAME} settings`,
  save: 'Save',
  saved: 'Saved.',
  notSaved: 'Nothing was saved. Correct the highlighted fields and save again.',
  teamSection: 'Your security team',
  teamIntro: 'Shown beside every warning and used when you report an approach.',
  teamName: 'Security team name',
  teamNameHint: 'For example, Parliamentary Security Department.',
  teamContact: 'How to contact them',
  teamContactHint: 'An e-mail address, phone number or intranet page.',
  channelsSection: 'How reports are sent',
  webhookUrl: 'Report address (webhook URL)',
  webhookHint: 'Given to you by your security team. It must start with https://.',
  webhookCors:
    'The receiving server must allow requests from this extension (CORS): answer the preflight for POST with the headers content-type and idempotency-key, and send Access-Control-Allow-Origin on every answer. Your security team has the details.',
  reportEmail: 'Report e-mail address',
  reportEmailHint: 'Reports open in your own e-mail program, addressed here.',
  clipboardEnabled: 'Offer "Copy report" so I can paste a report anywhere',
  warningsSection: 'Warnings',
  thresholdLegend: 'Show a warning for approaches at',
  discreetMode: 'Discreet mode: show warnings only in the toolbar button and this extension\u2019s window, never inside LinkedIn',
  historySection: 'Flagged senders',
  historyIntro: 'Senders who were flagged on this device, kept so a later rules update can warn you about them again. Stored only on this device.',
  historyEmpty: 'No senders have been flagged.',
  historyColumns: { name: 'Name', firstSeen: 'First seen', lastSeen: 'Last seen', level: 'Highest level' },
  historyCaption: 'Senders flagged on this device',
  exportCsv: 'Download as CSV',
  exportJson: 'Download as JSON',
  clearHistory: 'Clear history',
  seenSenders: (count: number) =>
    `To do that, ${PRODUCT_NAME} also remembers the senders it has read on LinkedIn, flagged or not: profile link, name, when first and last seen, the highest level and where they were read (a message, an InMail, an invitation or their profile), for up to ${SEEN_SENDERS_LIMIT} senders. It holds ${count === 1 ? '1 sender' : `${count} senders`} now. The JSON download includes them, and "Clear history" deletes them too.`,
  clearConfirm: (flagged: number, seen: number) => {
    const what = [
      flagged === 1 ? 'the 1 flagged sender' : flagged > 1 ? `all ${flagged} flagged senders` : '',
      seen === 1 ? 'the 1 sender read on this device' : seen > 1 ? `the ${seen} senders read on this device` : '',
    ].filter(Boolean);
    return `Delete ${what.join(' and ') || 'the history'}? This cannot be undone.`;
  },
  clearYes: 'Yes, delete them',
  clearNo: 'Cancel',
  cleared: 'The history of flagged senders and senders read was cleared.',
  clearFailed: (reason: string) => `The history was not cleared: ${reason}`,
  notSuspiciousSection: 'Senders marked "Not suspicious"',
  storageFallback:
    'This browser lets Approach Guard keep no private database (Firefox does not in permanent private browsing), so your settings, reports and history are kept in its ordinary extension storage, which LinkedIn pages could change if the browser were compromised. Tell your security team.',
  unmovedTitle: 'Data from an earlier version was not taken in',
  unmovedIntro:
    'When Approach Guard was updated it found data kept by an earlier version, but could not confirm the update, so it did not take the data in: a compromised web page could have written it. Set your report address and other settings again below. Discard the old data to remove it from the browser.',
  unmovedFound: (items: string) => `Found: ${items}.`,
  unmovedItems: {
    settings: () => 'settings',
    notSuspicious: (n: number) => (n === 1 ? 'one sender marked not suspicious' : `${n} senders marked not suspicious`),
    policy: () => 'organisation settings (they are read again from the organisation)',
    outbox: (n: number) => (n === 1 ? 'one report waiting to be sent' : `${n} reports waiting to be sent`),
    'outbox.quarantine': (n: number) => (n === 1 ? 'one unreadable report' : `${n} unreadable reports`),
    history: (n: number) => (n === 1 ? 'one flagged sender' : `${n} flagged senders`),
    seenSenders: (n: number) => (n === 1 ? 'one sender read' : `${n} senders read`),
  },
  unmovedDiscard: 'Discard the old data',
  unmovedDiscardConfirm: 'Discard it for good? It cannot be brought back.',
  unmovedDiscardYes: 'Yes, discard',
  unmovedDiscardNo: 'Keep it for now',
  unmovedDiscarded: 'The old data was discarded.',
  unmovedFailed: (reason: string) => `That did not work (${reason}). Try again.`,
  notSuspiciousIntro: 'Approach Guard does not warn about these senders. Remove one to be warned again.',
  notSuspiciousEmpty: 'You have not marked any sender as not suspicious.',
  remove: 'Remove',
  removeLabel: (name: string) => `Remove ${name} from the not-suspicious list`,
  removed: (name: string) => `${name} removed. Warnings for this sender are back on.`,
  packsSection: 'Rule packs',
  packsIntro: 'The rules that decide what is flagged. Your security team can add its own.',
  packFields: {
    name: 'Name',
    version: 'Version',
    publisher: 'Publisher',
    published: 'Published',
    expires: 'Expires',
    installed: 'Installed',
    source: 'Source',
    lastCheck: 'Last check',
    updateUrl: 'Update address',
    keys: 'Trusted signing keys',
    interval: 'Checked every',
  },
  packSourceBundled: 'Built into the extension',
  packSourceRemote: 'Built into the extension, with your organisation’s pack',
  packNeverChecked: 'Not checked yet',
  packNoUpdateUrl: 'None: only the built-in rules are used',
  packOrgSection: 'Your organisation’s rule pack',
  packOrgNone: 'None in force: only the built-in rules are used.',
  packOrgNotInForce: (reason: string) => `Not in force: ${reason}. Only the built-in rules are used.`,
  packFetched: 'Downloaded',
  packNextCheck: 'Next check',
  packCheckNow: 'Check now',
  packChecking: 'Checking…',
  packCheckFailed: (reason: string) => `The check could not be made: ${reason}`,
  packCheckDone: (outcome: string) => `Checked. ${outcome}`,
  packOutcome: {
    installed: 'A new pack was downloaded, verified and is in force.',
    unchanged: 'No change: the pack at the address is the one in force.',
    failed: (reason: string) => `The address could not be read: ${reason}. The pack in force stays until a later check succeeds.`,
    refused: (reason: string) => `The pack was not taken: ${reason}. The pack in force stays.`,
    'not-set': 'Your organisation sets no rule pack address.',
    unavailable: (reason: string) => `Your organisation’s pack is not used in this browser: ${reason}.`,
  },
  packNotes: 'Left out of the pack in force:',
  packSurfaced: (count: number) =>
    count === 1
      ? 'One sender you have been in touch with on LinkedIn is flagged by this pack. Treat that conversation with care, and tell your security team:'
      : `${count} senders you have been in touch with on LinkedIn are flagged by this pack. Treat those conversations with care, and tell your security team:`,
  packSurfacedMore: (count: number) => `and ${count} more, in the flagged senders above.`,
  surfacedHeading: (count: number) =>
    count === 1 ? 'Someone you have been in touch with is now flagged' : `${count} people you have been in touch with are now flagged`,
  surfacedIntro: (pack: string, count: number, reportable: boolean) =>
    `The rule pack “${pack}” flags ${count === 1 ? 'a sender' : 'senders'} whose messages you read on LinkedIn before. Share nothing more with ${count === 1 ? 'them' : 'any of them'}, and ${reportable ? `report ${count === 1 ? 'them' : 'each'} to your security team from here: LinkedIn may tell the owner of a profile you open that you looked.` : 'tell your security team.'}`,
  surfacedNoMessages: 'Made from the notice: no messages are included. Add in the note when they wrote to you and what they asked, if you remember.',
  surfacedMore: (count: number) => `and ${count} more, among the flagged senders in Settings.`,
  surfacedSeen: 'I have seen this',
  surfacedDismissed: 'Notice hidden. Settings still lists them among the flagged senders.',
  packIntervalHours: (h: number) => (h === 1 ? '1 hour' : `${h} hours`),
  policySection: 'Organisation settings that could not be used',
  policyIssuesIntro: 'Your organisation set some values Approach Guard cannot use. Tell your security team:',
    policyKeptPrevious: 'The last valid value stays in force.',
  policyNotApplied: 'Your own setting applies instead.',
  policyIssueSetTo: 'set to',
  policyIssueForField: (value: string, reason: string) => `Your organisation\u2019s value ${value} was not used (${reason}).`,
  storedIssuesSection: 'Stored data that could not be read',
  // Nothing unreadable is deleted: it is left in storage, unused, until that setting or list is written again.
  storedIssues:
    'Approach Guard could not read some of the data kept on this device, and is not using it: a setting it cannot read has its default or your organisation\u2019s value, and an entry it cannot read is left out of its list. The data stays stored until Approach Guard next writes over it:',
} as const;

/** Field validation messages, phrased to say what to do. */
export const FIELD_ERRORS = {
  /** `problem` comes from endpointUrlProblem: "must start with https://…", "is not a valid URL". */
  webhookUrl: (problem: string) => `The report address ${problem}.`,
  reportEmail: 'Enter an e-mail address like name@example.org.',
  tooLong: (max: number) => `Use at most ${max} characters.`,
  invalid: (reason: string) => `This value cannot be used: ${reason}.`,
} as const;

/** Labels for enterprise-policy keys, so an issue reads in the user's words. */
export const POLICY_KEY_LABELS: Record<string, string> = {
  securityTeamName: 'Security team name',
  securityTeamContact: 'Security team contact',
  webhookUrl: 'Report address (webhook URL)',
  reportEmail: 'Report e-mail address',
  threshold: 'Warning threshold',
  discreetMode: 'Discreet mode',
  packUrl: 'Rule pack address',
  trustedKeys: 'Trusted signing keys',
  updateIntervalHours: 'Rule pack update interval',
};

/**
 * The report as people read it (e-mail body, clipboard). The labels are part of what the
 * security team receives, so they change only with care; the JSON report has no labels.
 */
export const REPORT_TEXT = {
  title: (format: string, version: number) => `${PRODUCT_NAME} report (${format} v${version})`,
  riskLevel: 'Risk level',
  riskValue: (level: string, score: number) => `${level} (score ${score}/100)`,
  seenIn: 'Seen in',
  surfaces: {
    message: 'LinkedIn message',
    inmail: 'LinkedIn InMail',
    invitation: 'LinkedIn invitation',
    profile: 'LinkedIn profile',
    job_ad: 'LinkedIn job advert',
  } satisfies Record<Surface, string>,
  sender: 'Sender',
  profile: 'Profile',
  headline: 'Headline',
  company: 'Company',
  warningSigns: 'Warning signs',
  rules: 'Rules',
  none: 'none',
  rulePack: 'Rule pack',
  extension: 'Extension',
  reportedAt: 'Reported at',
  reference: 'Reference',
  note: 'Note from the reporter:',
  excerpts: 'Messages the reporter chose to include:',
  // Numbered from 1, as the popup's checkboxes show them (the report's JSON counts from 0).
  excerptHeading: (message: number, at?: string) => `[message ${message + 1}${at ? `, ${at}` : ''}]`,
  // In the e-mail itself: for the security team, who have no button to press.
  excerptsLeftOut: (count: number) => `${count} message excerpt(s) left out to fit an e-mail link.`,
  emailSubject: (level: string, who: string) => `${PRODUCT_NAME} report: ${level} risk, ${who}`,
  emailUnknownSender: 'unknown sender',
  emailCut: '[cut to fit an e-mail link]',
} as const;

/** Why a report could not be composed or sent, as the popup shows it after "The report was not sent:". */
export const REPORT_ERRORS = {
  tooManyExcerpts: (max: number) => `At most ${max} messages can be included in a report.`,
  notInConversation: (index: number) => `Message ${index + 1} is not part of this conversation.`,
  ownMessage: (index: number) => `Message ${index + 1} is your own; only the sender's messages can be included.`,
  noteTooLong: (max: number) => `The note is longer than ${max} characters.`,
  tooLarge: 'The report is too large to send directly to the security team. Include fewer messages, or shorten the note.',
  cannotCompose: (reason: string) => `Cannot compose the report: ${reason}`,
  bodyNotJson: 'The report body is not JSON.',
  bodyNotReport: (reason: string) => `The report body is not a valid report: ${reason}`,
  bodyNotCanonical: 'The report body is not in canonical form.',
  webhookUrl: (problem: string) => `Webhook URL ${problem}`,
  emailAddress: (problem: string) => `E-mail address ${problem}`,
  emailTooLong: 'The e-mail address and subject alone exceed the mailto length limit.',
  noWebhook: 'No report address is set up.',
  busyDiscard: 'That report is being sent and cannot be discarded now.',
  forbidden: `Only ${PRODUCT_NAME}\u2019s own pages may send this message.`,
} as const;

/** Why a webhook delivery is waiting or failed, shown in the popup's list of reports. */
export const OUTBOX_ERRORS = {
  timeout: (seconds: number) => `No answer within ${seconds} s`,
  network: (detail: string) => `Network error: ${detail}`,
  redirected: 'The endpoint redirected; configure its final https:// URL',
  interrupted: 'Interrupted while sending',
  destinationChanged: 'Not sent: the reporting address has changed since this report was queued. Send the report again.',
  noAddress: 'Waiting: no reporting address is set. It is sent once the same address is set again; you can discard it.',
} as const;
