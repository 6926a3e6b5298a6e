import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { readActiveTab } from '../../../src/popup/tab-state';

const LINKEDIN = 'https://www.linkedin.com/messaging/thread/2-abc/';

async function twoTabs() {
  const window = (await fakeBrowser.windows.create({ focused: true }))!;
  const linkedIn = await fakeBrowser.tabs.create({ windowId: window.id, url: LINKEDIN, active: false });
  const popupTab = await fakeBrowser.tabs.create({ windowId: window.id, url: 'chrome-extension://id/popup.html', active: true });
  return { linkedIn: linkedIn.id!, popupTab: popupTab.id! };
}

describe('readActiveTab', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('reads the active tab of the popup’s window when no tab is named', async () => {
    const { popupTab } = await twoTabs();
    expect(await readActiveTab('')).toEqual({ id: popupTab, url: 'chrome-extension://id/popup.html' });
  });

  it('shows the tab that popup.html?tab=<id> names, when that tab exists', async () => {
    const { linkedIn } = await twoTabs();
    expect(await readActiveTab(`?tab=${linkedIn}`)).toEqual({ id: linkedIn, url: LINKEDIN });
  });

  it('ignores a tab id that names no tab, or is not a plain number, and falls back to the active tab', async () => {
    const { linkedIn, popupTab } = await twoTabs();
    for (const search of ['?tab=999999', `?tab=${linkedIn}.5`, `?tab=-${linkedIn}`, '?tab=', `?tab=0x${linkedIn.toString(16)}`]) {
      expect((await readActiveTab(search))?.id, search).toBe(popupTab);
    }
  });
});
