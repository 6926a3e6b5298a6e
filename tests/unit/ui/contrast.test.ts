// WCAG 2.x contrast of the colour pairs the stylesheet defines (AA: 4.5:1 for normal text).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const css = readFileSync(join(__dirname, '../../../src/ui/ui.css'), 'utf8');

function token(name: string): string {
  const match = new RegExp(`--${name}:\\s*(#[0-9a-fA-F]{6})\\s*;`).exec(css);
  if (!match?.[1]) throw new Error(`--${name} is not a six-digit hex colour in ui.css`);
  return match[1];
}

function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

describe('colour contrast', () => {
  it('computes the textbook ratio for black on white', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
  });

  it.each(['none', 'low', 'medium', 'high'])('gives the %s level badge text at least 4.5:1 against its background', (level) => {
    expect(contrast(token(`ag-level-${level}-fg`), token(`ag-level-${level}-bg`))).toBeGreaterThanOrEqual(4.5);
  });

  it.each([
    ['ag-text', 'ag-bg'],
    ['ag-muted', 'ag-bg'],
    ['ag-muted', 'ag-surface'],
    ['ag-link', 'ag-bg'],
    ['ag-error', 'ag-bg'],
    ['ag-error', 'ag-error-bg'],
    ['ag-success', 'ag-success-bg'],
  ])('gives %s on %s at least 4.5:1', (fg, bg) => {
    expect(contrast(token(fg), token(bg))).toBeGreaterThanOrEqual(4.5);
  });

  it('keeps the four level colours apart, so they are not the same colour under another word', () => {
    const backgrounds = ['none', 'low', 'medium', 'high'].map((level) => token(`ag-level-${level}-bg`).toLowerCase());
    expect(new Set(backgrounds).size).toBe(4);
  });
});
