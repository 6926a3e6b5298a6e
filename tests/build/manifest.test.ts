import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORE_STEPS, REPORT_ERRORS, REPORT_TEXT, S, WARNING_CONFIRM_YES } from '../../src/ui/strings';
import { EAGER_COMPILE_HINT } from '../../wxt.config';

const OUT = resolve(__dirname, '../../.output');

function manifest(target: string): Record<string, unknown> {
  const path = join(OUT, target, 'manifest.json');
  if (!existsSync(path)) throw new Error(`${path} is missing: run npm run build and npm run build:firefox first`);
  return JSON.parse(readFileSync(path, 'utf8'));
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

describe('the Chrome (MV3) manifest', () => {
  const m = manifest('chrome-mv3');

  it('asks for storage (kept from eviction) and alarms only, and host access to LinkedIn only', () => {
    expect([...(m.permissions as string[])].sort()).toEqual(['alarms', 'storage', 'unlimitedStorage']);
    expect(m.host_permissions).toEqual(['https://www.linkedin.com/*']);
    expect(m.optional_permissions).toBeUndefined();
    expect(m.optional_host_permissions).toBeUndefined();
  });

  it('exposes no web-accessible resources and lets no page or extension message it', () => {
    expect(m.web_accessible_resources).toBeUndefined();
    expect(m.externally_connectable).toEqual({ ids: [] });
  });

  it('runs its content script on LinkedIn only', () => {
    const scripts = m.content_scripts as Array<{ matches: string[] }>;
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) expect(s.matches).toEqual(['https://www.linkedin.com/*']);
  });

  it('declares the enterprise policy schema and ships it', () => {
    expect(m.storage).toEqual({ managed_schema: 'managed-schema.json' });
    const schema = JSON.parse(readFileSync(join(OUT, 'chrome-mv3', 'managed-schema.json'), 'utf8'));
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['securityTeamName', 'webhookUrl', 'threshold', 'discreetMode']));
  });

  it('allows no remote code or eval, and images only from itself and LinkedIn\'s image host', () => {
    expect(m.content_security_policy).toEqual({ extension_pages: "script-src 'self'; object-src 'self'; img-src 'self' https://media.licdn.com" });
  });
});

describe('the Firefox manifest', () => {
  const m = manifest('firefox-mv2');

  it('has the same least privileges', () => {
    expect([...(m.permissions as string[])].sort()).toEqual(['alarms', 'https://www.linkedin.com/*', 'storage']);
    expect(m.web_accessible_resources).toBeUndefined();
    expect(m.externally_connectable).toEqual({ ids: [] });
  });

  it('has a stable add-on id and says it collects no data', () => {
    const gecko = (m.browser_specific_settings as { gecko: Record<string, unknown> }).gecko;
    expect(gecko.id).toBe('approach-guard@approach-guard.org');
    expect(gecko.data_collection_permissions).toEqual({ required: ['none'] });
  });

  it('does not carry the Chrome-only managed-schema key', () => {
    expect(m.storage).toBeUndefined();
  });

  it('has the same content security policy, in the MV2 form', () => {
    expect(m.content_security_policy).toBe("script-src 'self'; object-src 'self'; img-src 'self' https://media.licdn.com");
  });
});

