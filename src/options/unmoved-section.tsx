// What an earlier build left in storage.local and no update moved into the extension's database:
// shown with the report addresses it would bring, for the user to take in or discard. The user's
// choice here is the one signal a web page cannot forge (src/background/README.md).
import { useId, useState } from 'preact/hooks';
import { localArea } from '../settings/storage-area';
import { UnmovedChangedError, settleUnmoved } from '../settings/trusted-area';
import { Button } from '../ui/controls';
import { S } from '../ui/strings';
import type { UnmovedData } from './options-data';

export function UnmovedSection({ unmoved, onSettled }: { unmoved: UnmovedData; onSettled: (outcome: string) => void }) {
  const headingId = useId();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);

  async function settle(choice: 'take' | 'discard') {
    setBusy(true);
    try {
      await settleUnmoved(localArea(), choice, unmoved.shown);
      setError(undefined);
      onSettled(choice === 'take' ? S.unmovedTaken : S.unmovedDiscarded);
    } catch (failure) {
      if (failure instanceof UnmovedChangedError) {
        onSettled(S.unmovedChanged);
        return;
      }
      console.warn('Approach Guard: the earlier settings could not be settled', failure);
      setError(S.unmovedFailed(failure instanceof Error ? failure.message : String(failure)));
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  }

  return (
    <section class="ag-section ag-section--warning" aria-labelledby={headingId}>
      <h2 id={headingId}>{S.unmovedTitle}</h2>
      <p class="ag-section__intro">{S.unmovedIntro}</p>
      <p>{S.unmovedFound(unmoved.items.join(', '))}</p>
      {unmoved.webhookUrl ? <p data-testid="unmoved-webhook">{S.unmovedWebhook(unmoved.webhookUrl)}</p> : null}
      {unmoved.reportEmail ? <p>{S.unmovedEmail(unmoved.reportEmail)}</p> : null}
      {error ? (
        <p class="ag-status ag-status--error" role="alert">
          {error}
        </p>
      ) : null}
      {confirming ? (
        <p>
          {S.unmovedDiscardConfirm}{' '}
          <Button variant="danger" disabled={busy} onClick={() => void settle('discard')}>
            {S.unmovedDiscardYes}
          </Button>{' '}
          <Button disabled={busy} onClick={() => setConfirming(false)}>
            {S.unmovedDiscardNo}
          </Button>
        </p>
      ) : (
        <p>
          <Button variant="primary" disabled={busy} onClick={() => void settle('take')}>
            {S.unmovedTake}
          </Button>{' '}
          <Button disabled={busy} onClick={() => setConfirming(true)}>
            {S.unmovedDiscard}
          </Button>
        </p>
      )}
    </section>
  );
}
