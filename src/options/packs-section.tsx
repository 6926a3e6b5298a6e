// What decides the warnings: the pack in force, the organisation's signed pack and its updates.
import type { ComponentChildren } from 'preact';
import { useId, useRef, useState } from 'preact/hooks';
import type { PackUpdateStatus } from '../background/pack-update-status';
import type { PolicyState } from '../policy/read';
import type { ActivePackInfo } from '../popup/active-pack';
import { Button, ErrorMessage, ExternalLink, StatusMessage } from '../ui/controls';
import { formatDate, formatDateTime, isPastDate } from '../ui/format';
import { LevelBadge } from '../ui/level-badge';
import { S } from '../ui/strings';

type Rows = [string, ComponentChildren][];

function Facts({ rows }: { rows: Rows }) {
  return (
    <dl class="ag-facts">
      {rows.map(([term, detail]) => (
        <div class="ag-facts__row" key={term}>
          <dt>{term}</dt>
          <dd>{detail}</dd>
        </div>
      ))}
    </dl>
  );
}

const expiry = (expires: string, now: number) =>
  isPastDate(expires, now) ? <strong class="ag-pack__warning">{S.packExpired(formatDate(expires))}</strong> : formatDate(expires);

function outcomeText(update: PackUpdateStatus): string {
  const reason = update.reason ?? '';
  switch (update.outcome) {
    case 'failed':
      return S.packOutcome.failed(reason);
    case 'refused':
      return S.packOutcome.refused(reason);
    case 'unavailable':
      return S.packOutcome.unavailable(reason);
    default:
      return S.packOutcome[update.outcome];
  }
}

