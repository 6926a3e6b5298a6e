// Repairs that something outside the background can ask for as often as it likes (a content
// script rewriting its copy of the pack or the settings in a loop) must not queue without end,
// nor run back to back: runs start at least `spacingMs` apart, and requests that come meanwhile
// are answered by the next run.

/** Runs `task` one run at a time, runs at least `spacingMs` apart; a request is never dropped, only joined to the next run. */
export function coalesce(task: () => Promise<unknown>, spacingMs: number, now: () => number = () => performance.now()): () => void {
  /** A run is in progress or waiting for its start. */
  let busy = false;
  /** A request came during the run in progress. */
  let again = false;
  let lastStart = Number.NEGATIVE_INFINITY;
  const schedule = (): void => {
    busy = true;
    again = false;
    const wait = lastStart + spacingMs - now();
    if (wait > 0) setTimeout(run, wait);
    else run();
  };
  const run = (): void => {
    again = false;
    lastStart = now();
    // A task that throws at once is a failed run like any other.
    void Promise.resolve()
      .then(task)
      .catch(() => undefined)
      .finally(() => {
        busy = false;
        if (again) schedule();
      });
  };
  return () => {
    if (busy) again = true;
    else schedule();
  };
}
