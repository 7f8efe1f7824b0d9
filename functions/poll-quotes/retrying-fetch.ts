/**
 * HTTP GET with the manners a polled API asks for: on 429 wait what `Retry-After` says (seconds
 * or an HTTP date), on 5xx or a network error back off exponentially, and give up after a few
 * attempts or when the wait would pass the deadline.
 */

/** A poll that did not succeed: names the URL (without its key), the status and the body's start. */
export class PollError extends Error {
  constructor(
    readonly url: string,
    readonly status: number | undefined,
    detail: string,
  ) {
    super(`GET ${url} failed${status ? ` with ${status}` : ''}: ${detail}`);
    this.name = 'PollError';
  }
}

/** Options of {@link getJson}. */
export interface GetOptions {
  /** Attempts in all. @default 4 */
  readonly attempts?: number;
  /** First backoff for 5xx and network errors; doubles per attempt. @default 500 */
  readonly backoffMs?: number;
  /** Longest single wait (a longer Retry-After gives up). @default 30000 */
  readonly maxWaitMs?: number;
  /** Absolute time (ms) after which no wait starts. @default Infinity */
  readonly deadline?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  readonly fetch?: typeof fetch;
  /**
   * Body-level rate limiting (CryptoCompare answers some limits with 200 and an error body):
   * return a wait in ms to retry, or undefined when the body is fine.
   */
  readonly bodyRetry?: (body: unknown) => number | undefined;
}

/** Milliseconds a `Retry-After` header asks for, or undefined. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** Hides `api_key=`/`token=` values in a URL for messages and logs. */
export const redact = (url: string): string => url.replace(/([?&](?:api_key|token|apikey)=)[^&]*/gi, '$1***');

/** GETs `url` and parses JSON, retrying as described above. */
export async function getJson(url: string, opts: GetOptions = {}): Promise<{ body: unknown; attempts: number; waitedMs: number }> {
  const attempts = opts.attempts ?? 4;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = opts.now ?? Date.now;
  const doFetch = opts.fetch ?? fetch;
  const maxWait = opts.maxWaitMs ?? 30_000;
  let waitedMs = 0;
  for (let attempt = 1; ; attempt++) {
    let wait: number | undefined;
    let failure: PollError;
    try {
      const res = await doFetch(url, { headers: { accept: 'application/json' } });
      const text = await res.text();
      if (res.ok) {
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          throw new PollError(redact(url), res.status, `body is not JSON: ${text.slice(0, 120)}`);
        }
        const bodyWait = opts.bodyRetry?.(body);
        if (bodyWait === undefined) return { body, attempts: attempt, waitedMs };
        wait = bodyWait;
        failure = new PollError(redact(url), res.status, `rate limited: ${text.slice(0, 200)}`);
      } else {
        failure = new PollError(redact(url), res.status, text.slice(0, 200));
        if (res.status === 429) wait = retryAfterMs(res.headers.get('retry-after'), now()) ?? (opts.backoffMs ?? 500) * 2 ** (attempt - 1);
        else if (res.status >= 500) wait = (opts.backoffMs ?? 500) * 2 ** (attempt - 1);
        else throw failure; // 4xx other than 429: retrying will not help (bad key, bad symbol)
      }
    } catch (err) {
      if (err instanceof PollError && wait === undefined) throw err;
      if (!(err instanceof PollError)) {
        failure = new PollError(redact(url), undefined, (err as Error).message);
        wait = (opts.backoffMs ?? 500) * 2 ** (attempt - 1);
      } else failure = err;
    }
    if (attempt >= attempts || wait! > maxWait || now() + wait! > (opts.deadline ?? Infinity)) throw failure!;
    await sleep(wait!);
    waitedMs += wait!;
  }
}
