import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { parse } from 'acorn';
import { describe, expect, it } from 'vitest';
import { constToLet } from '../../wxt.config';

/** The kinds of the variable declarations in `code`, in source order. */
function declarationKinds(code: string): string[] {
  const kinds: Array<[number, string]> = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const n = node as { type?: string; kind?: string; start: number };
    if (n.type === 'VariableDeclaration') kinds.push([n.start, n.kind!]);
    Object.values(node).forEach(visit);
  };
  visit(parse(code, { ecmaVersion: 'latest' }));
  return kinds.sort((a, b) => a[0] - b[0]).map(([, kind]) => kind);
}

describe('constToLet', () => {
  it('writes every const declaration let, and nothing else', () => {
    const code = [
      'const a=1;let b="const c=2";var d=/const e/;',
      'for(const f of [1,2]){const g=f}',
      'function h(){const i=`const ${a}`;return()=>{const j=i;return j}}',
      'class K{constant=1;static{const l=2}}',
    ].join('');
    const out = constToLet(code);
    expect(declarationKinds(out)).toEqual(['let', 'let', 'var', 'let', 'let', 'let', 'let', 'let']);
    // Strings, templates, regular expressions and names that contain the word are as they were.
    expect(out).toContain('"const c=2"');
    expect(out).toContain('/const e/');
    expect(out).toContain('`const ${a}`');
    expect(out).toContain('constant=1');
    expect(out.length).toBe(code.length - 2 * 6);
    // And it runs the same.
    const run = (source: string) => JSON.stringify(runInNewContext(`${source};[a,b,d.source,h()()]`));
    expect(run(out)).toBe(run(code));
  });

  it('left none in the built content scripts', () => {
    for (const target of ['chrome-mv3', 'firefox-mv2']) {
      const code = readFileSync(join(import.meta.dirname, '../../.output', target, 'content-scripts/linkedin.js'), 'utf8');
      expect(declarationKinds(code), target).not.toContain('const');
    }
  });
});
