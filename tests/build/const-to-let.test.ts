import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { parse } from 'acorn';
import { describe, expect, it } from 'vitest';
import { constToLet, dropRethrow } from '../../wxt.config';

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
      'var a0=0;const a=1;var b0=a;let b="const c=2";var d=/const e/;',
      'for(const f of [1,2]){const g=f}',
      'function h(){const i=`const ${a}`;return()=>{const j=i;return j}}',
      'class K{constant=1;static{const l=2}}',
    ].join('');
    const out = constToLet(code);
    expect(declarationKinds(out)).toEqual(['var', 'let', 'var', 'let', 'var', 'let', 'let', 'let', 'let', 'let']);
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

  it('joins a let and a const that follow each other into one declaration', () => {
    const code = [
      'let a=1;const b=a+1;let[c]=[b];const{d}={d:c};',
      'function e(){const f=1;let g=f;return g}',
      'switch(a){case 1:let h=2;const i=h;a=i}',
      'for(let j=0;j<1;j++){let k=j;const l=k}',
      // Apart: not back to back, or not both lexical.
      'var m=1;const n=m;const o=n;x:{const p=o};let q=p0();function p0(){return 0}',
    ].join('');
    const out = constToLet(code);
    expect(out).toContain('let a=1,b=a+1,[c]=[b],{d}={d:c};');
    expect(out).toContain('let f=1,g=f;');
    expect(out).toContain('let h=2,i=h;');
    expect(out).toContain('for(let j=0;j<1;j++){let k=j,l=k}');
    expect(out).toContain('var m=1;let n=m,o=n;x:{let p=o};let q=p0();');
    // A `using` declaration keeps its own keyword, or its resource would never be disposed.
    expect(constToLet('{let r=1;using s=t;const u=2}')).toBe('{let r=1;using s=t;let u=2}');
    expect(declarationKinds(out)).not.toContain('const');
    const run = (source: string) => JSON.stringify(runInNewContext(`${source};[a,b,c,d,e(),m,n,o,q]`));
    expect(run(out)).toBe(run(code));
  });

  it('left none in the built content scripts', () => {
    for (const target of ['chrome-mv3', 'firefox-mv2']) {
      const code = readFileSync(join(import.meta.dirname, '../../.output', target, 'content-scripts/linkedin.js'), 'utf8');
      expect(declarationKinds(code), target).not.toContain('const');
    }
  });
});

describe('dropRethrow', () => {
  it('takes away a try whose catch only throws again what it caught, and leaves every other try', () => {
    const code = [
      'var log=[];function a(x){try{let y=x+1;log.push(y)}catch(e){throw e}let y=0;return y}',
      'function b(){try{log.push("b")}catch(e){throw new Error("x")}}',
      'function c(){try{log.push("c")}catch(e){log.push(e)}}',
      'function d(){try{log.push("d")}catch(e){throw e}finally{log.push("f")}}',
      'function g(q){try{log.push(q)}catch(e){throw e}}',
      'function h(){try{try{log.push("h")}catch(e){throw e}}finally{}}',
    ].join(';');
    const out = dropRethrow(code);
    // a: the block keeps its braces, so its y and the function's do not clash.
    expect(out).toContain('function a(x){{let y=x+1;log.push(y)}let y=0;return y}');
    expect(out).toContain('catch(e){throw new Error("x")}');
    expect(out).toContain('catch(e){log.push(e)}');
    expect(out).toContain('catch(e){throw e}finally');
    // g has a parameter a declaration in the block could clash with: its block keeps its braces.
    expect(out).toContain('function g(q){{log.push(q)}}');
    // Inside another try the inner one is left as it was.
    expect(out).toContain('try{try{log.push("h")}catch(e){throw e}}finally{}');
    const run = (source: string) => JSON.stringify(runInNewContext(`${source};a(1);b();c();d();g("g");h();log`));
    expect(run(out)).toBe(run(code));
  });

  it('writes the only statement of a function without parameters bare, and `return await` there as `return`', async () => {
    const code = 'var main=async()=>{try{let{v:e,...t}={v:async(x)=>x+1,w:2};return await e(t.w)}catch(e){throw e}};var fail=async()=>{try{return await Promise.reject(new Error("no"))}catch(e){throw e}}';
    // A leading string stays inside its block, where it is no directive.
    expect(dropRethrow('function f(){try{"use strict";return this===undefined}catch(e){throw e}}')).toBe('function f(){{"use strict";return this===undefined}}');
    const out = dropRethrow(code);
    expect(out).toBe('var main=async()=>{let{v:e,...t}={v:async(x)=>x+1,w:2};return e(t.w)};var fail=async()=>{return Promise.reject(new Error("no"))}');
    const context = runInNewContext(`${out};({main,fail})`) as { main: () => Promise<number>; fail: () => Promise<never> };
    expect(await context.main()).toBe(3);
    await expect(context.fail()).rejects.toThrow('no');
  });

  it('has left no rethrowing try in the built content scripts', () => {
    for (const target of ['chrome-mv3', 'firefox-mv2']) {
      const code = readFileSync(join(import.meta.dirname, '../../.output', target, 'content-scripts/linkedin.js'), 'utf8');
      expect(code, target).not.toMatch(/catch\((\w+)\)\{throw \1\}/);
    }
  });
});
