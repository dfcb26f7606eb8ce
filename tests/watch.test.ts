// nyhetsbrev watch, run as a user runs it: a child process (the shipped CLI, dist/bin/) on a throw-away
// project, files edited under it, its output and PDF read back. Waits poll; nothing sleeps
// for a fixed time where polling works.
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readPdf } from './helpers/pdf.js';
import { kom, pngBytes, project, repo, validIssue } from './helpers/project.js';

const cli = join(repo, 'dist', 'bin', 'nyhetsbrev.js');

interface Running {
  readonly child: ChildProcess;
  out: string;
  err: string;
  exited: boolean;
}

const running: Running[] = [];

afterEach(async () => {
  for (const r of running.splice(0)) {
    if (r.exited) continue;
    r.child.kill('SIGKILL');
    await until(() => r.exited, 10_000, 'the watch process to end');
  }
});

function start(args: string[]): Running {
  const child = spawn(process.execPath, [cli, 'watch', ...args], { env: { ...process.env, BROWSER: 'none' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const r: Running = { child, out: '', err: '', exited: false };
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (r.out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (r.err += d));
  child.on('exit', () => (r.exited = true));
  running.push(r);
  return r;
}

async function until(ok: () => boolean, ms: number, what: string, r?: Running): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${r ? `\nstdout:\n${r.out}\nstderr:\n${r.err}` : ''}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

const count = (text: string, re: RegExp) => (text.match(new RegExp(re, 'g')) ?? []).length;
const rebuilt = (r: Running) => count(r.out, /Rebuilt \S+: \d+ pages in \d+ ms/);
const WAIT = 60_000;

/** Saves as editors do: written beside, then renamed over the file. */
function save(file: string, text: string | Buffer): void {
  writeFileSync(`${file}.save~`, text);
  renameSync(`${file}.save~`, file);
}

async function pdfText(file: string): Promise<string> {
  const pdf = await readPdf(readFileSync(file));
  return pdf.pages.map((p) => p.text).join('\n');
}

describe('watch', () => {
  it('rebuilds after a paragraph is edited, and the new PDF has the new word', async () => {
    const p = project({ 'issues/x/issue.yaml': validIssue });
    const w = start([p.issue, '--out', p.out, '--layout', kom]);
    await until(() => /Built \S*x\.pdf: 2 pages in \d+ ms/.test(w.out), WAIT, 'the first build', w);
    await until(() => w.out.includes('Watching'), WAIT, 'watching', w);
    expect(await pdfText(p.out)).not.toContain('Blåbærsyltetøy');
    save(join(p.issue, 'issue.yaml'), validIssue.replace('Tekst med', 'Blåbærsyltetøy med'));
    await until(() => rebuilt(w) >= 1, WAIT, 'a rebuild', w);
    expect(await pdfText(p.out)).toContain('Blåbærsyltetøy');
    // A plain write in place (no rename) is seen too.
    writeFileSync(join(p.issue, 'issue.yaml'), validIssue.replace('Tekst med', 'Tyttebærsyltetøy med'));
    await until(() => rebuilt(w) >= 2, WAIT, 'a second rebuild', w);
    expect(await pdfText(p.out)).toContain('Tyttebærsyltetøy');
    expect(w.exited).toBe(false);
  }, 180_000);

  it('picks up a picture created after it started, in a folder that did not exist', async () => {
    const issue = validIssue.replace(
      '          - Tekst med [lenke](https://www.nkvts.no/).\n',
      '          - Tekst med [lenke](https://www.nkvts.no/).\n          - picture: pictures/ny.png\n            alt: Et nytt bilde\n',
    );
    const p = project({ 'issues/x/issue.yaml': issue });
    const w = start([p.issue, '--out', p.out, '--layout', kom]);
    await until(() => w.err.includes('problem found; no PDF written yet'), WAIT, 'the missing picture to be reported', w);
    expect(w.err).toMatch(/issue\.yaml:11:22: picture file "pictures\/ny\.png" does not exist/);
    expect(w.exited).toBe(false);
    await until(() => w.out.includes('Watching'), WAIT, 'watching', w);
    mkdirSync(join(p.issue, 'pictures'));
    save(join(p.issue, 'pictures', 'ny.png'), await pngBytes(400, 200));
    await until(() => rebuilt(w) >= 1, WAIT, 'the rebuild with the new picture', w);
    expect(readFileSync(p.out).subarray(0, 5).toString()).toBe('%PDF-');
    expect(readFileSync(p.out).includes(Buffer.from('/Subtype /Image'))).toBe(true);
  }, 180_000);

  it('prints a YAML mistake with its place, keeps the last good PDF byte for byte, and rebuilds once it is fixed', async () => {
    const p = project({ 'issues/x/issue.yaml': validIssue });
    const w = start([p.issue, '--out', p.out, '--layout', kom]);
    await until(() => w.out.includes('Watching'), WAIT, 'the first build', w);
    const good = readFileSync(p.out);
    save(join(p.issue, 'issue.yaml'), validIssue.replace('      - heading: NKVTS', '      - heading: [NKVTS'));
    await until(() => w.err.includes('kept the last good PDF'), WAIT, 'the mistake to be reported', w);
    expect(w.err).toMatch(/issues\/x\/issue\.yaml:\d+:\d+: YAML syntax/);
    expect(readFileSync(p.out).equals(good)).toBe(true);
    expect(w.exited).toBe(false);
    save(join(p.issue, 'issue.yaml'), validIssue.replace('Tekst med', 'Rettet tekst med'));
    await until(() => rebuilt(w) >= 1, WAIT, 'the rebuild after the fix', w);
    expect(await pdfText(p.out)).toContain('Rettet');
  }, 180_000);

  it('serves the preview on 127.0.0.1 only, sends a reload event after a build and the problems with their line', async () => {
    const p = project({ 'issues/x/issue.yaml': validIssue });
    const w = start([p.issue, '--out', p.out, '--layout', kom, '--open', '--port', '0']);
    await until(() => /Preview on \S+/.test(w.out), WAIT, 'the preview address', w);
    const url = /Preview on (\S+)/.exec(w.out)![1]!;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const port = Number(new URL(url).port);
    await until(() => w.out.includes('Watching'), WAIT, 'the first build', w);

    const page = await fetch(url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("new EventSource('/events')");
    expect(html).toContain('/issue.pdf?build=');
    const pdf = Buffer.from(await (await fetch(`${url}issue.pdf`)).arrayBuffer());
    expect(pdf.equals(readFileSync(p.out))).toBe(true);

    // Not on any other address of this machine.
    const others = Object.values(networkInterfaces()).flat().filter((a) => a && a.family === 'IPv4' && !a.internal);
    for (const a of others) await expect(fetch(`http://${a!.address}:${port}/`, { signal: AbortSignal.timeout(5000) })).rejects.toThrow();
    // A page of another site reaching it through a name pointed at 127.0.0.1 is refused.
    const foreign = await new Promise<number>((done, fail) => {
      request({ host: '127.0.0.1', port, path: '/', headers: { host: `evil.example:${port}` } }, (res) => {
        res.resume();
        done(res.statusCode!);
      })
        .on('error', fail)
        .end();
    });
    expect(foreign).toBe(403);

    const events = await fetch(`${url}events`);
    expect(events.headers.get('content-type')).toBe('text/event-stream');
    const reader = events.body!.getReader();
    let stream = '';
    const reading = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        stream += Buffer.from(value).toString('utf8');
      }
    })();
    await until(() => stream.includes('event: state'), WAIT, 'the state event');

    save(join(p.issue, 'issue.yaml'), validIssue.replace('      - heading: NKVTS', '      - heading: [NKVTS'));
    await until(() => stream.includes('event: problems'), WAIT, 'the problems event', w);
    const problems = JSON.parse(/event: problems\ndata: (.*)\n/.exec(stream)![1]!);
    expect(problems.problems[0].text).toMatch(/issue\.yaml:\d+:\d+: YAML syntax/);
    expect(problems.problems[0].source).toBeDefined();
    expect(problems.problems[0].line).toBeGreaterThan(0);

    save(join(p.issue, 'issue.yaml'), validIssue.replace('Tekst med', 'Forhåndsvist tekst med'));
    await until(() => stream.includes('event: reload'), WAIT, 'the reload event', w);
    const reload = JSON.parse(/event: reload\ndata: (.*)\n/.exec(stream)![1]!);
    expect(reload).toMatchObject({ build: 2, pages: 2, problems: [] });
    const fresh = Buffer.from(await (await fetch(`${url}issue.pdf`)).arrayBuffer());
    expect(fresh.equals(readFileSync(p.out))).toBe(true);
    expect(fresh.equals(pdf)).toBe(false);
    await reader.cancel();
    await reading.catch(() => undefined);
  }, 180_000);

  it('stops on Ctrl-C (SIGINT) with status 0', async () => {
    const p = project({ 'issues/x/issue.yaml': validIssue });
    const w = start([p.issue, '--out', p.out, '--layout', kom, '--port', '0']);
    await until(() => w.out.includes('Watching'), WAIT, 'the first build', w);
    const code = new Promise<number | null>((done) => w.child.on('exit', (c) => done(c)));
    w.child.kill('SIGINT');
    expect(await code).toBe(0);
    expect(w.err).toContain('Stopped.');
  }, 180_000);
});