describe('bundle budgets', () => {
  // Minified sizes in KB. The content script runs on every LinkedIn page, so it is kept small.
  const BUDGETS: Array<[RegExp, number]> = [
    [/content-scripts\/linkedin\.js$/, 80],
    [/background\.js$/, 300],
    [/\.js$/, 250],
  ];

  it('keeps every script within its budget', () => {
    const sizes = files(join(OUT, 'chrome-mv3'))
      .filter((f) => f.endsWith('.js'))
      .map((f) => ({ file: f.slice(OUT.length + 1), bytes: statSync(f).size }));
    console.log(sizes.map((s) => `${s.file}: ${(s.bytes / 1024).toFixed(1)} KB (${s.bytes} bytes)`).join('\n'));
    // In bytes: a KB figure rounded to one decimal would let 51 bytes over the budget pass.
    for (const { file, bytes } of sizes) {
      const budget = BUDGETS.find(([re]) => re.test(file))![1];
      expect(bytes, file).toBeLessThanOrEqual(budget * 1024);
    }
  });

  it('asks V8 to compile the content script while loading it, and only the content script', () => {
    // The hint must open the file, after minification (wxt.config.ts adds it last).
    for (const target of ['chrome-mv3', 'firefox-mv2']) {
      // The hint, then at once the script's wrapper function. Terser's output keeps WXT's name for
      // its result (`var linkedin=`), a global of the content script's own world that pages never see.
      expect(readFileSync(join(OUT, target, 'content-scripts', 'linkedin.js'), 'utf8'), target).toMatch(
        new RegExp(`^${EAGER_COMPILE_HINT}\\n(?:var linkedin=)?\\(?function\\(\\)\\{`),
      );
    }
    expect(readFileSync(join(OUT, 'chrome-mv3', 'background.js'), 'utf8')).not.toContain(EAGER_COMPILE_HINT);
  });

  it('says nothing of itself to the page: WXT\u2019s content script context, which would, is left out', () => {
    for (const target of ['chrome-mv3', 'firefox-mv2']) {
      const script = readFileSync(join(OUT, target, 'content-scripts', 'linkedin.js'), 'utf8');
      // WXT's start event and its navigation event, both named with the extension's id, and its
      // post of the start to the page's window.
      for (const said of ['content-script-started', 'wxt:locationchange', 'postMessage', 'dispatchEvent']) expect(script, `${target}: ${said}`).not.toContain(said);
    }
  });

  it('bundles the baseline pack\u2019s rules without their examples, which only the build and the tests run', () => {
    const pack = JSON.parse(readFileSync(resolve(__dirname, '../../rules/baseline.pack.json'), 'utf8')) as {
      rules: Array<{ id: string; advice: string; examples: Record<'match' | 'no_match', Array<string | { text?: string }>> }>;
    };
    // Plain words only, so that the text is found as written whatever escaping the bundler uses.
    const plain = (text: string) => /^[A-Za-z ,.]{24}/.exec(text)?.[0];
    const examples = pack.rules.flatMap((r) => [...r.examples.match, ...r.examples.no_match].map((e) => plain(typeof e === 'string' ? e : (e.text ?? ''))).filter(Boolean) as string[]);
    const advice = pack.rules.map((r) => plain(r.advice)).filter(Boolean) as string[];
    expect(examples.length).toBeGreaterThan(100);
    expect(advice.length).toBeGreaterThan(10);
    for (const target of ['chrome-mv3', 'firefox-mv2']) {
      const scripts = files(join(OUT, target)).filter((f) => f.endsWith('.js')).map((f) => readFileSync(f, 'utf8'));
      const background = readFileSync(join(OUT, target, 'background.js'), 'utf8');
      // Every rule, with what the popup and the warning show of it...
      for (const rule of pack.rules) expect(background, `${target}: ${rule.id}`).toMatch(new RegExp(`id:([\`"'])${rule.id.replace(/\./g, '\\.')}\\1`));
      for (const words of advice) expect(background, `${target}: advice`).toContain(words);
      // ...and none of the examples anywhere.
      for (const words of examples) expect(scripts.some((script) => script.includes(words)), `${target}: ${words}`).toBe(false);
    }
  });

  it('gives the content script the in-page warning\u2019s words but not the popup\u2019s or the reports\u2019', () => {
    const script = readFileSync(join(OUT, 'chrome-mv3', 'content-scripts', 'linkedin.js'), 'utf8');
    expect(script).toContain(WARNING_CONFIRM_YES);
    expect(script).toContain(CORE_STEPS.withdraw);
    for (const popupOnly of [S.reportToTeam, S.webhookCors, REPORT_TEXT.emailCut, REPORT_ERRORS.noWebhook]) {
      expect(script).not.toContain(popupOnly);
    }
  });
});
