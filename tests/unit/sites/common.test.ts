import { describe, expect, test } from 'vitest';
import { firstName, parseCount } from '../../../src/sites/linkedin/common';

describe('first names for conversation snippets ("Dana: ...")', () => {
  test('skips words without a letter, such as emoji members put before their names', () => {
    expect(firstName('💭 Dana Whitaker')).toBe('Dana');
    expect(firstName('🚀✨ 2025 Priya Shah')).toBe('Priya');
    expect(firstName('  Avery   Member ')).toBe('Avery');
  });

  test('takes letters of any script as a name', () => {
    expect(firstName('Éloïse Martin')).toBe('Éloïse');
    expect(firstName('Дмитрий Иванов')).toBe('Дмитрий');
    expect(firstName('🌟 محمد علي')).toBe('محمد');
    expect(firstName('王 伟')).toBe('王');
    expect(firstName('김 민준')).toBe('김');
    expect(firstName('ｄａｎａ ｗ')).toBe('ｄａｎａ');
  });

  test('keeps the whole name when no word has a letter', () => {
    expect(firstName(' 💭 🚀 ')).toBe('💭 🚀');
  });
});

describe('counts as LinkedIn writes them', () => {
  test.each([
    ['1,159', 1159],
    ['500+ connections', 500],
    ['1,234 followers', 1234],
    ['2 unread messages', 2],
    // Large counts are abbreviated, the dot then a decimal point.
    ['1.2K followers', 1200],
    ['12K followers', 12000],
    ['1.5k', 1500],
    ['3M followers', 3000000],
    // A word that merely starts with K or M is no unit.
    ['10 Kids', 10],
    ['no digits', undefined],
    [undefined, undefined],
  ] as const)('%j is %j', (text, count) => {
    expect(parseCount(text)).toBe(count);
  });
});
