import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWarningHost, LEVEL_ATTRIBUTE, shadowRoots } from '../../../src/content/warning/host';
import { buildWarningView, type WarningView } from '../../../src/content/warning/view-model';
import { forgetAnnouncements, WarningPanel } from '../../../src/content/warning/warning';
import type { Verdict } from '../../../src/engine/types';
import { CORE_STEPS, LEVEL_WORDS, S, WARNING_ADVICE_LABEL, WARNING_NOT_SUSPICIOUS, WARNING_QUOTES_LABEL } from '../../../src/ui/strings';
import { baselinePack } from './helpers';

const XSS = '<img src=x onerror=alert(1)>';

const verdict = (overrides: Partial<Verdict> = {}): Verdict => ({
  score: 85,
  level: 'high',
  packVersion: '2026.11.23',
  hits: [
    { rule: 'channels.messaging-app', indicator: 'off_platform_move', weight: 25, evidence: [{ message: 0, start: 0, end: 8, quote: 'WhatsApp' }] },
    { rule: 'paid.reports-for-a-fee', indicator: 'paid_consultancy_or_reports', weight: 30, evidence: [{ message: 0, start: 10, end: 17, quote: 'reports' }, { message: 0, start: 20, end: 24, quote: XSS }] },
    { rule: 'secrecy.keep-it-quiet', indicator: 'secrecy_request', weight: 30, evidence: [{ message: 1, start: 0, end: 21, quote: 'keep this between us' }] },
    { rule: 'profile.no-photo', indicator: 'profile_anomaly', weight: 10, evidence: [{ message: -1, start: 0, end: 16, quote: 'no profile photo', field: 'profile' }] },
    { rule: 'trip.expenses-paid', indicator: 'funded_trip', weight: 20, evidence: [{ message: 0, start: 0, end: 5, quote: 'hidden' }], experimental: true },
  ],
  ...overrides,
});

const view = (v: Verdict = verdict(), hasProfile = true): WarningView =>
  buildWarningView(v, baselinePack().scorer, { surface: 'message', senderName: 'Lena Okafor', hasProfile })!;

const containers: HTMLElement[] = [];
function mount(v: WarningView, handlers = { onNotSuspicious: vi.fn(), onHide: vi.fn() }) {
  const container = document.createElement('div');
  document.body.append(container);
  containers.push(container);
  const panel = new WarningPanel(document, container);
  panel.update({ view: v, ...handlers });
  return { container, panel, ...handlers };
}

afterEach(() => {
  for (const c of containers.splice(0)) c.remove();
  forgetAnnouncements();
});

// Lets the announcement, which is filled just after mounting, arrive.
const flush = () => new Promise<void>((resolve) => queueMicrotask(resolve));
const button = (root: ParentNode, name: RegExp) =>
  [...root.querySelectorAll('button')].find((b) => name.test(b.textContent ?? '')) as HTMLButtonElement;

describe('the warning view', () => {
  it('names the level, the top three cues from the pack, and NPSA’s steps in the popup’s words', () => {
    const v = view();
    expect(v.levelWord).toBe('High risk');
    expect(v.topCues.map((c) => c.title)).toEqual(['Move to another channel', 'Paid consultancy or reports', 'Secrecy']);
    expect(v.topCues[1]!.quotes.map((q) => q.text)).toEqual(['reports', XSS]);
    expect(v.steps).toEqual([CORE_STEPS.withdraw, CORE_STEPS.doNotShare, CORE_STEPS.report]);
  });

  it('leaves experimental rules out and keeps profile facts unquoted', () => {
    const v = view();
    expect(v.details.map((d) => d.rule)).not.toContain('trip.expenses-paid');
    const photo = v.details.find((d) => d.rule === 'profile.no-photo')!;
    expect(photo.quotes).toEqual([{ text: 'no profile photo', quoted: false }]);
    expect(photo.description).not.toBe('');
    expect(photo.advice).not.toBe('');
  });

  it('is not built for a verdict of none', () => {
    expect(buildWarningView(verdict({ level: 'none' }), baselinePack().scorer, { surface: 'message', hasProfile: true })).toBeUndefined();
  });
});

