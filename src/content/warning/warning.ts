// The in-page warning, built with the DOM's own calls: every word shown is a text node, so page
// text never becomes HTML. No UI library: this is the only thing the content script draws, and
// leaving Preact to the popup and options keeps the script small, which matters twice on every
// LinkedIn page, in bytes and in the time V8 takes to compile it while it loads.
//
// Announcements: the visible panel is a labelled region, not a live region, because a live
// region that arrives already filled is announced unreliably. A separate, visually hidden live
// region is filled just after mounting: politely for low and medium (the user is reading; a
// polite note is enough), assertively for high only, because a high verdict means "stop before
// replying or accepting" and is rare enough not to become noise.
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

type Child = Node | string;

/**
 * What this page has announced on a warning's first drawing, by sender: a warning drawn again
 * (LinkedIn empties a card scrolled out of view and fills it again, a thread opened again) is not
 * announced again.
 */
const announced = new Set<string>();

/** A page that has announced nothing yet (tests mount many warnings in one page). */
export const forgetAnnouncements = (): void => announced.clear();

const summaryOf = (view: WarningView) => warningAnnouncement(view.levelWord, view.headline, view.topCues.map((c) => c.title).join('; '));

/**
 * One warning, drawn into `mount`. A new view redraws the panel; opening the details and the
 * "Not suspicious" confirmation change it in place, so the control in use keeps the focus.
 */
export class WarningPanel {
  #props: WarningProps | undefined;
  #open = false;
  #confirming = false;
  readonly #section: HTMLElement;
  readonly #live: HTMLElement;
  #detailsButton!: HTMLButtonElement;
  #dismissButton!: HTMLButtonElement;
  #buttons!: HTMLElement;
  #confirm!: HTMLElement;
  #details!: HTMLElement;

  readonly #doc: Document;

