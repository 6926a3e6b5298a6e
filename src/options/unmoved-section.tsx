// What an earlier build left in storage.local and no update moved into the extension's database:
// shown with the report addresses it would bring, for the user to take in or discard. The user's
// choice here is the one signal a web page cannot forge (src/background/README.md).
import { useId, useState } from 'preact/hooks';
import { localArea } from '../settings/storage-area';
import { settleUnmoved } from '../settings/trusted-area';
import { Button, StatusMessage } from '../ui/controls';
import { S } from '../ui/strings';
import type { UnmovedData } from './options-data';

export function UnmovedSection({ unmoved, onSettled }: { unmoved: UnmovedData; onSettled: () => void }) {
  const headingId = useId();
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);

  async function settle(choice: 'take' | 'discard') {
    setBusy(true);
    try {
      await settleUnmoved(localArea(), choice);
      setFailed(false);
      onSettled();
    } catch (error) {
      console.warn('Approach Guard: the earlier settings could not be settled', error);
      setFailed(true);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="ag-section ag-section--warning" aria-labelledby={headingId}>
      <h2 id={headingId}>{S.unmovedTitle}</h2>
      <p class="ag-section__intro">{S.unmovedIntro}</p>
      <p>{S.unmovedKeys(unmoved.keys.join(', '))}</p>
      {unmoved.webhookUrl ? <p data-testid="unmoved-webhook">{S.unmovedWebhook(unmoved.webhookUrl)}</p> : null}
      {unmoved.reportEmail ? <p>{S.unmovedEmail(unmoved.reportEmail)}</p> : null}
      <StatusMessage message={failed ? S.unmovedFailed : undefined} tone="error" />
      <p>
        <Button variant="primary" disabled={busy} onClick={() => void settle('take')}>
          {S.unmovedTake}
        </Button>{' '}
        <Button disabled={busy} onClick={() => void settle('discard')}>
          {S.unmovedDiscard}
        </Button>
      </p>
    </section>
  );
}
