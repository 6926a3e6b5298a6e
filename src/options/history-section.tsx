// Flagged senders kept on this device: a table, CSV and JSON downloads, and a confirmed clear.
// The list of every sender read (flagged or not) is part of the same history: counted here,
// in the JSON download, and cleared with it.
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import { historyExportFileName, historyToCsv, historyToJson } from '../settings/export';
import type { HistoryEntry } from '../settings/schema';
import { Button, ExternalLink, StatusMessage } from '../ui/controls';
import { formatDate } from '../ui/format';
import { LevelBadge } from '../ui/level-badge';
import { S } from '../ui/strings';
import type { OptionsDeps } from './deps';

interface Download {
  href: string;
  fileName: string;
}

/** Blob URLs for the two exports, revoked when the history changes or the page goes. */
function useDownloads(
  entries: readonly HistoryEntry[],
  seen: readonly HistoryEntry[],
  deps: OptionsDeps,
): { csv: Download; json: Download } {
  const downloads = useMemo(() => {
    const at = new Date(deps.now());
    return {
      csv: {
        href: deps.createObjectURL(new Blob([historyToCsv(entries)], { type: 'text/csv;charset=utf-8' })),
        fileName: historyExportFileName('csv', at),
      },
      json: {
        href: deps.createObjectURL(new Blob([historyToJson(entries, at, seen)], { type: 'application/json' })),
        fileName: historyExportFileName('json', at),
      },
    };
  }, [entries, seen, deps]);
  useEffect(
    () => () => {
      deps.revokeObjectURL(downloads.csv.href);
      deps.revokeObjectURL(downloads.json.href);
    },
    [downloads, deps],
  );
  return downloads;
}

export function HistorySection({
  entries,
  seen = [],
  deps,
}: {
  entries: readonly HistoryEntry[];
  seen?: readonly HistoryEntry[];
  deps: OptionsDeps;
}) {
  const headingId = useId();
  const confirmId = useId();
  const [confirming, setConfirming] = useState(false);
  const [status, setStatus] = useState<{ message: string; tone: 'success' | 'error' }>();
  const confirmRef = useRef<HTMLParagraphElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const clearButton = useRef<HTMLButtonElement>(null);
  const downloads = useDownloads(entries, seen, deps);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  async function clear() {
    try {
      await deps.clearHistory();
      setStatus({ message: S.cleared, tone: 'success' });
    } catch (error) {
      setStatus({ message: S.clearFailed(error instanceof Error ? error.message : String(error)), tone: 'error' });
    }
    setConfirming(false);
    // The confirmation and its buttons are gone: the focus goes to the section, not to the page.
    heading.current?.focus();
  }

  const sorted = [...entries].sort((a, b) => b.lastSeen.localeCompare(a.lastSeen));
  return (
    <section class="ag-section" aria-labelledby={headingId}>
      <h2 id={headingId} tabIndex={-1} ref={heading}>
        {S.historySection}
      </h2>
      <p class="ag-section__intro">{S.historyIntro}</p>
      <p class="ag-section__intro" data-testid="seen-senders">
        {S.seenSenders(seen.length)}
      </p>
      <StatusMessage message={status?.message} tone={status?.tone ?? 'success'} />
      {sorted.length === 0 && seen.length === 0 ? (
        <p>{S.historyEmpty}</p>
      ) : (
        <>
          {sorted.length === 0 ? (
            <p>{S.historyEmpty}</p>
          ) : (
            <div class="ag-table-wrap">
              <table class="ag-table">
                <caption class="ag-visually-hidden">{S.historyCaption}</caption>
                <thead>
                  <tr>
                    <th scope="col">{S.historyColumns.name}</th>
                    <th scope="col">{S.historyColumns.firstSeen}</th>
                    <th scope="col">{S.historyColumns.lastSeen}</th>
                    <th scope="col">{S.historyColumns.level}</th>
                  </tr>
                </thead>
                <tbody>
                  {sorted.map((entry) => (
                    <tr key={entry.profileUrl}>
                      <th scope="row">
                        <ExternalLink href={entry.profileUrl}>{entry.name ?? entry.profileId}</ExternalLink>
                      </th>
                      <td>{formatDate(entry.firstSeen)}</td>
                      <td>{formatDate(entry.lastSeen)}</td>
                      <td>
                        <LevelBadge level={entry.highestLevel} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div class="ag-actions">
            <a class="ag-button" href={downloads.csv.href} download={downloads.csv.fileName}>
              {S.exportCsv}
            </a>
            <a class="ag-button" href={downloads.json.href} download={downloads.json.fileName}>
              {S.exportJson}
            </a>
            {confirming ? null : (
              <Button ref={clearButton} variant="danger" onClick={() => setConfirming(true)}>
                {S.clearHistory}
              </Button>
            )}
          </div>
          {confirming ? (
            <div class="ag-confirm" role="group" aria-labelledby={confirmId}>
              <p id={confirmId} ref={confirmRef} tabIndex={-1}>
                {S.clearConfirm(sorted.length, seen.length)}
              </p>
              <div class="ag-actions">
                <Button variant="danger" onClick={() => void clear()}>
                  {S.clearYes}
                </Button>
                <Button
                  onClick={() => {
                    setConfirming(false);
                    // Back to the button that asked, once it is rendered again.
                    queueMicrotask(() => clearButton.current?.focus());
                  }}
                >
                  {S.clearNo}
                </Button>
              </div>
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}