  constructor(doc: Document, mount: Element) {
    this.#doc = doc;
    this.#live = this.#element('div', { class: 'ag__sr', 'aria-atomic': 'true' });
    this.#section = this.#element('section', {}, this.#live);
    this.#section.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape' || !this.#open) return;
      event.stopPropagation();
      this.#setOpen(false);
      this.#detailsButton.focus();
    });
    mount.append(this.#section);
  }

  update(props: WarningProps): void {
    const before = this.#props?.view;
    this.#props = props;
    const { view } = props;
    const root = this.#section.getRootNode() as Document | ShadowRoot;
    const focused = this.#controls().indexOf(root.activeElement!);

    const section = this.#section;
    section.className = `ag ag--${view.level}${view.compact ? ' ag--compact' : ''}`;
    section.setAttribute('aria-label', warningRegionLabel(view.levelWord, view.headline, view.senderName));
    section.setAttribute('data-level', view.level);
    this.#live.setAttribute('role', view.level === 'high' ? 'alert' : 'status');
    this.#live.setAttribute('aria-live', view.level === 'high' ? 'assertive' : 'polite');
    while (section.lastChild !== this.#live) section.lastChild!.remove();

    const el = this.#element.bind(this);
    section.append(el('div', { class: 'ag__head' }, el('span', { class: 'ag__chip' }, view.levelWord), el('h2', { class: 'ag__headline' }, view.headline)));
    if (view.topCues.length) {
      section.append(
        view.compact
          ? el('p', { class: 'ag__compact-cues' }, view.topCues.map((cue) => cue.title).join(' · '))
          : el(
              'ul',
              { class: 'ag__cues', 'aria-label': WARNING_CUES_LABEL },
              ...view.topCues.map((cue) => el('li', {}, el('span', { class: 'ag__cue-title' }, cue.title), ...(cue.quotes.length ? [': ', ...this.#quotes(cue.quotes)] : []))),
            ),
      );
    }
    if (!view.compact) section.append(this.#steps(view));

    this.#detailsButton = this.#button('', () => this.#setOpen(!this.#open));
    this.#detailsButton.setAttribute('aria-controls', 'ag-details');
    this.#dismissButton = this.#button(view.canMarkNotSuspicious ? WARNING_NOT_SUSPICIOUS : WARNING_HIDE, () =>
      this.#props!.view.canMarkNotSuspicious ? this.#setConfirming(true) : this.#props!.onHide(),
    );
    this.#buttons = el('div', { class: 'ag__buttons' }, this.#detailsButton);
    this.#confirm = el(
      'div',
      { class: 'ag__confirm', role: 'group', 'aria-label': WARNING_CONFIRM_LABEL },
      el('p', {}, warningConfirm(view.senderName ?? WARNING_THIS_SENDER)),
      el('div', { class: 'ag__buttons' }, this.#button(WARNING_CONFIRM_YES, () => this.#props!.onNotSuspicious()), this.#button(WARNING_CANCEL, () => this.#setConfirming(false))),
    );
    this.#details = el(
      'div',
      { class: 'ag__details', id: 'ag-details' },
      ...(view.compact ? [this.#steps(view)] : []),
      ...view.details.map((cue) =>
        el(
          'div',
          {},
          el('h3', {}, cue.title),
          ...(cue.description ? [el('p', {}, cue.description)] : []),
          ...(cue.quotes.length ? [el('p', {}, `${WARNING_QUOTES_LABEL} `, ...this.#quotes(cue.quotes))] : []),
          ...(cue.advice ? [el('p', {}, `${WARNING_ADVICE_LABEL} ${cue.advice}`)] : []),
        ),
      ),
      el('p', { class: 'ag__muted' }, warningFooter(view.packVersion)),
    );
    if (view.notice) section.append(el('p', { class: 'ag__notice' }, view.notice));
    section.append(this.#buttons, this.#details);
    this.#setOpen(this.#open);
    this.#setConfirming(this.#confirming, false);
    (this.#controls()[focused] as HTMLElement | undefined)?.focus();

    // Filled after mounting, so screen readers announce a change rather than a region that
    // arrived already full.
    // A notice (the warning is back because a dismissal was not saved) is said first.
    const summary = summaryOf(view);
    const announce = (v: WarningView) => (v.notice ? `${v.notice} ` : '') + summaryOf(v);
    // A notice is news each time.
    const said = view.senderName + summary;
    if (!before) {
      if (view.notice || !announced.has(said)) queueMicrotask(() => (this.#live.textContent = announce(this.#props!.view)));
    }
    else if (view.notice && view.notice !== before.notice) this.#live.textContent = announce(view);
    else if (summary !== summaryOf(before)) this.#live.textContent = summary;
    announced.add(said);
  }

  /** The buttons, in a fixed order, so a redraw can give the focus back to the same one. */
  #controls(): Element[] {
    return this.#confirm ? [this.#detailsButton, this.#dismissButton, ...this.#confirm.querySelectorAll('button')] : [];
  }

  #setOpen(open: boolean): void {
    this.#open = open;
    this.#detailsButton.setAttribute('aria-expanded', String(open));
    this.#detailsButton.textContent = open ? WARNING_HIDE_DETAILS : WARNING_DETAILS;
    this.#details.hidden = !open;
  }

  /** The confirmation replaces the "Not suspicious" button, and takes the focus when asked. */
  #setConfirming(confirming: boolean, focus = true): void {
    this.#confirming = confirming;
    if (confirming) {
      this.#dismissButton.remove();
      this.#buttons.after(this.#confirm);
      if (focus) this.#confirm.querySelector('button')!.focus();
    } else {
      this.#confirm.remove();
      this.#buttons.append(this.#dismissButton);
      // Cancel goes back to the button that asked: the focus is not dropped on the page.
      if (focus) this.#dismissButton.focus();
    }
  }

  /** NPSA's steps, the same words as the popup's "What to do". */
  #steps(view: WarningView): HTMLElement {
    return this.#element(
      'div',
      { class: 'ag__action' },
      this.#element('p', { class: 'ag__steps-title' }, WARNING_WHAT_TO_DO),
      this.#element('ol', { class: 'ag__steps' }, ...view.steps.map((step) => this.#element('li', {}, step))),
    );
  }

  #quotes(quotes: readonly CueQuote[]): Child[] {
    return quotes.flatMap((quote, i) => [...(i > 0 ? [', '] : []), quote.quoted ? this.#element('span', { class: 'ag__quote' }, `“${quote.text}”`) : this.#element('span', {}, quote.text)]);
  }

  #button(label: string, onClick: () => void): HTMLButtonElement {
    const button = this.#element('button', { type: 'button' }, label) as HTMLButtonElement;
    button.addEventListener('click', onClick);
    return button;
  }

  /** An element with attributes and children; strings become text nodes, never markup. */
  #element(tag: string, attributes: Record<string, string>, ...children: Child[]): HTMLElement {
    const element = this.#doc.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    element.append(...children);
    return element;
  }
}
