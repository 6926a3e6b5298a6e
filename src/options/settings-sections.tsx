// The three settings forms: the security team, how reports are sent, and warnings.
import { THRESHOLDS } from '../settings/schema';
import { CheckboxField, RadioGroup, TextField } from '../ui/fields';
import { S, THRESHOLD_LABELS } from '../ui/strings';
import type { OptionsData } from './options-data';
import { SettingsSection } from './settings-section';

export function TeamSection({ data }: { data: OptionsData }) {
  return (
    <SettingsSection title={S.teamSection} intro={S.teamIntro} keys={['securityTeamName', 'securityTeamContact']} data={data}>
      {({ draft, set, field }) => (
        <>
          <TextField
            label={S.teamName}
            hint={S.teamNameHint}
            name="securityTeamName"
            value={draft.securityTeamName}
            onInput={(value) => set('securityTeamName', value)}
            autoComplete="organization"
            {...field('securityTeamName')}
          />
          <TextField
            label={S.teamContact}
            hint={S.teamContactHint}
            name="securityTeamContact"
            value={draft.securityTeamContact}
            onInput={(value) => set('securityTeamContact', value)}
            {...field('securityTeamContact')}
          />
        </>
      )}
    </SettingsSection>
  );
}

export function ChannelsSection({ data }: { data: OptionsData }) {
  return (
    <SettingsSection title={S.channelsSection} keys={['webhookUrl', 'reportEmail', 'clipboardEnabled']} data={data}>
      {({ draft, set, field }) => (
        <>
          <TextField
            label={S.webhookUrl}
            hint={S.webhookHint}
            name="webhookUrl"
            type="url"
            value={draft.webhookUrl}
            onInput={(value) => set('webhookUrl', value)}
            {...field('webhookUrl')}
          />
          <p class="ag-field__hint ag-cors-note">{S.webhookCors}</p>
          <TextField
            label={S.reportEmail}
            hint={S.reportEmailHint}
            name="reportEmail"
            type="email"
            value={draft.reportEmail}
            onInput={(value) => set('reportEmail', value)}
            autoComplete="email"
            {...field('reportEmail')}
          />
          <CheckboxField
            label={S.clipboardEnabled}
            name="clipboardEnabled"
            checked={draft.clipboardEnabled}
            onChange={(checked) => set('clipboardEnabled', checked)}
            {...field('clipboardEnabled')}
          />
        </>
      )}
    </SettingsSection>
  );
}

export function WarningsSection({ data }: { data: OptionsData }) {
  return (
    <SettingsSection title={S.warningsSection} keys={['threshold', 'discreetMode']} data={data}>
      {({ draft, set, field }) => (
        <>
          <RadioGroup
            legend={S.thresholdLegend}
            name="threshold"
            value={draft.threshold}
            onChange={(value) => set('threshold', value)}
            options={THRESHOLDS.map((value) => ({ value, label: THRESHOLD_LABELS[value] }))}
            {...field('threshold')}
          />
          <CheckboxField
            label={S.discreetMode}
            name="discreetMode"
            checked={draft.discreetMode}
            onChange={(checked) => set('discreetMode', checked)}
            {...field('discreetMode')}
          />
        </>
      )}
    </SettingsSection>
  );
}
