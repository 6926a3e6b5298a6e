// The options page: the security team, reporting channels, warnings, flagged senders, the
// Not-suspicious list and the rule packs, with anything set by policy shown locked.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { onStorageChanged } from '../settings/storage-area';
import { TRUSTED_AREA_NAME } from '../settings/trusted-area';
import { ExternalLink } from '../ui/controls';
import { NPSA_GUIDANCE_URL } from '../ui/links';
import { S } from '../ui/strings';
import type { OptionsDeps } from './deps';
import { HistorySection } from './history-section';
import { NotSuspiciousSection } from './not-suspicious-section';
import { OPTIONS_STORAGE_KEYS, loadOptionsData, type OptionsData } from './options-data';
import { PacksSection } from './packs-section';
import { UnmovedSection } from './unmoved-section';
import { PolicyIssues, StoredDataIssues } from './policy-section';
import { ChannelsSection, TeamSection, WarningsSection } from './settings-sections';
import { oneAtATime } from '../ui/one-at-a-time';

export function OptionsApp({ deps, load = loadOptionsData }: { deps: OptionsDeps; load?: () => Promise<OptionsData> }) {
  const [data, setData] = useState<OptionsData>();
  const [failed, setFailed] = useState(false);
  /** The outcome of settling an earlier build's data: focused, so keyboard users land on it. */
  // (An object, so the same message said twice is focused and announced twice.)
  const [outcome, setOutcome] = useState<{ text: string }>();
  const outcomeRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (outcome) outcomeRef.current?.focus();
  }, [outcome]);

  // One load at a time, as in the popup: an older load answering after a newer one would show
  // stale settings, and the next Save would write them back. A change heard while one is under
  // way may have come after it read that value, so another load follows it.
  const reload = useMemo(
    () =>
      oneAtATime(async () => {
        try {
          setData(await load());
          setFailed(false);
        } catch (error) {
          console.warn('Approach Guard: the settings could not load', error);
          setFailed(true);
        }
      }),
    [load],
  );

  useEffect(() => {
    const onChanged = (changes: Record<string, unknown>, areaName: string) => {
      if ((areaName === 'local' || areaName === TRUSTED_AREA_NAME) && OPTIONS_STORAGE_KEYS.some((key) => key in changes)) void reload();
    };
    void reload();
    return onStorageChanged(onChanged);
  }, [reload]);

  return (
    <div class="ag-root ag-options">
      <header class="ag-options__header">
        <h1>{S.optionsTitle}</h1>
        <p>
          <ExternalLink href={NPSA_GUIDANCE_URL}>{S.guidanceLink}</ExternalLink>
        </p>
      </header>
      <main class="ag-options__main" aria-busy={!data && !failed}>
        {failed ? (
          <p class="ag-status ag-status--error" role="alert">
            {S.loadFailed}
          </p>
        ) : null}
        {data ? (
          <>
            {data.storageFallback ? (
              <p class="ag-status ag-status--error" role="alert">
                {S.storageFallback}
              </p>
            ) : null}
            {outcome ? (
              <p class="ag-status ag-status--info" role="status" tabIndex={-1} ref={outcomeRef}>
                {outcome.text}
              </p>
            ) : null}
            {data.unmoved ? (
              <UnmovedSection
                unmoved={data.unmoved}
                onSettled={(message) => {
                  setOutcome({ text: message });
                  void reload();
                }}
              />
            ) : null}
            <PolicyIssues issues={data.policyIssues} />
            <StoredDataIssues issues={data.issues} />
            <TeamSection data={data} />
            <ChannelsSection data={data} />
            <WarningsSection data={data} />
            <HistorySection entries={data.history} seen={data.seenSenders} deps={deps} />
            <NotSuspiciousSection entries={data.notSuspicious} deps={deps} />
            <PacksSection pack={data.pack} policy={data.policy} update={data.packUpdate} now={deps.now()} checkNow={deps.checkPackUpdate} />
          </>
        ) : failed ? null : (
          <p>{S.loading}</p>
        )}
      </main>
    </div>
  );
}
