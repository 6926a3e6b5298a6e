import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SENDER_MESSAGES_TYPE } from '../../../src/messaging/protocol';
import { senderMessagesFromTab } from '../../../src/popup/deps';
import { flaggedMessages } from './fixtures';

describe('asking the tab’s page for the sender’s messages', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const answering = (reply: unknown) => vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue(reply as never);

  it('asks the top frame of that tab, for that approach, and takes a reply that parses', async () => {
    const send = answering(flaggedMessages());
    expect(await senderMessagesFromTab(7, 'linkedin:thread:1')).toEqual(flaggedMessages());
    expect(send).toHaveBeenCalledWith(7, { type: SENDER_MESSAGES_TYPE, approachId: 'linkedin:thread:1' }, { frameId: 0 });
  });

  it.each([
    ['the approach is no longer on the page', null],
    ['no reply', undefined],
    ['something else', { messages: [] }],
    ['a text over the cap', [{ index: 0, text: 'x'.repeat(2001) }]],
    ['more messages than a summary keeps', Array.from({ length: 51 }, (_, index) => ({ index, text: 'a' }))],
    ['a field the protocol does not know', [{ index: 0, text: 'a', html: '<b>a</b>' }]],
    ['a negative index', [{ index: -1, text: 'a' }]],
    ['an index past any thread evidence names', [{ index: 10_001, text: 'a' }]],
    ['the same index twice', [{ index: 3, text: 'a' }, { index: 3, text: 'b' }]],
    ['messages out of thread order', [{ index: 4, text: 'a' }, { index: 3, text: 'b' }]],
  ])('says "not available" when %s', async (_what, reply) => {
    answering(reply);
    expect(await senderMessagesFromTab(7, 'linkedin:thread:1')).toBeUndefined();
  });

  it('says "not available" when no script answers in that tab', async () => {
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockRejectedValue(new Error('Could not establish connection. Receiving end does not exist.'));
    expect(await senderMessagesFromTab(7, 'linkedin:thread:1')).toBeUndefined();
  });
});
