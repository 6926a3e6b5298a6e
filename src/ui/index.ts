// Shared UI for the popup, the options page and the in-page warning.
export { LevelBadge } from './level-badge';
export { CueList } from './cue-list';
export { WhatToDo } from './what-to-do';
export { ReportPreview } from './report-preview';
export { Button, ErrorMessage, ExternalLink, StatusMessage, VisuallyHidden } from './controls';
export { CheckboxField, RadioGroup, TextField, type FieldState } from './fields';
export { Heading, type HeadingLevel } from './heading';
export { explainHits, shownIndicators, MAX_QUOTES_PER_CUE, type Cue, type CueRule, type HitLike, type IndicatorText, type PackTexts, type RuleText } from './cues';
export { stepsFor, MAX_CUE_STEPS } from './guidance';
export { LINKEDIN_REPORT_HELP_URL, NPSA_GUIDANCE_URL, linkedInProfileUrl, safeHttpsUrl } from './links';
export { formatDate, formatDateTime, formatRelative, isPastDate } from './format';
export { CORE_STEPS, CUE_STEPS, FIELD_ERRORS, LEVEL_WORDS, POLICY_KEY_LABELS, PRODUCT_NAME, S, THRESHOLD_LABELS } from './strings';
export { UI_CSS } from './styles';
