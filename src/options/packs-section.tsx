// What decides the warnings: the active pack, and the organisation's update settings.
import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import type { PolicyState } from '../policy/read';
import type { ActivePackInfo } from '../popup/active-pack';
import { ExternalLink } from '../ui/controls';
import { formatDate, formatDateTime, isPastDate } from '../ui/format';
import { S } from '../ui/strings';

export function PacksSection({ pack, policy, now }: { pack: ActivePackInfo; policy: PolicyState | undefined; now: number }) {
  const headingId = useId();
  const values = policy?.values ?? {};
  const rows: [string, ComponentChildren][] = [
    [S.packFields.name, pack.homepage ? <ExternalLink href={pack.homepage}>{pack.name}</ExternalLink> : pack.name],
    [S.packFields.version, pack.version],
    [S.packFields.publisher, pack.publisher],
    [S.packFields.published, formatDate(pack.published)],
  ];
  if (pack.expires) {
    rows.push([
      S.packFields.expires,
      isPastDate(pack.expires, now) ? <strong class="ag-pack__warning">{S.packExpired(formatDate(pack.expires))}</strong> : formatDate(pack.expires),
    ]);
  }
  rows.push([S.packFields.source, pack.source === 'bundled' ? S.packSourceBundled : S.packSourceUpdate]);
  if (pack.installedAt !== undefined) rows.push([S.packFields.installed, formatDateTime(pack.installedAt)]);
  rows.push([S.packFields.lastCheck, pack.checkedAt !== undefined ? formatDateTime(pack.checkedAt) : S.packNeverChecked]);
  // Set by policy ahead of signed updates: say plainly that nothing fetches it yet.
  rows.push([
    S.packFields.updateUrl,
    values.packUrl ? (
      <>
        <code>{values.packUrl}</code> <strong class="ag-pack__warning">{S.packUpdatesUnsupported}</strong>
      </>
    ) : (
      S.packNoUpdateUrl
    ),
  ]);
  if (values.trustedKeys?.length) {
    rows.push([
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
  if (values.updateIntervalHours) rows.push([S.packFields.interval, S.packIntervalHours(values.updateIntervalHours)]);

  return (
    <section class="ag-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{S.packsSection}</h2>
      <p class="ag-section__intro">{S.packsIntro}</p>
      {pack.problem ? <p class="ag-pack__warning">{S.packFallback}</p> : null}
      <dl class="ag-facts">
        {rows.map(([term, detail]) => (
          <div class="ag-facts__row" key={term}>
            <dt>{term}</dt>
            <dd>{detail}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
