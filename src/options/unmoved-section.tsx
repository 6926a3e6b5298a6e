// What an earlier build left in storage.local that no update explained: said to the user, who
// may discard it. Its text is never shown, as a web page may have written it (src/background/README.md).
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { localArea } from '../settings/storage-area';
import { discardUnmoved } from '../settings/trusted-area';
import { Button } from '../ui/controls';
import { S } from '../ui/strings';
import type { UnmovedData } from './options-data';

export function UnmovedSection({ unmoved, onSettled }: { unmoved: UnmovedData; onSettled: (outcome: string) => void }) {
  const headingId = useId();
  const confirmId = useId();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLParagraphElement>(null);
  const discardButton = useRef<HTMLButtonElement>(null);
  // Where the focus goes once the confirmation closes without discarding: back to the button that asked.
  const back = useRef(false);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
    else if (back.current) discardButton.current?.focus();
    back.current = false;
  }, [confirming]);

  const close = () => {
    back.current = true;
    setConfirming(false);
  };

  async function discard() {
    setBusy(true);
    try {
      await discardUnmoved(localArea());
      setError(undefined);
      onSettled(S.unmovedDiscarded);
    } catch (failure) {
      console.warn('Approach Guard: the earlier data could not be discarded', failure);
      setError(S.unmovedFailed(failure instanceof Error ? failure.message : String(failure)));
      back.current = true;
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
      {error ? (
        <p class="ag-status ag-status--error" role="alert">
          {error}
        </p>
      ) : null}
      {/* Keyed, so the confirmation never reuses the button that opened it: the focus must not
          land on "Yes, discard" by itself. */}
      {confirming ? (
        <div key="confirm" class="ag-confirm" role="group" aria-labelledby={confirmId}>
          <p id={confirmId} ref={confirmRef} tabIndex={-1}>
            {S.unmovedDiscardConfirm}
          </p>
          <div class="ag-actions">
            <Button variant="danger" disabled={busy} onClick={() => void discard()}>
              {S.unmovedDiscardYes}
            </Button>
            <Button disabled={busy} onClick={close}>
              {S.unmovedDiscardNo}
            </Button>
          </div>
        </div>
      ) : (
        <p key="ask">
          <Button ref={discardButton} disabled={busy} onClick={() => setConfirming(true)}>
            {S.unmovedDiscard}
          </Button>
        </p>
      )}
    </section>
  );
}
