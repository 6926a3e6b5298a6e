import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { SURFACES } from '../../../src/engine/types';
import { linkedinAdapters } from '../../../src/sites/linkedin';
import { LINKEDIN_SELECTORS } from '../../../src/sites/linkedin/baseline-selectors';
import { rangeFor } from '../../../src/sites/text';
import { CAPTURE_SAVED_AT, useSavedClock } from './clock';
import { FIXTURE_DIR, FIXTURE_PAGES, loadFixture, type FixtureName } from './fixtures';

const fixtureNames = Object.keys(FIXTURE_PAGES) as FixtureName[];
useSavedClock(CAPTURE_SAVED_AT);

describe('the adapter registry', () => {
  test('holds adapters with unique kebab-case ids prefixed with the site', () => {
    const ids = linkedinAdapters.map((adapter) => adapter.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^linkedin-[a-z]+(?:-[a-z]+)*$/);
  });

  for (const adapter of linkedinAdapters) {
    test(`${adapter.id} has its own test file`, () => {
      expect(existsSync(resolve(import.meta.dirname, `${adapter.id}.test.ts`))).toBe(true);
    });

    test(`${adapter.id} finds approaches on at least one fixture page, with nothing missing`, () => {
      const pages = fixtureNames.filter((name) => (FIXTURE_PAGES[name].adapters as readonly string[]).includes(adapter.id));
      expect(pages.length).toBeGreaterThan(0);
      for (const name of pages) {
        const { document, url } = loadFixture(name);
        expect(adapter.matches(url), name).toBe(true);
        const result = adapter.extract(document, url, LINKEDIN_SELECTORS);
        expect(result.approaches.length, name).toBeGreaterThan(0);
        expect(result.missing, name).toEqual([]);
      }
    });
  }
});

describe('the fixture pages', () => {
  test('are all listed, and every listed page exists', () => {
    const onDisk = readdirSync(FIXTURE_DIR).filter((file) => file.endsWith('.html')).sort();
    expect(onDisk).toEqual([...fixtureNames].sort());
  });

  test('are each described in the fixtures README', () => {
    const readme = readFileSync(resolve(FIXTURE_DIR, 'README.md'), 'utf8');
    for (const name of fixtureNames) expect(readme, name).toContain(`\`${name}\``);
  });

  for (const name of fixtureNames) {
    test(`${name}: exactly the listed adapters find approaches there`, () => {
      const { document, url } = loadFixture(name);
      const finding = linkedinAdapters
        .filter((adapter) => adapter.matches(url) && adapter.extract(document, url, LINKEDIN_SELECTORS).approaches.length > 0)
        .map((adapter) => adapter.id)
        .sort();
      expect(finding).toEqual([...FIXTURE_PAGES[name].adapters].sort());
    });

    test(`${name}: every adapter, even on the wrong page, returns well-formed results`, () => {
      const { document, url } = loadFixture(name);
      for (const adapter of linkedinAdapters) {
        const { approaches, missing } = adapter.extract(document, url, LINKEDIN_SELECTORS);
        expect([...missing].sort()).toEqual(missing);
        for (const target of missing) expect(Object.keys(LINKEDIN_SELECTORS)).toContain(target);
        const ids = approaches.map((extracted) => extracted.approach.id);
        expect(new Set(ids).size, adapter.id).toBe(ids.length);
        for (const { approach, texts, anchor } of approaches) {
          expect(approach.site).toBe('linkedin');
          expect(SURFACES).toContain(approach.surface);
          expect(approach.id).toMatch(/^linkedin:[a-z]+:\S/);
          // Plain data: it crosses to the background and the CLI as JSON.
          expect(JSON.parse(JSON.stringify(approach))).toEqual(approach);
          if (approach.sender.profileUrl) {
            expect(approach.sender.profileUrl).toMatch(/^https:\/\/www\.linkedin\.com\/in\/[^/?#]+\/$/);
          }
          expect(anchor?.isConnected).toBe(true);
          expect(texts.map((map) => map.text)).toEqual(approach.messages.map((message) => message.text));
        }
      }
    });

    test(`${name}: every extracted character maps back to the page`, () => {
      const { document, url } = loadFixture(name);
      for (const adapter of linkedinAdapters.filter((candidate) => candidate.matches(url))) {
        for (const { texts } of adapter.extract(document, url, LINKEDIN_SELECTORS).approaches) {
          for (const map of texts) {
            for (const segment of map.segments) {
              const length = segment.end - segment.start;
              const fromNode = segment.node.data.slice(segment.nodeOffset, segment.nodeOffset + length);
              expect(fromNode.replace(/[ \t\n\r\f]/g, ' ')).toBe(map.text.slice(segment.start, segment.end));
            }
            if (map.text.length > 0) {
              const range = rangeFor(map, 0, map.text.length);
              expect(range?.toString().replace(/\s+/g, '')).toBe(map.text.replace(/\s+/g, ''));
            }
          }
        }
      }
    });
  }
});
