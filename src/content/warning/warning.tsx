// The in-page warning. Everything shown is a Preact text node: page text never becomes HTML.
//
// Announcements: the visible panel is a labelled region, not a live region, because a live
// region that arrives already filled is announced unreliably. A separate, visually hidden live
// region is filled just after mounting: politely for low and medium (the user is reading; a
// polite note is enough), assertively for high only, because a high verdict means "stop before
// replying or accepting" and is rare enough not to become noise.
// A class component rather than hooks: the content script's size budget has no room for
// preact/hooks, and this is the only stateful component it renders.
import { Component, createRef, Fragment } from 'preact';
import {
  WARNING_ADVICE_LABEL,
  WARNING_CANCEL,
  WARNING_CONFIRM_LABEL,
  WARNING_CONFIRM_YES,
  WARNING_CUES_LABEL,
  WARNING_DETAILS,
  WARNING_HIDE,
  WARNING_HIDE_DETAILS,
  WARNING_NOT_SUSPICIOUS,
  WARNING_QUOTES_LABEL,
  WARNING_THIS_SENDER,
  WARNING_WHAT_TO_DO,
  warningAnnouncement,
  warningConfirm,
  warningFooter,
  warningRegionLabel,
} from '../../ui/strings';
import type { CueQuote, WarningView } from './view-model';

export interface WarningProps {
  view: WarningView;
  /** The user confirmed "Not suspicious" for this sender. */
  onNotSuspicious(): void;
  /** Hide this warning for this page only (senders without a profile link). */
  onHide(): void;
}

function Quote({ quote }: { quote: CueQuote }) {
  return quote.quoted ? <span class="ag__quote">“{quote.text}”</span> : <span>{quote.text}</span>;
}

function QuoteList({ quotes }: { quotes: readonly CueQuote[] }) {
  return (
    <>
      {quotes.map((quote, i) => (
        <Fragment key={i}>
          {i > 0 ? ', ' : ''}
          <Quote quote={quote} />
        </Fragment>
      ))}
    </>
  );
}

interface WarningState {
  open: boolean;
  confirming: boolean;
  announcement: string;
}

const summaryOf = (view: WarningView) => warningAnnouncement(view.levelWord, view.headline, view.topCues.map((c) => c.title).join('; '));

/** NPSA's steps, the same words as the popup's "What to do". */
function Steps({ view }: { view: WarningView }) {
  return (
    <div class="ag__action">
      <p class="ag__steps-title">{WARNING_WHAT_TO_DO}</p>
      <ol class="ag__steps">
        {view.steps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
    </div>
  );
}

export class Warning extends Component<WarningProps, WarningState> {
  override state: WarningState = { open: false, confirming: false, announcement: '' };
  private detailsButton = createRef<HTMLButtonElement>();
  private confirmButton = createRef<HTMLButtonElement>();

  // Filled after mounting, so screen readers announce a change rather than a region that
  // arrived already full.
  override componentDidMount(): void {
    this.setState({ announcement: summaryOf(this.props.view) });
  }

  override componentDidUpdate(previous: WarningProps, before: WarningState): void {
    const summary = summaryOf(this.props.view);
    if (summary !== summaryOf(previous.view)) this.setState({ announcement: summary });
    if (this.state.confirming && !before.confirming) this.confirmButton.current?.focus();
  }

  private closeDetails = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !this.state.open) return;
    event.stopPropagation();
    this.setState({ open: false });
    this.detailsButton.current?.focus();
  };

  override render() {
    const { view, onNotSuspicious, onHide } = this.props;
    const { open, confirming, announcement } = this.state;
    const closeDetails = this.closeDetails;
    const detailsButton = this.detailsButton;
    const confirmButton = this.confirmButton;
    const setOpen = (value: boolean) => this.setState({ open: value });
    const setConfirming = (value: boolean) => this.setState({ confirming: value });
    return (
      <section
        class={`ag ag--${view.level}${view.compact ? ' ag--compact' : ''}`}
        aria-label={warningRegionLabel(view.levelWord, view.headline, view.senderName)}
        data-level={view.level}
        onKeyDown={closeDetails}
      >
        <div class="ag__sr" role={view.level === 'high' ? 'alert' : 'status'} aria-live={view.level === 'high' ? 'assertive' : 'polite'} aria-atomic="true">
          {announcement}
        </div>
        <div class="ag__head">
          <span class="ag__chip">{view.levelWord}</span>
          <h2 class="ag__headline">
            {view.headline}
          </h2>
        </div>
        {view.compact && view.topCues.length > 0 && (
          <p class="ag__compact-cues">{view.topCues.map((cue) => cue.title).join(' · ')}</p>
        )}
        {!view.compact && view.topCues.length > 0 && (
          <ul class="ag__cues" aria-label={WARNING_CUES_LABEL}>
            {view.topCues.map((cue) => (
              <li key={cue.indicator}>
                <span class="ag__cue-title">{cue.title}</span>
                {cue.quotes.length > 0 && (
                  <>
                    {': '}
                    <QuoteList quotes={cue.quotes} />
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
        {!view.compact && <Steps view={view} />}
        <div class="ag__buttons">
          <button
            type="button"
            ref={detailsButton}
            aria-expanded={open}
            aria-controls="ag-details"
            onClick={() => setOpen(!open)}
          >
            {open ? WARNING_HIDE_DETAILS : WARNING_DETAILS}
          </button>
          {!confirming && (
            <button
              type="button"
              onClick={() => (view.canMarkNotSuspicious ? setConfirming(true) : onHide())}
            >
              {view.canMarkNotSuspicious ? WARNING_NOT_SUSPICIOUS : WARNING_HIDE}
            </button>
          )}
        </div>
        {confirming && (
          <div class="ag__confirm" role="group" aria-label={WARNING_CONFIRM_LABEL}>
            <p>{warningConfirm(view.senderName ?? WARNING_THIS_SENDER)}</p>
            <div class="ag__buttons">
              <button type="button" ref={confirmButton} onClick={onNotSuspicious}>
                {WARNING_CONFIRM_YES}
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                {WARNING_CANCEL}
              </button>
            </div>
          </div>
        )}
        <div class="ag__details" id="ag-details" hidden={!open}>
          {view.compact && <Steps view={view} />}
          {view.details.map((cue) => (
            <div key={cue.rule}>
              <h3>{cue.title}</h3>
              {cue.description && <p>{cue.description}</p>}
              {cue.quotes.length > 0 && (
                <p>
                  {WARNING_QUOTES_LABEL} <QuoteList quotes={cue.quotes} />
                </p>
              )}
              {cue.advice && (
                <p>
                  {WARNING_ADVICE_LABEL} {cue.advice}
                </p>
              )}
            </div>
          ))}
          <p class="ag__muted">{warningFooter(view.packVersion)}</p>
        </div>
      </section>
    );
  }
}
