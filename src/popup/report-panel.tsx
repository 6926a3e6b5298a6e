// "Report to my security team": what will be sent, exactly, then one click to send it.
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import type { ReportResponse } from '../messaging/popup-protocol';
import type { ApproachSummary, SenderMessage } from '../messaging/protocol';
import { copyReport, type OutgoingReport, type ReportChannel } from '../report/channels';
import { composeReport, truncateText, type ComposedReport } from '../report/compose';
import { EXCERPTS_MAX, NOTE_MAX_CHARS } from '../report/schema';
import type { Settings } from '../settings/schema';
import { Button, ErrorMessage, StatusMessage } from '../ui/controls';
import { CheckboxField, RadioGroup, TextField } from '../ui/fields';
import { formatDate, formatDateTime } from '../ui/format';
import { ReportPreview } from '../ui/report-preview';
import { S } from '../ui/strings';
import { toApproach, toVerdict } from './approaches';
import type { PopupDeps } from './deps';
import { availableChannels, hasSecurityTeam, outgoingFor } from './report-channels';

interface Composition {
  composed?: ComposedReport;
  outgoing?: OutgoingReport;
  /** Why the report cannot be composed, or why the chosen channel cannot take it. */
  error?: string;
}

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

type Status = { tone: 'info' | 'success' | 'error'; message: string } | undefined;

const SNIPPET_CHARS = 80;

/**
 * LinkedIn's time as the user reads it, or the page's own text when it is not a date. A
 * conversation card dates older messages by day only ("2026-11-20"): shown as that day, never
 * as midnight UTC in the user's time zone (the evening before, west of Greenwich).
 */
const readableTime = (at: string | undefined) => {
  if (at && /^\d{4}-\d{2}-\d{2}$/.test(at)) return formatDate(at);
  const ms = at ? Date.parse(at) : Number.NaN;
  return Number.isNaN(ms) ? at : formatDateTime(ms);
};

/** The sender's messages as the page gave them; "unavailable" when it could not; undefined while asking. */
type Excerpts = SenderMessage[] | 'unavailable' | undefined;

const NONE: SenderMessage[] = [];

const sameMessage = (a: SenderMessage, b: SenderMessage | undefined) => a.index === b?.index && a.text === b.text && a.at === b.at;

/** The page's new answer, or the one before when it says the same (the same array keeps the report as composed). */
const fresher = (got: SenderMessage[] | undefined, before: Excerpts): Excerpts =>
  got && Array.isArray(before) && got.length === before.length && got.every((m, i) => sameMessage(m, before[i])) ? before : (got ?? 'unavailable');

