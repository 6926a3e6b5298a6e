// Policy values the extension could not use, each with the value and its reason: never silently
// ignored, and specific enough for the user to pass on to whoever manages the policy. Stored
// data that could not be read is listed apart: it is a problem on this device, not the
// organisation's.
import type { PolicyIssue } from '../policy/schema';
import type { DataIssue } from '../settings/storage-area';
import { formatPolicyValue } from '../ui/format';
import { POLICY_KEY_LABELS, S } from '../ui/strings';

export function PolicyIssues({ issues }: { issues: readonly PolicyIssue[] }) {
  if (issues.length === 0) return null;
  return (
    <section class="ag-section ag-section--warning" aria-labelledby="ag-policy-heading">
      <h2 id="ag-policy-heading">{S.policySection}</h2>
      <p>{S.policyIssuesIntro}</p>
      <ul class="ag-issues">
        {issues.map((issue) => (
          <li key={issue.key}>
            {POLICY_KEY_LABELS[issue.key] ? (
              <>
                <strong>{POLICY_KEY_LABELS[issue.key]}</strong> (<code>{issue.key}</code>)
              </>
            ) : (
              <code>{issue.key}</code>
            )}
            , {S.policyIssueSetTo} <code>{formatPolicyValue(issue.value)}</code>: {issue.reason}.{' '}
            {issue.keptPrevious ? S.policyKeptPrevious : S.policyNotApplied}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function StoredDataIssues({ issues }: { issues: readonly DataIssue[] }) {
  if (issues.length === 0) return null;
  return (
    <section class="ag-section ag-section--warning" aria-labelledby="ag-stored-issues-heading">
      <h2 id="ag-stored-issues-heading">{S.storedIssuesSection}</h2>
      <p>{S.storedIssues}</p>
      <ul class="ag-issues">
        {issues.map((issue) => (
          <li key={`${issue.area}:${issue.key}`}>
            <code>{issue.key}</code>: {issue.reason}
          </li>
        ))}
      </ul>
    </section>
  );
}
