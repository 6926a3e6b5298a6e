// The popup: logic and components. entrypoints/popup/ only mounts it.
export { mountPopup } from './mount';
export { PopupApp } from './popup-app';
export { ApproachCard } from './approach-card';
export { ReportPanel } from './report-panel';
export { LinkedInPanel } from './linkedin-panel';
export { OutboxList } from './outbox-list';
export { browserPopupDeps, sendToBackground, type PopupDeps, type SendToBackground } from './deps';
export { loadPopupData, affectsPopup, type PopupData } from './popup-data';
export { readActivePack, packInfoFrom, type ActivePackInfo, type PackSource } from './active-pack';
export { readActiveTab, readTabState, type ActiveTab } from './tab-state';
export { highestLevel, selectFlagged, toApproach, toVerdict, type FlaggedSelection } from './approaches';
export { availableChannels, hasSecurityTeam, outgoingFor } from './report-channels';
