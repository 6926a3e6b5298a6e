// Policy values the extension could not use, each with the value and its reason: never silently
// ignored, and specific enough for the user to pass on to whoever manages the policy.
import type { PolicyIssue } from '../policy/schema';
import type { DataIssue } from '../settings/storage-area';
import { formatPolicyValue } from '../ui/format';
import { POLICY_KEY_LABELS, S } from '../ui/strings';

export function PolicyIssues({ issues, dataIssues }: { issues: readonly PolicyIssue[]; dataIssues: readonly DataIssue[] }) {
  if (issues.length === 0 && dataIssues.length === 0) return null;
  return (
    <section class="ag-section ag-section--warning" aria-labelledby="ag-policy-heading">
      <h2 id="ag-policy-heading">{S.policySection}</h2>
      {issues.length > 0 ? (
        <>
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
        </>
      ) : null}
      {dataIssues.length > 0 ? (
        <>
          <p>{S.storedIssues}</p>
          <ul class="ag-issues">
            {dataIssues.map((issue) => (
              <li key={`${issue.area}:${issue.key}`}>
                <code>{issue.key}</code>: {issue.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
