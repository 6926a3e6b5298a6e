import { describe, expect, it } from 'vitest';
import { contentToBackgroundVerdicts, senderMessagesReply } from '../../../src/messaging/protocol';
import { senderMessages, toSummaries, toSummary } from '../../../src/content/summary';
import type { TrackedApproach } from '../../../src/content/tracker';
import type { Approach, Verdict } from '../../../src/engine/types';

const tracked = (approach: Partial<Approach>, verdict: Partial<Verdict> = {}): TrackedApproach => ({
  extracted: {
    approach: { id: 'linkedin:thread:1', site: 'linkedin', surface: 'message', sender: {}, messages: [], ...approach },
    anchor: null,
    texts: [],
    fields: {},
    meta: { source: 'thread' },
  },
  adapterId: 'linkedin-messaging',
  revision: 1,
  stale: false,
  verdict: { score: 50, level: 'medium', hits: [], packVersion: '2026.11.23', ...verdict },
});

const valid = (approaches: ReturnType<typeof toSummary>[]) =>
  contentToBackgroundVerdicts.safeParse({ type: 'content→background:verdicts', pageUrl: 'https://www.linkedin.com/messaging/', approaches });

describe('verdict summaries', () => {
  it('carry no message text: the sender’s messages stay in the page', () => {
    const s = toSummary(tracked({ messages: [{ text: 'from them, keep this between us' }] }));
    expect(JSON.stringify(s)).not.toContain('from them');
    expect(valid([s]).success).toBe(true);
  });

  it('carry the sender’s LinkedIn photo address, which the background accepts, and nothing the background would refuse', () => {
    const photo = 'https://media.licdn.com/dms/image/v2/D4E03AQ/profile-displayphoto-shrink_100_100/0/1?e=1&v=beta&t=x';
    const withPhoto = tracked({ sender: { name: 'A', hasPhoto: true } });
    withPhoto.extracted.meta.photoUrl = photo;
    const s = toSummary(withPhoto);
    expect(s.sender.photoUrl).toBe(photo);
    expect(valid([s]).success).toBe(true);
    expect(valid([{ ...s, sender: { ...s.sender, photoUrl: 'https://media.licdn.com.example.org/dms/image/p' } }]).success).toBe(false);
    expect(valid([{ ...s, sender: { ...s.sender, photoUrl: 'http://media.licdn.com/dms/image/p' } }]).success).toBe(false);
  });


  it('stay within every limit the background enforces, whatever the page holds', () => {
    const long = 'x'.repeat(10_000);
    const s = toSummary(
      tracked(
        {
          id: 'i'.repeat(900),
          sender: { name: long, headline: long, company: long, location: 'kept out', followers: 3, connections: 12, profileUrl: 'https://www.linkedin.com/in/a/' },
          messages: Array.from({ length: 80 }, () => ({ text: long })),
          platformWarning: true,
        },
        {
          hits: Array.from({ length: 150 }, (_, i) => ({
            rule: `r${i}`.padEnd(150, 'r'),
            indicator: 'flattery' as const,
            weight: 10,
            evidence: Array.from({ length: 20 }, () => ({ message: 0, start: 0, end: 5, quote: long })),
          })),
        },
      ),
    );
    const parsed = valid([s]);
    expect(parsed.success).toBe(true);
    expect(s.sender).not.toHaveProperty('location');
  });

  it('keep the riskiest approaches when a page holds more than the background accepts', () => {
    const many = Array.from({ length: 250 }, (_, i) =>
      tracked({ id: `a${i}` }, { score: i === 7 ? 99 : 0, level: i === 7 ? 'high' : 'none' }),
    );
    const summaries = toSummaries(many);
    expect(summaries).toHaveLength(200);
    expect(summaries[0]!.approachId).toBe('a7');
    expect(valid(summaries).success).toBe(true);
  });
});

describe('the sender’s messages, for a report', () => {
  const reply = (messages: ReturnType<typeof senderMessages>) => senderMessagesReply.safeParse(messages);

  it('are the sender’s only, with their thread indexes', () => {
    const messages = senderMessages(
      tracked({
        messages: [{ text: 'from them' }, { text: 'from me', fromSelf: true }, { text: '' }, { text: 'them again', at: '2026-11-20T10:00:00.000Z' }],
      }),
    );
    expect(messages).toEqual([
      { index: 0, text: 'from them' },
      { index: 3, text: 'them again', at: '2026-11-20T10:00:00.000Z' },
    ]);
    expect(reply(messages).success).toBe(true);
  });

  it('are none for an approach that scored nothing', () => {
    expect(senderMessages(tracked({ messages: [{ text: 'hello' }] }, { level: 'none', score: 0 }))).toEqual([]);
  });

  it('stay within the limits the popup checks, whatever the page holds: the latest 50, capped', () => {
    const long = 'x'.repeat(10_000);
    const messages = senderMessages(tracked({ messages: Array.from({ length: 80 }, (_, i) => ({ text: long, at: i === 79 ? 'y'.repeat(101) : 'today' })) }));
    expect(messages).toHaveLength(50);
    expect(messages[0]!.index).toBe(30);
    expect(messages.every((m) => m.text.length === 2000)).toBe(true);
    expect(messages.at(-1)).not.toHaveProperty('at');
    expect(reply(messages).success).toBe(true);
  });
});