export function ReportPanel({
  summary,
  tabId,
  settings,
  deps,
  id,
  onClose,
  withoutPage,
}: {
  summary: ApproachSummary;
  /** The tab whose page holds the approach (its messages are read from there). */
  tabId: number | undefined;
  settings: Settings;
  deps: PopupDeps;
  id: string;
  onClose: () => void;
  /** Why no messages are offered when the report is not made from a page (the notice's people). */
  withoutPage?: string;
}) {
  const headingId = useId();
  const limitId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const channels = availableChannels(settings);
  // The user's own pick, once made. Until then the preferred channel follows the settings, which
  // may change while the panel is open (a webhook saved in the options page).
  const [channel, setChannel] = useState<ReportChannel>();
  // The messages themselves, not their places: a thread read again may hold another message at
  // the same index (LinkedIn loaded older ones above), which the user did not tick.
  const [ticked, setTicked] = useState<SenderMessage[]>([]);
  const [note, setNote] = useState('');
  const [status, setStatus] = useState<Status>();
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);
  // One idempotency key for the report this panel shows, kept while the preview is composed again
  // (the page read again, settings changed): the key the user saw is the key sent, and a second
  // click is the same report to the outbox. A new one after each attempt to send.
  const [reportKey, setReportKey] = useState(() => deps.randomUUID());
  // Its time, kept the same way: the preview does not change under the user's eyes when the
  // page's messages arrive a moment after the panel opens.
  const [reportTime, setReportTime] = useState(() => deps.now());
  const activeChannel = channel && channels.includes(channel) ? channel : (channels[0] ?? 'clipboard');

  const [excerpts, setExcerpts] = useState<Excerpts>();
  const messages = Array.isArray(excerpts) ? excerpts : NONE;

  useEffect(() => headingRef.current?.focus(), []);

  // Read when the panel opens, and again when the tab's verdicts change (a message that adds no
  // cue changes none: it is listed when the panel is next opened).
  useEffect(() => {
    let live = true;
    // A report made without a page has no messages to offer, and no page to read again.
    if (withoutPage !== undefined) {
      setExcerpts([]);
      return undefined;
    }
    const read = tabId === undefined ? Promise.resolve(undefined) : deps.senderMessages(tabId, summary.approachId);
    void read.then((got) => {
      if (!live) return;
      setExcerpts((before) => fresher(got, before));
    });
    return () => {
      live = false;
    };
  }, [deps, tabId, summary, withoutPage]);

  const isTicked = (message: SenderMessage) => ticked.some((t) => sameMessage(t, message));
  const given = (tick: SenderMessage) => messages.some((m) => sameMessage(m, tick));
  // A ticked message the page no longer gives where it stood (it moved, changed or went): said,
  // and left out, until the user ticks again.
  const lost = Array.isArray(excerpts) && !ticked.every(given);
  // A report holds at most EXCERPTS_MAX messages: once that many are ticked, the others wait.
  const full = messages.filter(isTicked).length >= EXCERPTS_MAX;

  // Composed once per change of content: the preview and the send below use the same object,
  // so what is sent is byte for byte what is shown.
  const composition = useMemo<Composition>(() => {
    let composed: ComposedReport;
    try {
      composed = composeReport(
        {
          approach: toApproach(summary, messages),
          verdict: toVerdict(summary),
          extensionVersion: deps.extensionVersion,
          note,
          excerptMessages: messages.filter(isTicked).map((m) => m.index),
        },
        { now: () => reportTime, randomUUID: () => reportKey },
      );
    } catch (error) {
      return { error: reasonOf(error) };
    }
    try {
      return { composed, outgoing: outgoingFor(composed, activeChannel, settings) };
    } catch (error) {
      // The chosen channel cannot take this report (a webhook takes at most 64 KB): the next
      // one offered that can is chosen instead, and the alert says why. E-mail shortens the
      // report to fit, and the clipboard has room.
      const reason = reasonOf(error);
      for (const other of channels) {
        if (other === activeChannel) continue;
        try {
          return { composed, outgoing: outgoingFor(composed, other, settings), error: `${reason} ${S.channelFallback(S.channelLabels[other])}` };
        } catch {
          // Nor this one.
        }
      }
      return { composed, error: reason };
    }
  }, [summary, messages, note, ticked, activeChannel, settings, deps, reportKey, reportTime]);

  const toggle = (message: SenderMessage, on: boolean) => {
    // A click on a box that waits (aria-disabled) is undone already; this covers any other way in.
    if (on && full && !isTicked(message)) return;
    setTicked((current) => [...current.filter((t) => given(t) && !sameMessage(t, message)), ...(on ? [message] : [])]);
  };

  async function sendWebhook(composed: ComposedReport) {
    // `disabled` takes effect only after the next render; a double click lands before it.
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    setStatus({ tone: 'info', message: S.sending });
    let response: ReportResponse;
    try {
      response = await deps.send({
        type: 'popup→background:report',
        approachId: composed.approachId,
        body: composed.body,
      });
    } finally {
      inFlight.current = false;
      setBusy(false);
      // After any attempt: one that failed may still have reached the outbox, which would take an
      // edited report under the same key for the one it holds. The same content sent again is
      // caught by the outbox's content check.
      setReportKey(deps.randomUUID());
      setReportTime(deps.now());
    }
    if (response.ok) setStatus({ tone: 'success', message: response.item.state === 'sent' ? S.sent : S.queued });
    else setStatus({ tone: 'error', message: S.reportFailed(response.error) });
  }

  async function copy(outgoing: Extract<OutgoingReport, { channel: 'clipboard' }>) {
    try {
      await copyReport(outgoing, deps.clipboard);
      setStatus({ tone: 'success', message: S.copied });
    } catch {
      setStatus({ tone: 'error', message: S.copyFailed });
    }
  }

  const { composed, outgoing } = composition;
  return (
    <section id={id} class="ag-panel" aria-labelledby={headingId}>
      <h3 id={headingId} ref={headingRef} tabIndex={-1}>
        {S.reportHeading}
      </h3>
      {!hasSecurityTeam(settings) ? (
        <div class="ag-notice">
          <p>
            <strong>{S.noTeamHeading}</strong>
          </p>
          <p>{S.noTeamBody}</p>
          <Button onClick={() => void deps.openOptions()}>{S.openSettings}</Button>
        </div>
      ) : null}
      <p>{S.reportIntro}</p>
      {channels.length > 1 ? (
        <RadioGroup
          legend={S.channelLegend}
          name={`${id}-channel`}
          value={composition.outgoing?.channel ?? activeChannel}
          onChange={(value) => {
            setChannel(value);
            setStatus(undefined);
          }}
          options={channels.map((value) => ({ value, label: S.channelLabels[value] }))}
        />
      ) : null}
      {withoutPage !== undefined ? <p class="ag-field__hint">{withoutPage}</p> : null}
      {excerpts === undefined ? <p class="ag-field__hint">{S.excerptsReading}</p> : null}
      {excerpts === 'unavailable' ? <p class="ag-field__hint">{S.excerptsUnavailable}</p> : null}
      {lost ? <p class="ag-field__hint">{S.excerptsMoved}</p> : null}
      {messages.length > 0 ? (
        <fieldset class="ag-fieldset">
          <legend class="ag-field__label">{S.excerptsLegend}</legend>
          <p class="ag-field__hint">{S.excerptsHint}</p>
          {messages.map((message) => (
            <CheckboxField
              key={message.index}
              checked={isTicked(message)}
              onChange={(on) => toggle(message, on)}
              unavailable={full && !isTicked(message)}
              describedBy={full && !isTicked(message) ? limitId : undefined}
              label={
                <>
                  {S.excerptLabel(message.index, readableTime(message.at))}: <q class="ag-quote">{truncateText(message.text, SNIPPET_CHARS)}</q>
                </>
              }
            />
          ))}
          {/* Polite, and in the DOM before it speaks: said when the last box allowed is ticked. */}
          <StatusMessage id={limitId} message={full && messages.length > EXCERPTS_MAX ? S.excerptsLimit(EXCERPTS_MAX) : undefined} />
        </fieldset>
      ) : null}
      <TextField
        label={S.noteLabel}
        hint={S.noteHint(NOTE_MAX_CHARS)}
        value={note}
        onInput={setNote}
        multiline
        maxLength={NOTE_MAX_CHARS}
      />
      {/* About the report as a whole, not the note: the note is rarely what is wrong. */}
      <ErrorMessage message={composition.error} />
      {outgoing ? <ReportPreview text={outgoing.preview} /> : null}
      {outgoing?.channel === 'email' && outgoing.excerptsOmitted ? <p class="ag-field__hint">{S.emailExcerptsOmitted(channels.includes('clipboard'))}</p> : null}
      {outgoing?.channel === 'email' && outgoing.truncated ? <p class="ag-field__hint">{S.emailTruncated(channels.includes('clipboard'))}</p> : null}
      <div class="ag-actions">
        {composed && outgoing?.channel === 'webhook' ? (
          <Button variant="primary" disabled={busy} onClick={() => void sendWebhook(composed)}>
            {busy ? S.sending : S.send}
          </Button>
        ) : null}
        {outgoing?.channel === 'email' ? (
          // A real link, so the browser hands mailto: to the mail program; it opens outside the popup.
          <a
            class="ag-button ag-button--primary"
            href={outgoing.url}
            target="_blank"
            rel="noopener noreferrer"
            onClick={() => setStatus({ tone: 'success', message: S.emailOpened })}
          >
            {S.openEmail}
          </a>
        ) : null}
        {outgoing?.channel === 'clipboard' ? (
          <Button variant="primary" onClick={() => void copy(outgoing)}>
            {S.copy}
          </Button>
        ) : null}
        <Button variant="quiet" onClick={onClose}>
          {S.closePanel}
        </Button>
      </div>
      <StatusMessage message={status?.message} tone={status?.tone} />
    </section>
  );
}