export function PacksSection({
  pack,
  policy,
  update,
  now,
  checkNow,
}: {
  pack: ActivePackInfo;
  policy: PolicyState | undefined;
  update: PackUpdateStatus | undefined;
  now: number;
  /** Asks the background to check the pack address now; rejects with the reason when it cannot. */
  checkNow: () => Promise<void>;
}) {
  const headingId = useId();
  const orgHeadingId = useId();
  const [checking, setChecking] = useState(false);
  // aria-disabled takes effect only after the next render; a second press lands before it.
  const inFlight = useRef(false);
  const [error, setError] = useState<string>();
  /** The status shown when the user last asked for a check, once that check has answered. */
  const [asked, setAsked] = useState<{ before: PackUpdateStatus | undefined }>();
  const values = policy?.values ?? {};

  const rows: Rows = [
    [S.packFields.name, pack.homepage ? <ExternalLink href={pack.homepage}>{pack.name}</ExternalLink> : pack.name],
    [S.packFields.version, pack.version],
    [S.packFields.publisher, pack.publisher],
    [S.packFields.published, formatDate(pack.published)],
  ];
  if (pack.expires) rows.push([S.packFields.expires, expiry(pack.expires, now)]);
  rows.push([S.packFields.source, pack.source === 'bundled' ? S.packSourceBundled : S.packSourceRemote]);
  if (pack.installedAt !== undefined) rows.push([S.packFields.installed, formatDateTime(pack.installedAt)]);

  // The organisation's pack: what is in force, where it comes from, and the last check.
  const org: Rows = [[S.packFields.updateUrl, values.packUrl ? <code>{values.packUrl}</code> : S.packNoUpdateUrl]];
  const inForce = values.packUrl ? update?.inForce : undefined;
  if (inForce) {
    org.push(
      [S.packFields.name, inForce.name],
      [S.packFields.version, inForce.version],
      [S.packFields.publisher, inForce.publisher],
      [S.packFields.published, formatDate(inForce.published)],
    );
    if (inForce.expires) org.push([S.packFields.expires, expiry(inForce.expires, now)]);
    org.push([S.packFetched, formatDateTime(inForce.fetchedAt)]);
  }
  if (values.trustedKeys?.length) {
    org.push([
      S.packFields.keys,
      <ul class="ag-keys">
        {values.trustedKeys.map((key) => (
          <li key={key}>
            <code>{key}</code>
          </li>
        ))}
      </ul>,
    ]);
  }
  if (values.packUrl) {
    org.push([S.packFields.interval, S.packIntervalHours(values.updateIntervalHours ?? 24)]);
    const checked = update && update.url === values.packUrl ? update : undefined;
    org.push([
      S.packFields.lastCheck,
      checked?.checkedAt !== undefined ? (
        <>
          {formatDateTime(checked.checkedAt)}
          {': '}
          {checked.outcome === 'failed' || checked.outcome === 'refused' ? <strong class="ag-pack__warning">{outcomeText(checked)}</strong> : outcomeText(checked)}
        </>
      ) : (
        S.packNeverChecked
      ),
    ]);
    if (checked?.nextCheckAt !== undefined) org.push([S.packNextCheck, formatDateTime(checked.nextCheckAt)]);
  }

  async function check() {
    if (inFlight.current) return;
    inFlight.current = true;
    const before = update;
    setChecking(true);
    setError(undefined);
    setAsked(undefined);
    try {
      await checkNow();
      setAsked({ before });
    } catch (failure) {
      setError(S.packCheckFailed(failure instanceof Error ? failure.message : String(failure)));
    } finally {
      inFlight.current = false;
      setChecking(false);
    }
  }

  // The outcome is stored by the background, and reaches this page as a new status, perhaps
  // only after the check has answered: said in the status region when it does.
  // A status read again for another change (an equal copy) is not news: only a later check is.
  const outcome = asked && update?.checkedAt !== undefined && update.checkedAt !== asked.before?.checkedAt ? S.packCheckDone(outcomeText(update)) : undefined;

  return (
    <section class="ag-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{S.packsSection}</h2>
      <p class="ag-section__intro">{S.packsIntro}</p>
      {pack.problem ? <p class="ag-pack__warning">{S.packFallback}</p> : null}
      <Facts rows={rows} />
      <h3 id={orgHeadingId}>{S.packOrgSection}</h3>
      {values.packUrl && update?.outcome === 'unavailable' ? <p class="ag-pack__warning">{outcomeText(update)}</p> : null}
      {values.packUrl && !inForce && update?.outcome !== 'unavailable' ? (
        <p class={update?.notInForce ? 'ag-pack__warning' : undefined}>{update?.notInForce ? S.packOrgNotInForce(update.notInForce) : S.packOrgNone}</p>
      ) : null}
      <Facts rows={org} />
      {inForce && update?.notes?.length ? (
        <>
          <p>{S.packNotes}</p>
          <ul>
            {update.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </>
      ) : null}
      {inForce && update?.surfaced?.length ? (
        <div class="ag-pack__surfaced" role="note">
          <p>
            <strong>{S.packSurfaced(update.surfacedCount ?? update.surfaced.length)}</strong>
          </p>
          <ul>
            {update.surfaced.map((sender) => (
              <li key={sender.profileUrl}>
                <ExternalLink href={sender.profileUrl}>{sender.name ?? sender.profileUrl}</ExternalLink> <LevelBadge level={sender.level} />
              </li>
            ))}
          </ul>
          {(update.surfacedCount ?? 0) > update.surfaced.length ? <p>{S.packSurfacedMore(update.surfacedCount! - update.surfaced.length)}</p> : null}
        </div>
      ) : null}
      {values.packUrl ? (
        <p>
          {/* Not disabled while checking: a disabled button loses the keyboard focus. */}
          <Button aria-disabled={checking ? true : undefined} onClick={() => void check()}>
            {checking ? S.packChecking : S.packCheckNow}
          </Button>
        </p>
      ) : null}
      <StatusMessage message={checking ? S.packChecking : outcome} />
      <ErrorMessage message={error} />
    </section>
  );
}
