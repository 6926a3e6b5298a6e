// Which ways of reporting the popup offers, and the exact outgoing report for each.
import {
  prepareClipboard,
  prepareEmail,
  prepareWebhook,
  type OutgoingReport,
  type ReportChannel,
} from '../report/channels';
import type { ComposedReport } from '../report/compose';
import type { Settings } from '../settings/schema';

/** A security team is set up when reports have somewhere to go. */
export const hasSecurityTeam = (settings: Settings): boolean => Boolean(settings.webhookUrl || settings.reportEmail);

/**
 * Webhook first (one click, retried until delivered), then e-mail, then the clipboard. With no
 * team set up the clipboard is always offered, so a report can still be passed on by hand.
 */
export function availableChannels(settings: Settings): ReportChannel[] {
  const channels: ReportChannel[] = [];
  if (settings.webhookUrl) channels.push('webhook');
  if (settings.reportEmail) channels.push('email');
  if (settings.clipboardEnabled || channels.length === 0) channels.push('clipboard');
  return channels;
}

/** Throws ChannelConfigError when the configured address cannot be used. */
export function outgoingFor(composed: ComposedReport, channel: ReportChannel, settings: Settings): OutgoingReport {
  switch (channel) {
    case 'webhook':
      return prepareWebhook(composed, settings.webhookUrl ?? '');
    case 'email':
      return prepareEmail(composed, settings.reportEmail ?? '');
    case 'clipboard':
      return prepareClipboard(composed);
  }
}
