// Repairs that something outside the background can ask for as often as it likes (a content
// script rewriting its copy of the pack or the settings in a loop) must not queue without end:
// a burst of requests runs the task once more after the run in progress, and runs start at least
// `spacingMs` apart.

/** Runs `task` for a burst of requests one run at a time: at most one run waits behind the current one. */
export function coalesce(task: () => Promise<unknown>, spacingMs: number, now: () => number = Date.now): () => void {
  let running = false;
  let again = false;
  let lastStart = Number.NEGATIVE_INFINITY;
  const run = (): void => {
    running = true;
    again = false;
    lastStart = now();
    void task()
      .catch(() => undefined)
      .finally(() => {
        if (!again) {
          running = false;
          return;
        }
        setTimeout(run, Math.max(0, lastStart + spacingMs - now()));
      });
  };
  return () => {
    if (running) again = true;
    else run();
  };
}
