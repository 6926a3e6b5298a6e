// The options page: logic and components. entrypoints/options/ only mounts it.
export { mountOptions } from './mount';
export { OptionsApp } from './options-app';
export { browserOptionsDeps, type OptionsDeps } from './deps';
export { loadOptionsData, OPTIONS_STORAGE_KEYS, type OptionsData } from './options-data';
export { draftFrom, patchFromDraft, type Draft, type FieldErrors } from './form';
export { SettingsSection, policyIssueText, type FormContext } from './settings-section';
export { ChannelsSection, TeamSection, WarningsSection } from './settings-sections';
export { HistorySection } from './history-section';
export { NotSuspiciousSection } from './not-suspicious-section';
export { PacksSection } from './packs-section';
export { PolicyIssues, StoredDataIssues } from './policy-section';
