// Senders the user marked "Not suspicious"; removing one turns warnings for it back on.
import { useId, useRef, useState } from 'preact/hooks';
import type { NotSuspiciousEntry } from '../settings/schema';
import { Button, ExternalLink, StatusMessage } from '../ui/controls';
import { formatDate } from '../ui/format';
import { S } from '../ui/strings';
import type { OptionsDeps } from './deps';

export function NotSuspiciousSection({ entries, deps }: { entries: readonly NotSuspiciousEntry[]; deps: Pick<OptionsDeps, 'unmarkNotSuspicious'> }) {
  const headingId = useId();
  const [status, setStatus] = useState<{ message: string; tone: 'success' | 'error' }>();
  const heading = useRef<HTMLHeadingElement>(null);

  async function remove(entry: NotSuspiciousEntry) {
    try {
      await deps.unmarkNotSuspicious(entry.profileUrl);
      setStatus({ message: S.removed(entry.name ?? entry.profileUrl), tone: 'success' });
    } catch (error) {
      // The extension's storage would not take it: the entry stays, and the user is told.
      console.warn('Approach Guard: could not remove a "Not suspicious" mark', error);
      setStatus({ message: S.changeNotSaved, tone: 'error' });
    }
    // The entry and its button may be gone: the focus goes to the section, not to the page.
    heading.current?.focus();
  }

  return (
    <section class="ag-section" aria-labelledby={headingId}>
      <h2 id={headingId} tabIndex={-1} ref={heading}>
        {S.notSuspiciousSection}
      </h2>
      <p class="ag-section__intro">{S.notSuspiciousIntro}</p>
      <StatusMessage message={status?.message} tone={status?.tone} />
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
