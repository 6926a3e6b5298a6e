// The level shown as a word on a colour, never colour alone (WCAG 1.4.1); contrast of each pair
// is checked by a test against the stylesheet.
import type { Level } from '../engine/types';
import { LEVEL_WORDS, scoreText } from './strings';

export function LevelBadge({ level, score }: { level: Level; score?: number | undefined }) {
  return (
    <span class="ag-level">
      <span class={`ag-badge ag-badge--${level}`}>
        <span class="ag-badge__mark" aria-hidden="true" />
        {LEVEL_WORDS[level]}
      </span>
      {score !== undefined && level !== 'none' ? <span class="ag-level__score">{scoreText(score)}</span> : null}
    </span>
  );
}
