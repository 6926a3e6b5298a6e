// The popup's notice of people who wrote to the user before and whom a newer pack flags
// (src/background/surfaced-notice.ts), shown on every tab until the user says they have seen it.
import { unseenSurfaced, type SurfacedNotice } from '../background/surfaced-notice';
import { Button, ExternalLink } from '../ui/controls';
import { LevelBadge } from '../ui/level-badge';
import { S } from '../ui/strings';

export function SurfacedSenders({ notice, notSuspicious, onSeen, busy }: { notice: SurfacedNotice | undefined; notSuspicious: readonly string[]; onSeen: (upTo: number) => void; busy: boolean }) {
  // Someone marked "Not suspicious" since is no longer news.
  const { senders, count } = unseenSurfaced(notice, notSuspicious);
  if (!notice || count === 0) return null;
  return (
    <section class="ag-surfaced" aria-labelledby="ag-surfaced-heading">
      <h2 id="ag-surfaced-heading">{S.surfacedHeading(count)}</h2>
      <p>{S.surfacedIntro(notice.pack, count)}</p>
      <ul class="ag-surfaced__list">
        {senders.map((sender) => (
          <li key={sender.profileUrl}>
            <ExternalLink href={sender.profileUrl}>{sender.name ?? S.unknownSender}</ExternalLink> <LevelBadge level={sender.level} />
          </li>
        ))}
      </ul>
      {count > senders.length ? <p class="ag-field__hint">{S.surfacedMore(count - senders.length)}</p> : null}
      {/* Up to the latest entry shown: people a pack adds meanwhile are not yet seen. */}
      <Button onClick={() => onSeen(Math.max(...notice.senders.map((sender) => sender.at)))} disabled={busy}>
        {S.surfacedSeen}
      </Button>
    </section>
  );
}