describe('the warning component', () => {
  it('renders the level word, the cues and the words that fired them', () => {
    const { container } = mount(view());
    const text = container.textContent ?? '';
    expect(container.querySelector('.ag__chip')?.textContent).toBe('High risk');
    expect(text).toContain('Move to another channel');
    expect(text).toContain('“WhatsApp”');
    const steps = [...container.querySelectorAll('.ag__steps li')].map((li) => li.textContent);
    expect(steps).toEqual(Object.values(CORE_STEPS));
    expect(container.querySelector('.ag__steps-title')?.textContent).toBe(S.whatToDo);
  });

  it('uses the same words as the popup for the level, the quoted-words label, the advice label and "Not suspicious"', () => {
    for (const level of ['low', 'medium', 'high'] as const) {
      const { container } = mount(view(verdict({ level })));
      expect(container.querySelector('.ag__chip')?.textContent).toBe(LEVEL_WORDS[level]);
    }
    expect(WARNING_QUOTES_LABEL).toBe(`${S.quotesLabel}:`);
    expect(WARNING_ADVICE_LABEL).toBe(S.adviceLabel);
    expect(WARNING_NOT_SUSPICIOUS).toBe(S.notSuspicious);
  });

  it('shows page text as text, never as markup', () => {
    const { container } = mount(view());
    expect(container.textContent).toContain(`“${XSS}”`);
    expect(container.querySelector('img')).toBeNull();
    expect(container.innerHTML).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('is a labelled region with a live announcement: assertive for high, polite otherwise', async () => {
    const high = mount(view());
    await flush();
    const section = high.container.querySelector('section')!;
    // Named by level, sender and headline, so two warnings on one page are told apart.
    expect(section.getAttribute('aria-label')).toBe('High risk, Lena Okafor: This conversation has signs of a covert recruitment approach.');
    const anonymous = mount(buildWarningView(verdict(), baselinePack().scorer, { surface: 'invitation', hasProfile: false })!);
    expect(anonymous.container.querySelector('section')?.getAttribute('aria-label')).toBe('High risk: This invitation has signs of a covert recruitment approach.');
    const live = high.container.querySelector('[aria-live]')!;
    expect(live.getAttribute('role')).toBe('alert');
    expect(live.getAttribute('aria-live')).toBe('assertive');
    expect(live.textContent).toContain('Approach Guard: High risk.');

    const medium = mount(view(verdict({ level: 'medium', score: 45 })));
    await flush();
    const politeRegion = medium.container.querySelector('[aria-live]')!;
    expect(politeRegion.getAttribute('role')).toBe('status');
    expect(politeRegion.getAttribute('aria-live')).toBe('polite');
  });

  it('announces a warning drawn again for the same sender once in a page, as LinkedIn redraws a card scrolled back into view', async () => {
    const live = (c: HTMLElement) => c.querySelector('[aria-live]')!.textContent;
    const first = mount(view());
    await flush();
    expect(live(first.container)).toContain('Approach Guard: High risk.');
    first.container.remove();
    const again = mount(view());
    await flush();
    expect(live(again.container)).toBe('');
    // Another sender with the same words is news, and so is a notice.
    const other = mount(buildWarningView(verdict(), baselinePack().scorer, { surface: 'message', senderName: 'Owen Pryce', hasProfile: true })!);
    await flush();
    expect(live(other.container)).toContain('Approach Guard: High risk.');
    // A notice each time it is drawn (a mark that failed to save twice, say).
    for (let i = 0; i < 2; i++) {
      const notice = mount({ ...view(), notice: 'The warning is back.' });
      await flush();
      expect(live(notice.container)).toContain('The warning is back.');
      notice.container.remove();
    }
  });

  it('expands the details in place with every cue, its description and advice, and closes on Escape', async () => {
    const { container } = mount(view());
    const details = button(container, /^Details$/);
    const panel = container.querySelector(`#${details.getAttribute('aria-controls')}`) as HTMLElement;
    expect(details.getAttribute('aria-expanded')).toBe('false');
    expect(panel.hidden).toBe(true);

    details.click();
    await flush();
    expect(details.getAttribute('aria-expanded')).toBe('true');
    expect(panel.hidden).toBe(false);
    expect(panel.querySelectorAll('h3')).toHaveLength(4);
    expect(panel.textContent).toContain(`${S.quotesLabel}: `);
    expect(panel.textContent).toContain(`${S.adviceLabel} `);

    details.focus();
    details.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await flush();
    expect(panel.hidden).toBe(true);
    expect(document.activeElement).toBe(details);
  });

  it('marks the sender Not suspicious only after a confirmation', async () => {
    const { container, onNotSuspicious } = mount(view());
    button(container, /^Not suspicious$/).click();
    await flush();
    expect(onNotSuspicious).not.toHaveBeenCalled();
    expect(container.textContent).toContain('Stop warning about Lena Okafor?');
    const confirm = button(container, /^Yes, not suspicious$/);
    expect(document.activeElement).toBe(confirm);
    button(container, /^Cancel$/).click();
    await flush();
    expect(button(container, /^Yes/)).toBeUndefined();
    // The focus goes back to the button that asked, not to the page.
    expect(document.activeElement).toBe(button(container, /^Not suspicious$/));

    button(container, /^Not suspicious$/).click();
    await flush();
    button(container, /^Yes, not suspicious$/).click();
    expect(onNotSuspicious).toHaveBeenCalledTimes(1);
  });

  it('keeps the details open and the focus where it was when a new verdict redraws it, and announces the change', async () => {
    const { container, panel, onNotSuspicious, onHide } = mount(view());
    await flush();
    const live = container.querySelector('[aria-live]')!;
    const first = live.textContent;
    button(container, /^Details$/).click();
    button(container, /^Hide details$/).focus();

    const medium = view(verdict({ level: 'medium', score: 45, hits: verdict().hits.slice(0, 2) }));
    panel.update({ view: medium, onNotSuspicious, onHide });
    const details = button(container, /^Hide details$/);
    expect(details.getAttribute('aria-expanded')).toBe('true');
    expect((container.querySelector('#ag-details') as HTMLElement).hidden).toBe(false);
    expect(document.activeElement).toBe(details);
    expect(container.querySelector('.ag__chip')?.textContent).toBe(LEVEL_WORDS.medium);
    // One live region, kept, with the new summary in it.
    expect(container.querySelectorAll('[aria-live]')).toHaveLength(1);
    expect(container.querySelector('[aria-live]')).toBe(live);
    expect(live.textContent).not.toBe(first);
    expect(live.textContent).toContain(`Approach Guard: ${LEVEL_WORDS.medium}.`);
    expect(live.getAttribute('aria-live')).toBe('polite');
  });

  it('keeps the confirmation open through a redraw, without taking the focus', async () => {
    const { container, panel, onNotSuspicious, onHide } = mount(view());
    button(container, /^Not suspicious$/).click();
    button(container, /^Cancel$/).focus();
    panel.update({ view: view(verdict({ score: 90 })), onNotSuspicious, onHide });
    expect(button(container, /^Not suspicious$/)).toBeUndefined();
    expect(document.activeElement).toBe(button(container, /^Cancel$/));
    button(container, /^Yes, not suspicious$/).click();
    expect(onNotSuspicious).toHaveBeenCalledTimes(1);
  });

  it('offers only "Hide" when there is no profile to remember', () => {
    const { container, onHide } = mount(view(verdict(), false));
    expect(button(container, /^Not suspicious$/)).toBeUndefined();
    button(container, /^Hide$/).click();
    expect(onHide).toHaveBeenCalled();
  });

  it('keeps every control reachable by keyboard (native buttons, no negative tabindex)', () => {
    const { container } = mount(view());
    const buttons = [...container.querySelectorAll('button')];
    expect(buttons.length).toBeGreaterThanOrEqual(2);
    for (const b of buttons) {
      expect(b.getAttribute('type')).toBe('button');
      expect(b.getAttribute('tabindex')).toBeNull();
    }
  });
});

describe('the warning host', () => {
  it('carries the level attribute and keeps its content in a closed shadow root', () => {
    const host = createWarningHost(document);
    host.update(view(), { onNotSuspicious: vi.fn(), onHide: vi.fn() });
    document.body.append(host.element);
    expect(host.element.getAttribute(LEVEL_ATTRIBUTE)).toBe('high');
    expect(host.element.shadowRoot).toBeNull();
    expect(host.element.children).toHaveLength(0);
    const root = shadowRoots.get(host.element)!;
    expect(root.querySelector('.ag__chip')?.textContent).toBe('High risk');
    host.destroy();
    expect(host.element.isConnected).toBe(false);
  });

  it('keeps clicks inside the warning from reaching the page', () => {
    const host = createWarningHost(document);
    host.update(view(), { onNotSuspicious: vi.fn(), onHide: vi.fn() });
    document.body.append(host.element);
    const pageClick = vi.fn();
    document.body.addEventListener('click', pageClick);
    button(shadowRoots.get(host.element)!, /^Details$/).click();
    expect(pageClick).not.toHaveBeenCalled();
    document.body.removeEventListener('click', pageClick);
    host.destroy();
  });
});

describe('quotes', () => {
  it('keep the first of two overlapping spans', () => {
    const v = view(
      verdict({
        hits: [
          {
            rule: 'trip.expenses-paid',
            indicator: 'funded_trip',
            weight: 20,
            evidence: [
              { message: 0, start: 10, end: 27, quote: 'all expenses paid' },
              { message: 0, start: 14, end: 32, quote: 'expenses paid trip' },
              { message: 1, start: 14, end: 32, quote: 'another message' },
            ],
          },
        ],
      }),
    );
    expect(v.topCues[0]!.quotes.map((q) => q.text)).toEqual(['all expenses paid', 'another message']);
  });
});

describe('the compact warning for a conversation-list card', () => {
  it('names the level and the cues on one line, with the advice and quotes behind "Details"', () => {
    const compact = buildWarningView(verdict(), baselinePack().scorer, { surface: 'message', hasProfile: false, compact: true })!;
    const { container } = mount(compact);
    expect(container.querySelector('.ag__chip')?.textContent).toBe('High risk');
    expect(container.querySelector('.ag__compact-cues')?.textContent).toBe('Move to another channel · Paid consultancy or reports · Secrecy');
    expect(container.querySelector('.ag__cues')).toBeNull();
    const details = container.querySelector('#ag-details') as HTMLElement;
    expect(details.hidden).toBe(true);
    expect([...details.querySelectorAll('.ag__steps li')].map((li) => li.textContent)).toEqual(Object.values(CORE_STEPS));
  });
});
