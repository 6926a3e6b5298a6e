// The cues that fired, each with the words that raised it and the rule's own explanation and
// advice. Quotes are page text: rendered as text nodes only, never as markup.
import type { Cue } from './cues';
import { ExternalLink } from './controls';
import { Heading, type HeadingLevel } from './heading';
import { safeHttpsUrl } from './links';
import { S } from './strings';

function Source({ source, link }: { source: string; link: boolean }) {
  return link && safeHttpsUrl(source) ? <ExternalLink href={source}>{source}</ExternalLink> : <span>{source}</span>;
}

export function CueList({ cues, headingLevel = 4 }: { cues: readonly Cue[]; headingLevel?: HeadingLevel }) {
  return (
    <ul class="ag-cues">
      {cues.map((cue) => {
        const advice = [...new Set(cue.rules.map((rule) => rule.advice).filter((a): a is string => Boolean(a)))];
        const descriptions = [
          ...new Set(cue.rules.map((rule) => rule.description).filter((d): d is string => Boolean(d))),
        ];
        return (
          <li class="ag-cue" key={cue.indicator} data-indicator={cue.indicator}>
            <Heading level={headingLevel} class="ag-cue__title">
              {cue.title}
            </Heading>
            {cue.quotes.length > 0 ? (
              <p class="ag-cue__quotes">
                <span class="ag-cue__label">{S.quotesLabel}: </span>
                {cue.quotes.map((quote, index) => (
                  <span key={index}>
                    {index > 0 ? S.quoteSeparator : null}
                    <q class="ag-quote">{quote}</q>
                  </span>
                ))}
              </p>
            ) : null}
            {cue.profileFacts.length > 0 ? (
              <p class="ag-cue__profile">
                <span class="ag-cue__label">{S.profileFactsLabel}: </span>
                {cue.profileFacts.join(S.quoteSeparator)}
              </p>
            ) : null}
            {descriptions.length > 0
              ? descriptions.map((text) => (
                  <p class="ag-cue__description" key={text}>
                    {text}
                  </p>
                ))
              : cue.summary
                ? <p class="ag-cue__description">{cue.summary}</p>
                : null}
            {cue.entities.map((entity) => (
              <p class="ag-cue__entity" key={entity.name}>
                <strong>{entity.name}</strong>. {S.flaggedByLabel} {entity.flaggedBy}. {S.sourceLabel}{' '}
                <Source source={entity.source} link={entity.link} />
              </p>
            ))}
            {advice.map((text) => (
              <p class="ag-cue__advice" key={text}>
                <strong>{S.adviceLabel}</strong> {text}
              </p>
            ))}
          </li>
        );
      })}
    </ul>
  );
}
