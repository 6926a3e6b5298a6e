// Loads that must not overtake each other: the popup's and the options page's data, the outbox.

/**
 * `run`, one at a time. A call while one is under way asks for one more run after it, however
 * many calls come meanwhile: the last run starts after the last call, so an older answer never
 * lands after a newer one, and no change heard meanwhile goes unread.
 */
export function oneAtATime(run: () => Promise<void>): () => Promise<void> {
  let running = false;
  let again = false;
  return async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await run();
      } while (again);
    } finally {
      running = false;
    }
  };
}
