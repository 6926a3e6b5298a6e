// The popup: the current tab's flagged approaches, or a calm line that protection is on.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { isLinkedInUrl } from '../messaging/linkedin-url';
import type { ApproachSummary } from '../messaging/protocol';
import { clipName } from '../settings/names';
import { onStorageChanged } from '../settings/storage-area';
import { Button, ExternalLink, StatusMessage } from '../ui/controls';
import { formatDate, formatRelative, isPastDate } from '../ui/format';
import { LevelBadge } from '../ui/level-badge';
import { NPSA_GUIDANCE_URL } from '../ui/links';
import { LEVEL_WORDS, S } from '../ui/strings';
import type { ActivePackInfo } from './active-pack';
import { ApproachCard } from './approach-card';
import { selectFlagged } from './approaches';
import type { PopupDeps } from './deps';
import { OutboxList } from './outbox-list';
import { SurfacedSenders } from './surfaced-senders';
import { affectsPopup, loadPopupData, type PopupData } from './popup-data';
import { oneAtATime } from '../ui/one-at-a-time';

function PackLine({ pack, now }: { pack: ActivePackInfo; now: number }) {
  const when =
    pack.installedAt !== undefined
      ? S.packUpdated(formatRelative(pack.installedAt, now))
      : S.packPublished(formatDate(pack.published));
  return (
    <div class="ag-pack">
      <p class="ag-pack__line">
        {S.packLine(pack.name, pack.version)}, {when}
      </p>
      {isPastDate(pack.expires, now) && pack.expires ? <p class="ag-pack__warning">{S.packExpired(formatDate(pack.expires))}</p> : null}
      {pack.problem ? <p class="ag-pack__warning">{S.packFallback}</p> : null}
    </div>
  );
}

interface Notice {
  message: string;
  tone: 'success' | 'error';
  undo?: { profileUrl: string };
}

