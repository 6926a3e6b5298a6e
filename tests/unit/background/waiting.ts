// Waiting on the background's asynchronous work in unit tests.

export const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

/** Reads until `ok` holds, for up to about two seconds. */
export async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await read();
    if (ok(value)) return value;
    await settle();
  }
  throw new Error('condition never met');
}
