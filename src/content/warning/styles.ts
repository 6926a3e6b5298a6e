// The warning's styles, isolated in its closed shadow root: the page's CSS cannot restyle it
// and ours cannot leak into the page. The host itself sits in the page, where page CSS (and a
// page script's inline style) can reach it: its :host rules are !important, which the cascade
// ranks above any important rule from outside the shadow tree, so the page cannot make it
// transparent, hidden, shifted or zero-sized (say, to lay "Not suspicious" under the user's
// clicks). Colours meet WCAG AA (checked in the unit tests).
import type { WarningLevel } from './view-model';

/** Set on the host of a warning inside an overlay bubble, which is given less room (below). */
export const PLACE_ATTRIBUTE = 'data-approach-guard-place';
/** The tallest a warning may be inside an overlay bubble: half of the smaller (400 px) window. */
export const BUBBLE_MAX_HEIGHT_PX = 200;

export interface LevelPalette {
  /** Panel background. */
  background: string;
  /** Border and the level chip's background (white text on it). */
  accent: string;
  /** Level word and headings on the panel background. */
  strong: string;
}

export const TEXT_COLOUR = '#1F1F1F';
export const MUTED_COLOUR = '#4A4A4A';
export const CHIP_TEXT_COLOUR = '#FFFFFF';

export const PALETTE: Record<WarningLevel, LevelPalette> = {
  high: { background: '#FDECEA', accent: '#B3261E', strong: '#8C1D18' },
  medium: { background: '#FFF4E0', accent: '#8A4B00', strong: '#6B3A00' },
  low: { background: '#EAF1F8', accent: '#3B5B80', strong: '#2C4560' },
};

// A rule a line below, each line ended by a backslash: in a template literal that removes the
// line break from the string, which the minified script would otherwise carry as "\n" (two
// bytes each, within the content script's 80 KB).
const levelRules = (Object.keys(PALETTE) as WarningLevel[])
  .map((level) => {
    const p = PALETTE[level];
    return `.ag--${level}{background:${p.background};border-color:${p.accent}}\
.ag--${level} .ag__chip{background:${p.accent}}\
.ag--${level} .ag__cue-title,.ag--${level} .ag__details h3{color:${p.strong}}\
.ag--${level} button:focus-visible{outline-color:${p.accent}}`;
  })
  .join('');

export const WARNING_CSS = `\
:host{all:initial!important;display:block!important;contain:content!important}\
:host([${PLACE_ATTRIBUTE}="bubble"]){max-height:${BUBBLE_MAX_HEIGHT_PX}px!important;overflow-y:auto!important}\
.ag,.ag *{box-sizing:border-box}\
.ag{margin:8px 12px;padding:10px 12px;border:2px solid;border-radius:8px;font:14px/1.45 system-ui,sans-serif;color:${TEXT_COLOUR};text-align:left}\
.ag__head{display:flex;flex-wrap:wrap;align-items:center;gap:6px 8px;margin:0 0 6px}\
.ag__chip{display:inline-block;padding:1px 8px;border-radius:10px;color:${CHIP_TEXT_COLOUR};font-weight:700;font-size:13px}\
.ag__headline{margin:0;font-size:14px;font-weight:600}\
.ag__cues{margin:0 0 6px;padding:0 0 0 18px}\
.ag__cues li{margin:2px 0}\
.ag__cue-title{font-weight:700}\
.ag__quote{font-style:italic}\
.ag__action{margin:0 0 8px}\
.ag__steps-title{margin:0;font-weight:700}\
.ag__steps{margin:0;padding:0 0 0 18px}\
.ag__buttons{display:flex;flex-wrap:wrap;gap:8px}\
.ag button{font:inherit;font-size:13px;font-weight:600;padding:4px 10px;border-radius:14px;cursor:pointer;\
border:1px solid ${MUTED_COLOUR};background:#FFFFFF;color:${TEXT_COLOUR}}\
.ag button:hover{background:#F2F2F2}\
.ag button:focus-visible{outline:3px solid;outline-offset:2px}\
.ag__details{margin:8px 0 0;padding:8px 0 0;border-top:1px solid ${MUTED_COLOUR}}\
.ag__details h3{margin:8px 0 2px;font-size:14px}\
.ag__details p{margin:2px 0}\
.ag__muted{color:${MUTED_COLOUR};font-size:13px}\
.ag__confirm{margin:6px 0 0}\
.ag__notice{margin:6px 0 0;font-weight:600}\
.ag--compact{margin:4px 12px 8px;padding:6px 8px;border-width:1px;font-size:13px}\
.ag--compact .ag__headline{font-size:13px;font-weight:600}\
.ag__compact-cues{margin:0 0 6px;font-weight:600}\
.ag__sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}\
${levelRules}\
`;