export function PopupApp({ deps, load = loadPopupData }: { deps: PopupDeps; load?: () => Promise<PopupData> }) {
  const [data, setData] = useState<PopupData>();
  const [failed, setFailed] = useState(false);
  const [notice, setNotice] = useState<Notice>();
  const [seeing, setSeeing] = useState(false);
  const noticeRef = useRef<HTMLDivElement>(null);
  const tabId = useRef<number | undefined>(undefined);
  // One load at a time. A change heard while one is under way may have come after it read that
  // area, so another load follows it; the latest answer is always the last one shown.
  const loaded = useRef(false);
  const reload = useMemo(
    () =>
      oneAtATime(async () => {
        try {
          const next = await load();
          tabId.current = next.tab?.id;
          setData(next);
          setFailed(false);
        } catch (error) {
          console.warn('Approach Guard: the popup could not load', error);
          setFailed(true);
        }
        loaded.current = true;
      }),
    [load],
  );

  useEffect(() => {
    const onChanged = (changes: Record<string, unknown>, areaName: string) => {
      // Until the first load answers, the popup does not know its tab: any tab's state may be its own.
      const unknownTab = areaName === 'session' && !loaded.current && tabId.current === undefined;
      if (unknownTab || affectsPopup(changes, areaName, tabId.current)) void reload();
    };
    void reload();
    return onStorageChanged(onChanged);
  }, [reload]);

  async function dismiss(summary: ApproachSummary) {
    const profileUrl = summary.sender.profileUrl;
    if (!profileUrl) return;
    const name = summary.sender.name?.trim() || S.unknownSender;
    if (await saved(() => changeMark(profileUrl, true, summary.sender.name))) {
      setNotice({ message: S.markedNotSuspicious(name), tone: 'success', undo: { profileUrl } });
    }
    // The card goes away (or stays, and the notice says why); keep keyboard focus somewhere meaningful.
    noticeRef.current?.focus();
  }

  async function undo(profileUrl: string) {
    if (await saved(() => changeMark(profileUrl, false))) setNotice({ message: S.undone, tone: 'success' });
    noticeRef.current?.focus();
  }

  /** Marks a sender "Not suspicious" or takes the mark away, through the background, which keeps the list. */
  async function changeMark(profileUrl: string, marked: boolean, name?: string): Promise<void> {
    const trimmed = clipName(name);
    const answer = await deps.send({ type: 'popup→background:not-suspicious', profileUrl, marked, ...(trimmed ? { name: trimmed } : {}) });
    if (!answer.ok) throw new Error(answer.error);
  }

  /** The user has seen the people a newer pack flags: the notice and the toolbar's "!" go. */
  async function surfacedSeen(seen: { upTo: number; profiles: string[]; highOnly: boolean }) {
    setSeeing(true);
    try {
      if (
        await saved(async () => {
          const answer = await deps.send({ type: 'popup→background:surfaced-seen', ...seen });
          if (!answer.ok) throw new Error(answer.error);
        })
      ) {
        // The notice goes with the storage change; say where the list still is.
        setNotice({ message: S.surfacedDismissed, tone: 'success' });
      }
    } finally {
      setSeeing(false);
    }
    noticeRef.current?.focus();
  }

  /** Runs a write the user asked for; when it fails (the extension's storage would not take it), says so. */
  async function saved(write: () => Promise<unknown>): Promise<boolean> {
    try {
      await write();
      return true;
    } catch (error) {
      console.warn('Approach Guard: the popup could not save a change', error);
      setNotice({ message: S.changeNotSaved, tone: 'error' });
      return false;
    }
  }

  const now = deps.now();
  const selection = data ? selectFlagged(data.tabState?.approaches ?? [], data.settings.threshold, data.notSuspicious) : undefined;
  // A loaded LinkedIn tab the content script has not reported from: most likely open since before
  // the extension was installed or updated (browsers put the script only into pages loaded after).
  const unread = data !== undefined && !data.tabState && isLinkedInUrl(data.tab?.url) && !data.tab?.loading;

  return (
    <div class="ag-root ag-popup">
      <header class="ag-popup__header">
        <h1>{S.popupTitle}</h1>
      </header>
      <main class="ag-popup__main" aria-busy={!data && !failed}>
        <div class="ag-popup__notice" ref={noticeRef} tabIndex={-1}>
          <StatusMessage message={notice?.message} tone={notice?.tone ?? 'success'} />
          {notice?.undo ? (
            <Button variant="quiet" onClick={() => void undo(notice.undo!.profileUrl)}>
              {S.undo}
            </Button>
          ) : null}
        </div>
        {failed ? <p class="ag-status ag-status--error" role="alert">{S.loadFailed}</p> : null}
        {!data && !failed ? <p>{S.loading}</p> : null}
        {data ? <SurfacedSenders
            notice={data.surfaced}
            notSuspicious={data.notSuspicious.map((entry) => entry.profileUrl)}
            settings={data.settings}
            deps={deps}
            onSeen={(seen) => void surfacedSeen(seen)}
            busy={seeing}
          /> : null}
        {data && selection ? (
          selection.shown.length === 0 ? (
            <section class="ag-calm" aria-labelledby="ag-calm-heading">
              <h2 id="ag-calm-heading" class="ag-visually-hidden">
                {unread ? S.reloadHeading : S.calmHeading}
              </h2>
              {unread ? null : <LevelBadge level="none" />}
              <p>{data.tabState ? (selection.below > 0 ? S.calmNothingAtThreshold : S.calmNothingFlagged) : unread ? S.calmReload : S.calmNotChecked}</p>
              {selection.below > 0 ? <p class="ag-field__hint">{S.calmBelowThreshold(selection.below, LEVEL_WORDS[data.settings.threshold])}</p> : null}
              {selection.hidden > 0 ? <p class="ag-field__hint">{S.calmHiddenNotSuspicious(selection.hidden)}</p> : null}
            </section>
          ) : (
            <>
              <p class="ag-popup__summary">
                {S.flaggedSummary(selection.shown.length)} {S.thresholdNote(LEVEL_WORDS[data.settings.threshold])}
              </p>
              {selection.shown.map((summary) => (
                <ApproachCard
                  key={summary.approachId}
                  summary={summary}
                  tabId={data.tab?.id}
                  texts={data.pack.texts}
                  settings={data.settings}
                  deps={deps}
                  onNotSuspicious={(s) => void dismiss(s)}
                />
              ))}
              {selection.hidden > 0 ? <p class="ag-field__hint">{S.calmHiddenNotSuspicious(selection.hidden)}</p> : null}
            </>
          )
        ) : null}
        <OutboxList deps={deps} />
      </main>
      <footer class="ag-popup__footer">
        {data ? <PackLine pack={data.pack} now={now} /> : null}
        <p class="ag-popup__links">
          <ExternalLink href={NPSA_GUIDANCE_URL}>{S.guidanceLink}</ExternalLink>
          <Button variant="quiet" onClick={() => void deps.openOptions()}>
            {S.settingsLink}
          </Button>
        </p>
        <p class="ag-field__hint">{S.imminentThreat}</p>
      </footer>
    </div>
  );
}
