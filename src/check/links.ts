// The link checker of `check --online`: every address fetched, a few at a time and at most two
// per site; HEAD first and GET where a site refuses HEAD; redirects followed by hand so that
// permanent ones can be reported with the new address; 429 and 503 waited for as Retry-After
// says (capped); sites that refuse robots reported as "could not check"; results kept in
// .cache/links/ for a day. The scheduling and the cache are plain functions of an injected
// fetch and clock, so they can be tested without a network.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomically } from '../io/files.js';

export type LinkStatus = 'ok' | 'moved' | 'broken' | 'unchecked';

export interface LinkResult {
  readonly url: string;
  readonly status: LinkStatus;
  /** The last HTTP status seen, if any. */
  readonly code?: number;
  /** For "moved": the address to paste instead. */
  readonly location?: string;
  readonly message: string;
}

export interface LinkCheckOptions {
  readonly fetch?: typeof fetch;
  /** Milliseconds since the epoch. */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Per request; default 10 s (NYHETSBREV_LINK_TIMEOUT_MS). */
  readonly timeoutMs?: number;
  /** Requests at a time to one site (host and port); default 2. */
  readonly perSite?: number;
  /** Requests at a time in all; default 6. */
  readonly total?: number;
  /** Waits for 429/503 before giving up; default 2. */
  readonly retries?: number;
  /** The longest Retry-After honoured; longer ones count as "could not check"; default 30 s. */
  readonly maxRetryAfterMs?: number;
  readonly maxRedirects?: number;
  /** Folder of the cache; none: nothing cached. */
  readonly cacheDir?: string;
  /** How long a result is trusted; default a day. */
  readonly maxAgeMs?: number;
  readonly userAgent?: string;
  readonly onProgress?: (done: number, total: number, url: string) => void;
}

export const USER_AGENT = 'nyhetsbrev-linkcheck/0.1 (+mailto:KOM.pod@politiet.no)';
const DAY = 24 * 60 * 60 * 1000;

/** Runs `work` on every item, at most `total` at a time and at most `perKey` with the same key; results in the items' order. */
export async function schedule<T, R>(
  items: readonly T[],
  keyOf: (item: T) => string,
  limits: { perKey: number; total: number },
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  const running = new Map<string, number>();
  let active = 0;
  const waiting = items.map((item, i) => ({ item, i, key: keyOf(item) }));
  return new Promise<R[]>((resolve, reject) => {
    let left = items.length;
    if (left === 0) return resolve(results);
    const pump = () => {
      for (let j = 0; j < waiting.length && active < limits.total; ) {
        const w = waiting[j]!;
        if ((running.get(w.key) ?? 0) >= limits.perKey) {
          j++;
          continue;
        }
        waiting.splice(j, 1);
        active++;
        running.set(w.key, (running.get(w.key) ?? 0) + 1);
        work(w.item).then(
          (r) => {
            results[w.i] = r;
            active--;
            running.set(w.key, running.get(w.key)! - 1);
            if (--left === 0) resolve(results);
            else pump();
          },
          reject,
        );
      }
    };
    pump();
  });
}

/** Seconds or an HTTP date → milliseconds to wait; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function siteOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

interface CacheEntry {
  readonly checkedAt: number;
  readonly result: LinkResult;
}

function cacheFile(dir: string, url: string): string {
  return join(dir, `${createHash('sha256').update(url).digest('hex').slice(0, 32)}.json`);
}

/** A cached result younger than maxAge, or undefined. */
export function readCached(dir: string, url: string, now: number, maxAgeMs = DAY): LinkResult | undefined {
  const file = cacheFile(dir, url);
  if (!existsSync(file)) return undefined;
  try {
    const entry = JSON.parse(readFileSync(file, 'utf8')) as CacheEntry;
    if (entry.result?.url !== url || typeof entry.checkedAt !== 'number') return undefined;
    const age = now - entry.checkedAt;
    return age >= 0 && age < maxAgeMs ? entry.result : undefined;
  } catch {
    return undefined;
  }
}

export function writeCached(dir: string, result: LinkResult, now: number): void {
  try {
    writeAtomically(cacheFile(dir, result.url), Buffer.from(JSON.stringify({ checkedAt: now, result } satisfies CacheEntry) + '\n'));
  } catch {
    /* a cache that cannot be written only costs a check next time */
  }
}

/** Checks every address (each once); results by address. */
export async function checkLinks(urls: readonly string[], options: LinkCheckOptions = {}): Promise<Map<string, LinkResult>> {
  const now = options.now ?? Date.now;
  const unique = [...new Set(urls)];
  const results = new Map<string, LinkResult>();
  const todo: string[] = [];
  for (const url of unique) {
    const cached = options.cacheDir ? readCached(options.cacheDir, url, now(), options.maxAgeMs) : undefined;
    if (cached) results.set(url, cached);
    else todo.push(url);
  }
  let done = unique.length - todo.length;
  options.onProgress?.(done, unique.length, '');
  const checked = await schedule(todo, siteOf, { perKey: options.perSite ?? 2, total: options.total ?? 6 }, async (url) => {
    const r = await checkLink(url, options);
    if (options.cacheDir) writeCached(options.cacheDir, r, now());
    options.onProgress?.(++done, unique.length, url);
    return r;
  });
  for (const r of checked) results.set(r.url, r);
  return new Map(unique.map((u) => [u, results.get(u)!]));
}

