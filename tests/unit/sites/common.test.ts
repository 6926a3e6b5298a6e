import { describe, expect, test } from 'vitest';
import { firstName } from '../../../src/sites/linkedin/common';

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
