import { prepareWebhook, type FetchLike, type WebhookOutgoing } from '../../../src/report/channels';
import { composeReport } from '../../../src/report/compose';
import { FIXED_NOW, approach, nextUuid, verdict } from './fixtures';

export const WEBHOOK = 'https://soc.example.org/hooks/approach';

/** A fresh composition of the same approach: a new key and time, the same content. */
export function outgoingReport(url = WEBHOOK, note?: string): WebhookOutgoing {
  const composed = composeReport(
    { approach: approach(), verdict: verdict(), extensionVersion: '0.1.0', ...(note ? { note } : {}) },
    { now: () => FIXED_NOW, randomUUID: nextUuid },
  );
  return prepareWebhook(composed, url);
}

export class Clock {
  constructor(public ms = FIXED_NOW) {}
  readonly now = (): number => this.ms;
  advanceTo(ms: number): void {
    this.ms = Math.max(this.ms, ms);
  }
}

/** A fetch that answers from a script of statuses (a number) or failures (an Error). */
export function scriptedFetch(script: (number | Error | { status: number; headers: Record<string, string> })[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, init });
    const step = script[Math.min(calls.length - 1, script.length - 1)];
    if (step === undefined) throw new Error('empty script');
    if (step instanceof Error) throw step;
    const { status, headers } = typeof step === 'number' ? { status: step, headers: {} } : step;
    return new Response(null, { status, headers });
  };
  const header = (index: number, name: string) =>
    (calls[index]?.init.headers as Record<string, string> | undefined)?.[name];
  return { fetch, calls, header };
}
