import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { checkLink, readCached, retryAfterMs, schedule, writeCached } from '../../src/check/links.js';
import { kom, oneSectionIssue, project } from '../helpers/project.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A site on loopback: counts requests, and the most it ever had at once. */
async function site(handle: (req: IncomingMessage, res: ServerResponse, seen: number) => void) {
  const counts = new Map<string, number>();
  const stats = { requests: 0, active: 0, most: 0, methods: [] as string[] };
  const server = createServer((req, res) => {
    stats.requests++;
    stats.active++;
    stats.most = Math.max(stats.most, stats.active);
    stats.methods.push(`${req.method} ${req.url}`);
    res.on('close', () => stats.active--);
    const key = req.url ?? '';
    counts.set(key, (counts.get(key) ?? 0) + 1);
    // A little time on every answer, so that requests overlap.
    setTimeout(() => handle(req, res, counts.get(key)!), 40);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, stats, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

const answer = (res: ServerResponse, code: number, headers: Record<string, string> = {}) => {
  res.writeHead(code, headers);
  res.end(code === 200 ? '<!doctype html><title>ok</title>' : '');
};

let a: Awaited<ReturnType<typeof site>>;
let b: Awaited<ReturnType<typeof site>>;

beforeAll(async () => {
  a = await site((req, res, seen) => {
    const path = (req.url ?? '').replace(/\?.*$/, '');
    switch (path) {
      case '/ok': return answer(res, 200);
      case '/old': return answer(res, 301, { location: '/new' });
      case '/new': return answer(res, 200);
      case '/elsewhere': return answer(res, 302, { location: '/ok?from=302' });
      case '/missing': return answer(res, 404);
      case '/gone': return answer(res, 410);
      case '/busy': return seen === 1 ? answer(res, 429, { 'retry-after': '1' }) : answer(res, 200);
      case '/down': return seen === 1 ? answer(res, 503, { 'retry-after': '1' }) : answer(res, 200);
      case '/slow': return; // never answers
      case '/nohead': return req.method === 'HEAD' ? answer(res, 405, { allow: 'GET' }) : answer(res, 200);
      case '/robots': return /linkcheck|bot/i.test(req.headers['user-agent'] ?? '') ? answer(res, 403) : answer(res, 200);
      default: return answer(res, 500);
    }
  });
  b = await site((_req, res) => answer(res, 200));
});
afterAll(async () => {
  await a.close();
  await b.close();
});

const paths = ['/ok', '/old', '/elsewhere', '/missing', '/gone', '/busy', '/down', '/slow', '/nohead', '/robots', '/ok?1', '/ok?2', '/ok?3', '/ok?4'];

function issueWith(urls: readonly string[]): string {
  return oneSectionIssue(`      - heading: Lenker
        body:
${urls.map((u, i) => `          - Side ${i} er [lenke ${i}](${u}).`).join('\n')}
`);
}

async function checkOnline(issue: string) {
  const out: string[] = [];
  const status: string[] = [];
  const code = await main(['check', issue, '--online', '--json', '--layout', kom], {
    out: (l) => out.push(l), err: () => undefined, status: (l) => status.push(l), env: { NYHETSBREV_LINK_TIMEOUT_MS: '600' },
  });
  return { code, json: JSON.parse(out.join('\n')), status };
}

describe('check --online against real sites on loopback', () => {
  it('tells fine, moved, broken and unchecked links apart, two at a time to a site, and caches them for a day', async () => {
    const urls = [...paths.map((p) => a.base + p), ...['/1', '/2', '/3', '/4'].map((p) => b.base + p)];
    const p = project({ 'issues/x/issue.yaml': issueWith(urls) });
    const started = Date.now();
    const r = await checkOnline(p.issue);
    expect(r.code).toBe(0);
    const by = new Map<string, { status: string; code?: number; location?: string; message: string; line: number; column: number }>(
      r.json.links.map((l: { url: string }) => [l.url.replace(a.base, 'a').replace(b.base, 'b'), l]),
    );
    expect(by.size).toBe(urls.length);
    expect(by.get('a/ok')).toMatchObject({ status: 'ok', code: 200, line: 10, column: 33 });
    expect(by.get('a/old')).toMatchObject({ status: 'moved', code: 200, location: `${a.base}/new` });
    expect(by.get('a/elsewhere')).toMatchObject({ status: 'ok', code: 200 });
    expect(by.get('a/missing')).toMatchObject({ status: 'broken', code: 404 });
    expect(by.get('a/gone')).toMatchObject({ status: 'broken', code: 410 });
    expect(by.get('a/busy')).toMatchObject({ status: 'ok', code: 200 });
    expect(by.get('a/down')).toMatchObject({ status: 'ok', code: 200 });
    expect(by.get('a/slow')).toMatchObject({ status: 'broken' });
    expect(by.get('a/slow')!.message).toContain('no answer within 0.6 s');
    expect(by.get('a/nohead')).toMatchObject({ status: 'ok', code: 200 });
    expect(by.get('a/robots')).toMatchObject({ status: 'unchecked', code: 403 });
    expect(by.get('a/robots')!.message).toMatch(/^could not check/);
    for (const n of ['1', '2', '3', '4']) expect(by.get(`b/${n}`)).toMatchObject({ status: 'ok' });
    // HEAD first; GET only where HEAD was refused.
    expect(a.stats.methods).toContain('HEAD /nohead');
    expect(a.stats.methods).toContain('GET /nohead');
    expect(a.stats.methods).not.toContain('GET /ok');
    // Never more than two at once at one site, and the two sites checked side by side.
    expect(a.stats.most).toBe(2);
    expect(b.stats.most).toBe(2);
    // Retry-After: 1 was waited for, not reported.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    // The warnings: one for each link that is not fine, at its place, with the new address to paste.
    const warnings: { message: string; line: number }[] = r.json.warnings;
    expect(warnings.map((w) => w.message).sort()).toEqual([
      `link ${a.base}/gone is broken: gone (410): expected a page that answers`,
      `link ${a.base}/missing is broken: not found (404): expected a page that answers`,
      `link ${a.base}/old has moved permanently: expected the new address ${a.base}/new`,
      `link ${a.base}/robots: could not check: the site refuses automatic checks (403); open it in a browser`,
      `link ${a.base}/slow is broken: no answer within 0.6 s: the site is down or very slow`,
    ]);
    expect(warnings.find((w) => w.message.includes('/old'))!.line).toBe(11);
    expect(r.status.at(-1)).toMatch(/^checking links: 18 of 18/);

    // A second run within the day sends no request at all.
    const before = a.stats.requests + b.stats.requests;
    const again = await checkOnline(p.issue);
    expect(a.stats.requests + b.stats.requests).toBe(before);
    expect(again.json.links).toEqual(r.json.links);
  });

  it('prints the warnings as lines with their places, and a summary', async () => {
    const p = project({ 'issues/x/issue.yaml': issueWith([`${a.base}/missing?lines`, `${a.base}/ok?lines`]) });
    const out: string[] = [];
    const code = await main(['check', p.issue, '--online', '--layout', kom], { out: (l) => out.push(l), err: () => undefined, env: {} });
    expect(code).toBe(0);
    expect(out[0]).toMatch(new RegExp(`issue\\.yaml:10:33: warning: link ${a.base}/missing\\?lines is broken: not found \\(404\\)`));
    expect(out.at(-1)).toBe('nyhetsbrev: no errors, 1 warning; 2 links checked, 1 fine');
  });
});

describe('link checker core', () => {
  it('keeps to the limits per key and in total, and the items’ order', async () => {
    const active = new Map<string, number>();
    let total = 0;
    let most = 0;
    const mostPer = new Map<string, number>();
    const items = Array.from({ length: 30 }, (_, i) => ({ key: `k${i % 3}`, i }));
    const out = await schedule(items, (x) => x.key, { perKey: 2, total: 5 }, async (x) => {
      total++;
      active.set(x.key, (active.get(x.key) ?? 0) + 1);
      most = Math.max(most, total);
      mostPer.set(x.key, Math.max(mostPer.get(x.key) ?? 0, active.get(x.key)!));
      await new Promise((r) => setTimeout(r, 1 + (x.i % 4)));
      active.set(x.key, active.get(x.key)! - 1);
      total--;
      return x.i;
    });
    expect(out).toEqual(items.map((x) => x.i));
    expect(most).toBe(5);
    expect([...mostPer.values()]).toEqual([2, 2, 2]);
    expect(await schedule([], () => '', { perKey: 1, total: 1 }, async () => 1)).toEqual([]);
  });

  it('waits as Retry-After says up to a cap, and past it reports "could not check", never broken', async () => {
    const waits: number[] = [];
    const answers = [429, 200];
    const fake = (async () => new Response(null, { status: answers.shift() ?? 200, headers: { 'retry-after': '3' } })) as typeof fetch;
    const ok = await checkLink('https://www.kom.no/', { fetch: fake, sleep: async (ms) => void waits.push(ms) });
    expect(ok.status).toBe('ok');
    expect(waits).toEqual([3000]);
    const long = (async () => new Response(null, { status: 503, headers: { 'retry-after': '3600' } })) as typeof fetch;
    const busy = await checkLink('https://www.kom.no/', { fetch: long, sleep: async () => { throw new Error('must not wait an hour'); } });
    expect(busy).toMatchObject({ status: 'unchecked', code: 503 });
    let calls = 0;
    const always = (async () => (calls++, new Response(null, { status: 429, headers: { 'retry-after': '1' } }))) as typeof fetch;
    expect(await checkLink('https://www.kom.no/', { fetch: always, sleep: async () => undefined, retries: 2 })).toMatchObject({ status: 'unchecked', code: 429 });
    expect(calls).toBe(3);
  });

  it('reads Retry-After as seconds or as a date', () => {
    const now = Date.parse('2026-12-01T12:00:00Z');
    expect(retryAfterMs('1', now)).toBe(1000);
    expect(retryAfterMs('Tue, 01 Dec 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });

  it('trusts a cached result for a day and no longer', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nyhetsbrev-links-'));
    const t = Date.parse('2026-12-01T12:00:00Z');
    writeCached(dir, { url: 'https://www.kom.no/', status: 'ok', code: 200, message: 'answers 200' }, t);
    expect(readCached(dir, 'https://www.kom.no/', t + 23 * 3600_000)).toMatchObject({ status: 'ok' });
    expect(readCached(dir, 'https://www.kom.no/', t + 24 * 3600_000)).toBeUndefined();
    expect(readCached(dir, 'https://www.other.no/', t)).toBeUndefined();
  });
});
