// "Report on LinkedIn": LinkedIn's own flow, on the sender's profile, with the steps in words.
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { Button, StatusMessage } from '../ui/controls';
import { LINKEDIN_REPORT_HELP_URL, linkedInProfileUrl } from '../ui/links';
import { S } from '../ui/strings';
import type { PopupDeps } from './deps';

export function LinkedInPanel({
  profileUrl,
  deps,
  id,
  onClose,
}: {
  profileUrl: string | undefined;
  deps: PopupDeps;
  id: string;
  onClose: () => void;
}) {
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [status, setStatus] = useState<{ message: string; tone: 'success' | 'error' }>();
  const url = linkedInProfileUrl(profileUrl);

  useEffect(() => headingRef.current?.focus(), []);

  async function open(profile: string) {
    try {
      // The help page opens in the background first: activating a tab closes the popup.
      await deps.openTab(LINKEDIN_REPORT_HELP_URL, false);
      await deps.openTab(profile, true);
      setStatus({ message: S.linkedInOpened, tone: 'success' });
    } catch (error) {
      console.warn('Approach Guard: the profile could not be opened', error);
      setStatus({ message: S.linkedInOpenFailed, tone: 'error' });
    }
  }

  return (
    <section id={id} class="ag-panel" aria-labelledby={headingId}>
      <h3 id={headingId} ref={headingRef} tabIndex={-1}>
        {S.linkedInHeading}
      </h3>
      <ol class="ag-steps__list">
        {S.linkedInSteps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      {url ? null : <p>{S.linkedInNoProfile}</p>}
      <div class="ag-actions">
        {url ? (
          <Button variant="primary" onClick={() => void open(url)}>
            {S.linkedInOpen}
          </Button>
        ) : null}
        <Button variant="quiet" onClick={onClose}>
          {S.closePanel}
        </Button>
      </div>
      <StatusMessage message={status?.message} tone={status?.tone} />
    </section>
  );
}
