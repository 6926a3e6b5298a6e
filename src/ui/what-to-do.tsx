// NPSA's steps, short: withdraw, do not share, report; plus the few that fit the cues.
import type { IndicatorId } from '../engine/types';
import { ExternalLink } from './controls';
import { stepsFor } from './guidance';
import { Heading, type HeadingLevel } from './heading';
import { NPSA_GUIDANCE_URL } from './links';
import { S } from './strings';

export function WhatToDo({
  indicators,
  team,
  headingLevel = 4,
  headingId,
}: {
  indicators: readonly IndicatorId[];
  /** The configured security team, shown with the "report" step when known. */
  team?: { name: string; contact: string } | undefined;
  headingLevel?: HeadingLevel;
  headingId?: string;
}) {
  const teamLine = team && (team.name || team.contact) ? [team.name, team.contact].filter(Boolean).join(': ') : undefined;
  return (
    <div class="ag-steps">
      <Heading level={headingLevel} id={headingId} class="ag-steps__title">
        {S.whatToDo}
      </Heading>
      <ol class="ag-steps__list">
        {stepsFor(indicators).map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      {teamLine ? <p class="ag-steps__team">{teamLine}</p> : null}
      <p class="ag-steps__more">
        <ExternalLink href={NPSA_GUIDANCE_URL}>{S.guidanceLink}</ExternalLink>
      </p>
    </div>
  );
}
