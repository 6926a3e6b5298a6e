// Reports sent from this browser and where each one is: waiting, sending, sent or not sent.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { OutboxItemView, ResponseFor } from '../messaging/popup-protocol';
import { OUTBOX_STORAGE_KEY } from '../report/outbox';
import { TRUSTED_AREA_NAME, onTrustedChanged } from '../settings/trusted-area';
import { Button, StatusMessage } from '../ui/controls';
import { formatDateTime, formatRelative } from '../ui/format';
import { LEVEL_WORDS, S } from '../ui/strings';
import type { PopupDeps } from './deps';
import { oneAtATime } from '../ui/one-at-a-time';

export function OutboxList({ deps }: { deps: PopupDeps }) {
  const [items, setItems] = useState<OutboxItemView[]>();
  const [announcement, setAnnouncement] = useState<string>();
  // Why the last Retry or Discard was refused (a report being sent cannot be discarded, say).
  const [refusal, setRefusal] = useState<string>();
  const previous = useRef(new Map<string, OutboxItemView['state']>());
  // Once shown, the list stays while the popup is open (empty, it says so): the focus an action
  // leaves on its heading is never on something hidden.
  const shown = useRef(false);
  if (items && items.length > 0) shown.current = true;

  useEffect(() => {
    let alive = true;
    // One list asked for at a time: an older answer arriving after a newer one would put back a
    // report's old state ("Sending" over "Sent"). A change heard meanwhile asks again after it.
    const show = (response: ResponseFor<'popup→background:outbox-list'>) => {
      // No list (the worker is restarting, say) is not worth alarming anyone: keep what is shown.
      if (!response.ok) return;
      // Announce a change of state (e.g. "Sent") once, politely.
      const changed = response.items.find((item) => {
        const before = previous.current.get(item.key);
        return before !== undefined && before !== item.state;
      });
      if (changed) setAnnouncement(S.outboxChanged(changed.senderName ?? S.unknownSender, S.outboxStates[changed.state]));
      previous.current = new Map(response.items.map((item) => [item.key, item.state]));
      setItems(response.items);
    };
    const load = oneAtATime(async () => {
      const response = await deps.send({ type: 'popup→background:outbox-list' });
      if (alive) show(response);
    });
    const onChanged = (changes: Record<string, unknown>, areaName: string) => {
      if (areaName === TRUSTED_AREA_NAME && OUTBOX_STORAGE_KEY in changes) void load();
    };
    void load();
    const stop = onTrustedChanged(onChanged);
    return () => {
      alive = false;
      stop();
    };
  }, [deps]);

  const heading = useRef<HTMLHeadingElement>(null);

  async function act(type: 'popup→background:outbox-retry' | 'popup→background:outbox-discard', key: string) {
    setRefusal(undefined);
    const response = await deps.send({ type, key });
    if (!response.ok) setRefusal(response.error);
    // The button pressed goes with its report's old state: the focus goes to the list, not the page.
    heading.current?.focus();
  }

  const now = deps.now();
  return (
    <section class="ag-outbox" aria-labelledby="ag-outbox-heading" hidden={!shown.current}>
      <h2 id="ag-outbox-heading" tabIndex={-1} ref={heading}>
        {S.outboxHeading}
      </h2>
      <StatusMessage message={announcement} />
      <StatusMessage message={refusal} tone="error" />
      {items?.length === 0 ? <p>{S.outboxEmpty}</p> : null}
      <ul class="ag-outbox__list">
        {(items ?? []).map((item) => (
          <li class="ag-outbox__item" key={item.key}>
            <p class="ag-outbox__title">
              <span class={`ag-outbox__state ag-outbox__state--${item.state}`}>{S.outboxStates[item.state]}</span>{' '}
              <span>{item.senderName ?? S.unknownSender}</span>
              {item.level ? <span class="ag-outbox__meta"> · {LEVEL_WORDS[item.level]}</span> : null}
            </p>
            <p class="ag-outbox__meta">
              {S.outboxTo(item.destination)} · {formatDateTime(item.createdAt)}
              {item.attempts > 1 ? ` · ${S.outboxAttempts(item.attempts)}` : ''}
              {item.state === 'queued' && item.nextAttemptAt !== undefined && item.nextAttemptAt > now
                ? ` · ${S.outboxNext(formatRelative(item.nextAttemptAt, now))}`
                : ''}
            </p>
            {item.lastError && item.state !== 'sent' ? <p class="ag-outbox__error">{item.lastError}</p> : null}
            {item.state === 'queued' || item.state === 'failed' ? (
              <div class="ag-actions">
                <Button aria-label={S.retryNowFor(item.senderName ?? S.unknownSender)} onClick={() => void act('popup→background:outbox-retry', item.key)}>
                  {S.retryNow}
                </Button>
                {/* Also one still waiting: for an address no longer set, or an endpoint down for days. */}
                <Button variant="quiet" aria-label={S.discardFor(item.senderName ?? S.unknownSender)} onClick={() => void act('popup→background:outbox-discard', item.key)}>
                  {S.discard}
                </Button>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
