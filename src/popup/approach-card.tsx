// One flagged approach: who (name, headline, photo if any), how risky, the actions, then why
// (cues with the words that fired and the rules' advice) and what to do. The actions come
// first because the popup is at most 600 px tall and a thread can raise six cues: below them,
// "Report" was screens away.
import { useId, useMemo, useRef, useState } from 'preact/hooks';
import type { ApproachSummary } from '../messaging/protocol';
import type { Settings } from '../settings/schema';
import { Button, ExternalLink } from '../ui/controls';
import { CueList } from '../ui/cue-list';
import { explainHits, shownIndicators, type PackTexts } from '../ui/cues';
import { LevelBadge } from '../ui/level-badge';
import { linkedInProfileUrl, NPSA_GUIDANCE_URL } from '../ui/links';
import { SenderPhoto } from '../ui/sender-photo';
import { S } from '../ui/strings';
import { WhatToDo } from '../ui/what-to-do';
import type { PopupDeps } from './deps';
import { LinkedInPanel } from './linkedin-panel';
import { ReportPanel } from './report-panel';

type Panel = 'report' | 'linkedin' | undefined;

export function ApproachCard({
  summary,
  tabId,
  texts,
  settings,
  deps,
  onNotSuspicious,
}: {
  summary: ApproachSummary;
  tabId: number | undefined;
  texts: PackTexts;
  settings: Settings;
  deps: PopupDeps;
  onNotSuspicious: (summary: ApproachSummary) => void;
}) {
  const base = useId();
  const [panel, setPanel] = useState<Panel>();
  const reportButton = useRef<HTMLButtonElement>(null);
  const linkedInButton = useRef<HTMLButtonElement>(null);
  const cues = useMemo(() => explainHits(summary.verdict.hits, texts), [summary, texts]);
  const indicators = useMemo(() => shownIndicators(summary.verdict.hits), [summary]);
  const name = summary.sender.name?.trim() || S.unknownSender;
  const canDismiss = linkedInProfileUrl(summary.sender.profileUrl) !== undefined;

  const close = (which: Panel) => {
    setPanel(undefined);
    // Focus goes back to the button that opened the panel, not to the top of the popup.
    (which === 'report' ? reportButton : linkedInButton).current?.focus();
  };

  return (
    <article class={`ag-card ag-card--${summary.verdict.level}`} aria-labelledby={`${base}-name`}>
      <header class="ag-card__header">
        <SenderPhoto photoUrl={summary.sender.photoUrl} />
        <div class="ag-card__who">
          <h2 id={`${base}-name`} class="ag-card__name">
            {name}
          </h2>
          {summary.sender.headline ? <p class="ag-card__headline">{summary.sender.headline}</p> : null}
          {summary.sender.hasPhoto === false ? <p class="ag-card__headline">{S.noProfilePhoto}</p> : null}
          <LevelBadge level={summary.verdict.level} score={summary.verdict.score} />
        </div>
      </header>
      <div class="ag-actions" role="group" aria-label={S.actionsLabel(name)}>
        <Button
          ref={reportButton}
          variant="primary"
          aria-expanded={panel === 'report'}
          aria-controls={`${base}-report`}
          onClick={() => setPanel(panel === 'report' ? undefined : 'report')}
        >
          {S.reportToTeam}
        </Button>
        <Button
          ref={linkedInButton}
          aria-expanded={panel === 'linkedin'}
          aria-controls={`${base}-linkedin`}
          onClick={() => setPanel(panel === 'linkedin' ? undefined : 'linkedin')}
        >
          {S.reportOnLinkedIn}
        </Button>
        <Button
          disabled={!canDismiss}
          aria-describedby={canDismiss ? undefined : `${base}-nodismiss`}
          onClick={() => onNotSuspicious(summary)}
        >
          {S.notSuspicious}
        </Button>
        {/* A link (it opens a page), drawn as a button because it is one of the card's actions. */}
        <ExternalLink href={NPSA_GUIDANCE_URL} class="ag-button ag-button--secondary">
          {S.readGuidance}
        </ExternalLink>
      </div>
      {canDismiss ? null : (
        <p id={`${base}-nodismiss`} class="ag-field__hint">
          {S.notSuspiciousNeedsProfile}
        </p>
      )}
      {panel === 'report' ? (
        <ReportPanel summary={summary} tabId={tabId} settings={settings} deps={deps} id={`${base}-report`} onClose={() => close('report')} />
      ) : null}
      {panel === 'linkedin' ? (
        <LinkedInPanel
          profileUrl={summary.sender.profileUrl}
          deps={deps}
          id={`${base}-linkedin`}
          onClose={() => close('linkedin')}
        />
      ) : null}
      <section aria-labelledby={`${base}-why`}>
        <h3 id={`${base}-why`}>{S.whyFlagged}</h3>
        <CueList cues={cues} headingLevel={4} />
      </section>
      <WhatToDo
        indicators={indicators}
        team={{ name: settings.securityTeamName, contact: settings.securityTeamContact }}
        headingLevel={3}
      />
    </article>
  );
}
