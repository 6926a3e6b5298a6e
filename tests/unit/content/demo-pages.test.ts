import { Window } from 'happy-dom';
import { afterAll, describe, expect, it } from 'vitest';
import { extractAll } from '../../../src/content/tracker';
import { linkedinAdapters } from '../../../src/sites/linkedin';
import { CONVERSATIONS, INVITATIONS, PROFILES } from '../../fixtures/demo/people';
import { demoResponse, INVITATIONS_PATH, ORIGIN, threadPath } from '../../fixtures/demo/pages';
import { baselinePack } from './helpers';

const windows: Window[] = [];
afterAll(async () => {
  await Promise.all(windows.map((w) => w.happyDOM.close()));
});

function read(path: string) {
  const url = new URL(ORIGIN + path);
  const window = new Window({ url: url.href, settings: { disableJavaScriptEvaluation: true } });
  windows.push(window);
  const response = demoResponse(url);
  expect(response.status).toBe(200);
  window.document.write(response.body);
  const doc = window.document as unknown as Document;
  const { scorer, selectors } = baselinePack();
  const extraction = extractAll(doc, url, linkedinAdapters, selectors);
  const levels = new Map(extraction.approaches.map((a) => [a.extracted.approach.id, scorer.score(a.extracted.approach).level]));
  return { extraction, levels };
}

const EXPECTED_THREAD_LEVEL: Record<string, string> = {
  'Marcus Vell': 'high',
  'Priya Natarajan': 'none',
  'Jordan Pike': 'medium',
  'Casey Quinn': 'high',
  'Mei Lin': 'none',
};

describe('the demo pages', () => {
  it.each(CONVERSATIONS.map((c) => [c.name, c] as const))('show %s’s thread at the intended level, read as LinkedIn’s', (name, c) => {
    const { extraction, levels } = read(threadPath(c.key));
    expect(extraction.missing).toEqual([]);
    const thread = extraction.approaches.find((a) => a.extracted.meta.source === 'thread')!;
    expect(thread.extracted.approach.sender.name).toBe(name);
    expect(thread.extracted.approach.sender.profileUrl).toBe(`https://www.linkedin.com/in/${c.slug}/`);
    expect(thread.extracted.approach.messages.filter((m) => !m.fromSelf)).toHaveLength(c.messages.filter((m) => !m.own).length);
    expect(levels.get(thread.extracted.approach.id)).toBe(EXPECTED_THREAD_LEVEL[name]);
    if (c.inMail) expect(thread.extracted.approach.surface).toBe('inmail');
  });

  it('keep markup in messages as text', () => {
    const casey = CONVERSATIONS.find((c) => c.name === 'Casey Quinn')!;
    const { extraction } = read(threadPath(casey.key));
    const thread = extraction.approaches.find((a) => a.extracted.meta.source === 'thread')!;
    expect(thread.extracted.approach.messages[0]!.text).toContain('<img src=x onerror=');
    expect(thread.extracted.approach.messages[1]!.text).toContain('<script>');
  });

  it.each([
    [PROFILES[0]!, 'high'],
    [PROFILES[1]!, 'none'],
  ])('show the profile of $name at the intended level', (profile, level) => {
    const { extraction, levels } = read(`/in/${profile.slug}/`);
    expect(extraction.missing).toEqual([]);
    expect([...levels.values()]).toEqual([level]);
  });

  it('show a risky and an ordinary invitation', () => {
    const { extraction, levels } = read(INVITATIONS_PATH);
    expect(extraction.missing).toEqual([]);
    expect(extraction.approaches.map((a) => a.extracted.approach.id)).toEqual(INVITATIONS.map((i) => `linkedin:invitation:${i.key}`));
    expect([...levels.values()]).toEqual(['high', 'none']);
  });
});
