import { describe, expect, it } from 'vitest';
import * as protocol from '../../../src/messaging/protocol';
import * as values from '../../../src/content/protocol-values';
import { CHIP_TEXT_COLOUR, MUTED_COLOUR, PALETTE, TEXT_COLOUR } from '../../../src/content/warning/styles';
import { BADGE_COLOURS } from '../../../src/background/badge';
import { parseContentSettings } from '../../../src/content/settings';
import { HIGHLIGHT_CSS, HIGHLIGHT_NAMES } from '../../../src/content/highlights';

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};

describe('values copied to keep zod out of the content script', () => {
  it('equal the protocol’s own', () => {
    for (const key of Object.keys(values) as Array<keyof typeof values>) expect(values[key]).toBe(protocol[key]);
  });
});

describe('colours', () => {
  it.each(Object.entries(PALETTE))('meet WCAG AA for %s warnings', (_level, p) => {
    expect(contrast(TEXT_COLOUR, p.background)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(MUTED_COLOUR, p.background)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(p.strong, p.background)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(CHIP_TEXT_COLOUR, p.accent)).toBeGreaterThanOrEqual(4.5);
    // The border is a non-text cue: 3:1.
    expect(contrast(p.accent, p.background)).toBeGreaterThanOrEqual(3);
  });

  it.each(Object.entries(HIGHLIGHT_NAMES))('keep the words marked %s readable whatever colour LinkedIn\u2019s theme gives its text', (_level, name) => {
    const rule = new RegExp(`::highlight\\(${name}\\)\\{([^}]*)\\}`).exec(HIGHLIGHT_CSS)?.[1] ?? '';
    const colour = (property: string) => new RegExp(`(?:^|;)${property}:(#[0-9A-Fa-f]{6})`).exec(rule)?.[1];
    // The rule sets the text colour itself (a dark theme's light text is unreadable on the tint).
    expect(colour('color')).toBe(TEXT_COLOUR);
    expect(contrast(colour('color')!, colour('background-color')!)).toBeGreaterThanOrEqual(4.5);
  });

  it.each(Object.entries(BADGE_COLOURS))('keep the %s badge letter readable', (_level, colour) => {
    expect(contrast('#FFFFFF', colour)).toBeGreaterThanOrEqual(4.5);
  });
});

describe('content settings as stored', () => {
  it('fall back field by field', () => {
    expect(parseContentSettings(undefined)).toEqual({ threshold: 'medium', discreetMode: false, notSuspicious: [] });
    expect(parseContentSettings({ threshold: 'extreme', discreetMode: 'yes', notSuspicious: ['a', 3] })).toEqual({
      threshold: 'medium',
      discreetMode: false,
      notSuspicious: ['a'],
    });
    expect(parseContentSettings({ threshold: 'high', discreetMode: true, notSuspicious: [] })).toEqual({
      threshold: 'high',
      discreetMode: true,
      notSuspicious: [],
    });
  });
});
