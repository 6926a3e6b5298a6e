// Senders the user marked "Not suspicious"; removing one turns warnings for it back on.
import { useId, useState } from 'preact/hooks';
import type { NotSuspiciousEntry } from '../settings/schema';
import { unmarkNotSuspicious } from '../settings/store';
import { Button, ExternalLink, StatusMessage } from '../ui/controls';
import { formatDate } from '../ui/format';
import { S } from '../ui/strings';

export function NotSuspiciousSection({ entries }: { entries: readonly NotSuspiciousEntry[] }) {
  const headingId = useId();
  const [status, setStatus] = useState<string>();

  async function remove(entry: NotSuspiciousEntry) {
    await unmarkNotSuspicious(entry.profileUrl);
    setStatus(S.removed(entry.name ?? entry.profileUrl));
  }

  return (
    <section class="ag-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{S.notSuspiciousSection}</h2>
      <p class="ag-section__intro">{S.notSuspiciousIntro}</p>
      <StatusMessage message={status} tone="success" />
      {entries.length === 0 ? (
        <p>{S.notSuspiciousEmpty}</p>
      ) : (
        <ul class="ag-list">
          {entries.map((entry) => {
            const label = entry.name ?? entry.profileUrl;
            return (
              <li class="ag-list__item" key={entry.profileUrl}>
                <span class="ag-list__text">
                  <ExternalLink href={entry.profileUrl}>{label}</ExternalLink>
                  <span class="ag-list__meta"> · {formatDate(entry.addedAt)}</span>
                </span>
                <Button aria-label={S.removeLabel(label)} onClick={() => void remove(entry)}>
                  {S.remove}
                </Button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