const PERMANENT = new Set([301, 308]);
const REDIRECT = new Set([301, 302, 303, 307, 308]);

/** One address, following its redirects. */
export async function checkLink(url: string, options: LinkCheckOptions = {}): Promise<LinkResult> {
  let current = url;
  let permanent: string | undefined;
  let chain = true;
  for (let hop = 0; hop <= (options.maxRedirects ?? 8); hop++) {
    const answer = await request(current, options);
    if ('error' in answer) return { url, status: answer.unchecked ? 'unchecked' : 'broken', message: answer.error };
    const { code, location } = answer;
    if (REDIRECT.has(code) && location) {
      let next: string;
      try {
        next = new URL(location, current).href;
      } catch {
        return { url, status: 'broken', code, message: `redirects (${code}) to an address that cannot be read: "${location}"` };
      }
      // Only a chain of permanent moves from the address itself gives an address to paste.
      if (PERMANENT.has(code) && chain) permanent = next;
      else chain = false;
      current = next;
      continue;
    }
    if (code >= 200 && code < 300) {
      if (permanent !== undefined && permanent !== url) {
        return { url, status: 'moved', code, location: permanent, message: `moved permanently: expected the new address ${permanent}` };
      }
      return { url, status: 'ok', code, message: current === url ? `answers ${code}` : `answers ${code} (by way of ${current})` };
    }
    return classify(url, code, current);
  }
  return { url, status: 'broken', message: `more than ${options.maxRedirects ?? 8} redirects: the address goes round in circles` };
}

function classify(url: string, code: number, at: string): LinkResult {
  const where = at === url ? '' : ` (at ${at}, where it redirects)`;
  if (code === 401 || code === 403 || code === 999) {
    return { url, status: 'unchecked', code, message: `could not check: the site refuses automatic checks (${code})${where}; open it in a browser` };
  }
  if (code === 429 || code === 503) return { url, status: 'unchecked', code, message: `could not check: the site is busy (${code})${where}; try again later` };
  const what = code === 404 ? 'not found' : code === 410 ? 'gone' : code >= 500 ? 'server error' : 'refused';
  return { url, status: 'broken', code, message: `${what} (${code})${where}: expected a page that answers` };
}

type Answer = { code: number; location?: string } | { error: string; unchecked?: boolean };

/** HEAD, then GET where HEAD is refused; 429/503 waited for as Retry-After says. */
async function request(url: string, options: LinkCheckOptions): Promise<Answer> {
  const retries = options.retries ?? 2;
  const cap = options.maxRetryAfterMs ?? 30_000;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let method: 'HEAD' | 'GET' = 'HEAD';
  for (let attempt = 0; ; ) {
    const a = await once(url, method, options);
    if ('error' in a) return a;
    if (method === 'HEAD' && (a.code === 405 || a.code === 501 || a.code === 403 || a.code === 400)) {
      method = 'GET';
      continue;
    }
    if ((a.code === 429 || a.code === 503) && attempt < retries) {
      const wait = retryAfterMs(a.retryAfter, now()) ?? (a.code === 429 ? 2000 : undefined);
      if (wait !== undefined && wait <= cap) {
        attempt++;
        await sleep(wait);
        continue;
      }
    }
    return { code: a.code, ...(a.location ? { location: a.location } : {}) };
  }
}

async function once(url: string, method: 'HEAD' | 'GET', options: LinkCheckOptions): Promise<{ code: number; location?: string; retryAfter: string | null } | { error: string; unchecked?: boolean }> {
  const f = options.fetch ?? fetch;
  const timeout = options.timeoutMs ?? 10_000;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeout);
  try {
    const res = await f(url, {
      method,
      redirect: 'manual',
      signal: controller.signal,
      headers: { 'user-agent': options.userAgent ?? USER_AGENT, accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
    });
    // Only the status matters: the body is not read.
    await res.body?.cancel().catch(() => undefined);
    const location = res.headers.get('location') ?? undefined;
    return { code: res.status, ...(location ? { location } : {}), retryAfter: res.headers.get('retry-after') };
  } catch (e) {
    if (controller.signal.aborted) return { error: `no answer within ${(timeout / 1000).toLocaleString('en')} s: the site is down or very slow` };
    const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : e instanceof Error ? e.message : String(e);
    return { error: `could not be reached: ${cause}` };
  } finally {
    clearTimeout(timer);
  }
}
