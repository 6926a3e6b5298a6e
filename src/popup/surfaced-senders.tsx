// The popup's notice of people who wrote to the user before and whom a newer pack flags
// (src/background/surfaced-notice.ts), shown on every tab until the user says they have seen it.
// Each can be reported from here: opening their profile to do it could tell them who looked.
import { useId, useRef, useState } from 'preact/hooks';
import { unseenSurfaced, type NoticeSender, type ReportVerdict, type SurfacedNotice } from '../background/surfaced-notice';
import type { ApproachSummary } from '../messaging/protocol';
import type { Settings } from '../settings/schema';
import { Button, ExternalLink } from '../ui/controls';
import { LevelBadge } from '../ui/level-badge';
import { S } from '../ui/strings';
import type { PopupDeps } from './deps';
import { ReportPanel } from './report-panel';

/**
 * The approach a report about a surfaced person is made of: their listed profile, where they
 * wrote from (`profile` when the list of senders read did not say: an entry from before it
 * kept that) and the rules the pack found, with no quotes.
 */
export function surfacedSummary(sender: NoticeSender & { verdict: ReportVerdict }): ApproachSummary {
  const { score, level, packVersion, hits } = sender.verdict;
  return {
    approachId: `surfaced:${sender.profileUrl}`.slice(0, 500),
    surface: sender.surface ?? 'profile',
    sender: { profileUrl: sender.profileUrl, ...(sender.name ? { name: sender.name } : {}) },
    verdict: { score, level, packVersion, hits: hits.map((hit) => ({ ...hit, evidence: [] })) },
  };
}

function SurfacedPerson({ sender, settings, deps }: { sender: NoticeSender; settings: Settings; deps: PopupDeps }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const name = sender.name ?? S.unknownSender;
  return (
    <li>
      <ExternalLink href={sender.profileUrl}>{name}</ExternalLink> <LevelBadge level={sender.level} />
      {sender.verdict ? (
        <>
          {' '}
          <Button ref={button} variant="quiet" aria-expanded={open} aria-controls={`${id}-report`} aria-label={`${S.reportToTeam}: ${name}`} onClick={() => setOpen(!open)}>
            {S.reportToTeam}
          </Button>
          {open ? (
            <ReportPanel
              summary={surfacedSummary({ ...sender, verdict: sender.verdict })}
              tabId={undefined}
              settings={settings}
              deps={deps}
              id={`${id}-report`}
              withoutPage={S.surfacedNoMessages}
              onClose={() => {
                setOpen(false);
                button.current?.focus();
              }}
            />
          ) : null}
        </>
      ) : null}
    </li>
  );
}

export function SurfacedSenders({
  notice,
  notSuspicious,
  settings,
  deps,
  onSeen,
  busy,
}: {
  notice: SurfacedNotice | undefined;
  notSuspicious: readonly string[];
  settings: Settings;
  deps: PopupDeps;
  onSeen: (seen: { upTo: number; profiles: string[]; highOnly: boolean }) => void;
  busy: boolean;
}) {
  // Someone marked "Not suspicious" since is no longer news, nor someone below the threshold.
  const { senders, count } = unseenSurfaced(notice, { notSuspicious, threshold: settings.threshold });
  if (!notice || count === 0) return null;
  return (
    <section class="ag-surfaced" aria-labelledby="ag-surfaced-heading">
      <h2 id="ag-surfaced-heading">{S.surfacedHeading(count)}</h2>
      <p>{S.surfacedIntro(notice.pack, count, senders.length > 0 && senders.every((sender) => sender.verdict !== undefined))}</p>
      <ul class="ag-surfaced__list">
        {senders.map((sender) => (
          <SurfacedPerson key={sender.profileUrl} sender={sender} settings={settings} deps={deps} />
        ))}
      </ul>
      {count > senders.length ? <p class="ag-field__hint">{S.surfacedMore(count - senders.length)}</p> : null}
      {/* The notice up to its latest entry: people a pack adds meanwhile, and people below the threshold, are not yet seen. */}
      <Button
        onClick={() =>
          onSeen({
            upTo: Math.max(0, ...notice.senders.map((sender) => sender.at), ...(notice.more ?? []).map((entry) => entry.at)),
            profiles: senders.map((sender) => sender.profileUrl),
            highOnly: settings.threshold === 'high',
          })
        }
        disabled={busy}
      >
        {S.surfacedSeen}
      </Button>
    </section>
  );
}
