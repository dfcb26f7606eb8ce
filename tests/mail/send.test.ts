// `nyhetsbrev send` against a real SMTP server on loopback (smtp-server), read back with
// mailparser: what each partner receives, and what a broken-off run does when it is run again.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { readJournal } from '../../src/mail/journal.js';
import { readPdf } from '../helpers/pdf.js';
import { kom, project, repo } from '../helpers/project.js';
import { startSmtp, startTokenEndpoint, type TestServer } from '../helpers/smtp.js';

const issueYaml = `number: 2
year: 2026
period: april–juni 2026
date: 2026-06-20
sections:
  - title: Aktuelle norske tiltak
    articles:
      - heading: NKVTS
        body:
          - NKVTS publiserte en rapport, se [her](https://www.nkvts.no/).
  - title: Internasjonalt arbeid
    articles:
      - heading: Europol
        body:
          - Europol la fram en rapport, se [her](https://www.europol.europa.eu/).
`;

// The project's own mail file, with retries a few milliseconds apart instead of half a minute.
const mailYaml = readFileSync(join(repo, 'layouts', 'mail.yaml'), 'utf8').replace(/wait: 30 /, 'wait: 0.02');

const PASSWORD = 'hemmelig-passord-9f3a';

function csv(rows: string[]): string {
  return ['e-post;navn;organisasjon;språk', ...rows].join('\r\n') + '\r\n';
}

const five = csv([
  'kari@example.no;Kari Nordmann;Eksempeletaten;nb',
  'per@example.no;Per Hansen;Direktoratet for eksempler;nb',
  'anne@example.com;Anne Smith;Example NGO;en',
  'ola@example.no;Ola Olsen;Krisesenteret;',
  'lise@example.no;;;nb',
]);

function setup(recipients = five) {
  const p = project({ 'issues/x/issue.yaml': issueYaml, 'layouts/mail.yaml': mailYaml, 'recipients.csv': recipients });
  return { ...p, journal: join(p.root, 'out', 'mail', 'x', 'journal.jsonl'), pdf: join(p.root, 'out', 'x.pdf') };
}

async function send(p: { issue: string }, args: string[], env: NodeJS.ProcessEnv = {}, ask?: (q: string) => Promise<string>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['send', p.issue, '--layout', kom, '--rate', '600', ...args], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env,
    ...(ask ? { ask } : {}),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The journal as the tool reads it (a line being written at this moment is not yet in it). */
function journalOf(file: string): { event: string; to?: string; reply?: string }[] {
  return readJournal(file) as { event: string; to?: string; reply?: string }[];
}

function countBy(list: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of list) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

let servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function server(options?: Parameters<typeof startSmtp>[0]): Promise<TestServer> {
  const s = await startSmtp(options);
  servers.push(s);
  return s;
}

const envFor = (s: TestServer, user = 'kom.utsending@example.no') => ({
  NYHETSBREV_SMTP_URL: `smtp://${encodeURIComponent(user)}@127.0.0.1:${s.port}`,
  NYHETSBREV_SMTP_PASSWORD: PASSWORD,
});

const addresses = ['kari@example.no', 'per@example.no', 'anne@example.com', 'ola@example.no', 'lise@example.no'];

describe('send: dry run', () => {
  it('writes one .eml per recipient and opens no connection', async () => {
    const s = await server({ users: { 'kom.utsending@example.no': PASSWORD } });
    const p = setup(five + ' KARI@Example.no ;Kari;;nb\r\n');
    const r = await send(p, [], envFor(s));
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('warning: recipients.csv:7:2: "KARI@Example.no" is the same address as on line 2: merged, sent once (its name and organisation differ; those on line 2 are kept)');
    expect(r.out).toContain('Recipients: 5 in recipients.csv (4 in Norwegian, 1 in English); 1 duplicate merged, 1 warning above');
    expect(s.stats.connections).toBe(0);
    expect(existsSync(p.journal)).toBe(false);
    const dir = join(p.root, 'out', 'mail', 'x', 'dry-run');
    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(5);
    expect(r.out).toContain('Dry run of nr. 2 – 2026: nothing was sent.');
    expect(r.out).toContain('A live run would send 5 messages.');
    const pdf = readFileSync(p.pdf);
    for (const f of files) {
      const mail = await simpleParser(readFileSync(join(dir, f)));
      const to = (mail.to as { value: { address: string }[] }).value.map((v) => v.address);
      expect(to).toHaveLength(1);
      expect(f).toContain(to[0]);
      expect(mail.attachments).toHaveLength(1);
      expect(Buffer.compare(mail.attachments[0]!.content, pdf)).toBe(0);
    }
    // A second dry run replaces the first: a recipient taken off the list leaves no file behind.
    writeFileSync(join(p.root, 'recipients.csv'), csv(['kari@example.no;Kari;;nb']));
    expect((await send(p, [], envFor(s))).code).toBe(0);
    expect(readdirSync(dir)).toHaveLength(1);
  });
});

describe('send: live', () => {
  it('gives every recipient exactly one message, addressed to them alone, with the PDF and the contents', async () => {
    const s = await server({ users: { 'kom.utsending@example.no': PASSWORD } });
    const p = setup();
    const r = await send(p, ['--live', '--yes'], envFor(s));
    expect(r.code, r.out + r.err).toBe(0);
    expect(s.stats.connections).toBe(1);
    expect([...countBy(s.received.flatMap((m) => m.to)).entries()].sort()).toEqual(addresses.map((a) => [a, 1]).sort());
    const pdf = readFileSync(p.pdf);
    const pages = (await readPdf(pdf)).pages;
    const ids = new Set<string>();
    for (const m of s.received) {
      const raw = m.raw.toString('latin1');
      for (const other of addresses.filter((a) => a !== m.to[0])) expect(raw.toLowerCase()).not.toContain(other);
      expect(raw).not.toContain(PASSWORD);
      const mail = await simpleParser(m.raw);
      expect((mail.to as { value: { address: string }[] }).value.map((v) => v.address)).toEqual(m.to);
      expect(mail.from?.value[0]?.address).toBe('KOM.pod@politiet.no');
      expect(Buffer.compare(mail.attachments[0]!.content, pdf)).toBe(0);
      expect(mail.attachments[0]!.filename).toBe('x.pdf');
      expect(mail.attachments[0]!.contentType).toBe('application/pdf');
      const english = m.to[0] === 'anne@example.com';
      expect(mail.subject).toBe(english ? 'Newsletter from KOM no. 2 – 2026' : 'Nyhetsbrev fra KOM nr. 2 – 2026');
      const html = String(mail.html);
      expect(html).toMatch(english ? /<html lang="en">/ : /<html lang="nb">/);
      expect(html).toMatch(/<title>[^<]+<\/title>/);
      expect(html).toMatch(/<h1[^>]*>/);
      // The contents, with the page each section starts on, as the PDF has them.
      const items = [...html.matchAll(/<li[^>]*>(.+?) – (?:side|page) (\d+)<\/li>/g)].map((x) => ({ title: x[1]!, page: Number(x[2]) }));
      expect(items.map((i) => i.title)).toEqual(['Aktuelle norske tiltak', 'Internasjonalt arbeid']);
      for (const i of items) expect(pages[i.page - 1]!.text).toContain(i.title);
      expect(mail.text).toContain(english ? 'Internasjonalt arbeid – page 3' : 'Internasjonalt arbeid – side 3');
      const headerLines = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ').split('\r\n');
      expect(headerLines.filter((l) => /^List-Unsubscribe:/i.test(l))).toEqual(['List-Unsubscribe: <mailto:KOM.pod@politiet.no?subject=Avmelding%20nyhetsbrev>']);
      expect(headerLines.filter((l) => /^List-Id:/i.test(l))).toHaveLength(1);
      expect(mail.messageId).toMatch(/^<x\.[0-9a-f]{24}@nyhetsbrev\.kom\.politiet\.no>$/);
      ids.add(mail.messageId!);
    }
    expect(ids.size).toBe(5);
    // The personal greeting uses the list's name where there is one.
    const kari = await simpleParser(s.received.find((m) => m.to[0] === 'kari@example.no')!.raw);
    expect(kari.text).toContain('Hei Kari Nordmann,');
    const lise = await simpleParser(s.received.find((m) => m.to[0] === 'lise@example.no')!.raw);
    expect(lise.text).toMatch(/^Hei,$/m);
    // The journal: each planned, sent and accepted once; no secret in it.
    const j = journalOf(p.journal);
    expect(j.filter((e) => e.event === 'accepted').map((e) => e.to).sort()).toEqual([...addresses].sort());
    expect(readFileSync(p.journal, 'utf8')).not.toContain(PASSWORD);
    expect(r.out + r.err).not.toContain(PASSWORD);
    expect(r.out).toContain('Done: 5 of 5 recipients have nr. 2 – 2026');
    // Running again sends nothing: everyone has it.
    const again = await send(p, ['--live', '--yes'], envFor(s));
    expect(again.code).toBe(0);
    expect(s.received).toHaveLength(5);
    expect(again.out).toContain('This run sends 0 messages.');
  });

  it('records a 550 and goes on with the rest; never sends to it again', async () => {
    const s = await server({ users: { 'kom.utsending@example.no': PASSWORD } });
    s.faults.set('per@example.no', { kind: 'reject' });
    const p = setup();
    const r = await send(p, ['--live', '--yes'], envFor(s));
    expect(r.code).toBe(3);
    expect(s.received.map((m) => m.to[0]).sort()).toEqual(addresses.filter((a) => a !== 'per@example.no').sort());
    expect(r.out).toMatch(/rejected per@example\.no \(line 3\): 550 5\.1\.1 User unknown/);
    expect(journalOf(p.journal).filter((e) => e.event === 'rejected').map((e) => e.to)).toEqual(['per@example.no']);
    s.faults.clear();
    const again = await send(p, ['--live', '--yes'], envFor(s));
    expect(again.code).toBe(3);
    expect(s.received).toHaveLength(4);
  });

  it('retries a 451 and delivers the message once', async () => {
    const s = await server({ users: { 'kom.utsending@example.no': PASSWORD } });
    s.faults.set('ola@example.no', { kind: 'defer', times: 2 });
    const p = setup();
    const r = await send(p, ['--live', '--yes'], envFor(s));
    expect(r.code, r.out).toBe(0);
    expect(countBy(s.received.flatMap((m) => m.to)).get('ola@example.no')).toBe(1);
    expect(s.received).toHaveLength(5);
    const ola = journalOf(p.journal).filter((e) => e.to === 'ola@example.no').map((e) => e.event);
    expect(ola).toEqual(['planned', 'sending', 'deferred', 'sending', 'deferred', 'sending', 'accepted']);
    expect(r.out).toMatch(/ola@example\.no: 451 4\.3\.0 Try again later; trying again in/);
  });

  it('gives up on a message the server keeps deferring, and sends it in the next run', async () => {
    const s = await server({ users: { 'kom.utsending@example.no': PASSWORD } });
    s.faults.set('ola@example.no', { kind: 'defer', times: 5 });
    const p = setup();
    const r = await send(p, ['--live', '--yes'], envFor(s));
    expect(r.code).toBe(3);
    expect(r.out).toContain('1 still to send');
    expect(s.received).toHaveLength(4);
    const again = await send(p, ['--live', '--yes'], envFor(s));
    expect(again.code, again.out).toBe(0);
    expect(again.out).toContain('This run sends 1 message.');
    expect(countBy(s.received.flatMap((m) => m.to)).get('ola@example.no')).toBe(1);
  });

  it('records a message lost after DATA as unknown and never resends it without a choice', async () => {
    const s = await server({ users: { 'kom.utsending@example.no': PASSWORD } });
    s.faults.set('per@example.no', { kind: 'drop-after-data', times: 1 });
    const p = setup();
    const r = await send(p, ['--live', '--yes'], envFor(s));
    expect(r.code).toBe(3);
    // The server did get it; the others were sent over a new connection.
    expect([...countBy(s.received.flatMap((m) => m.to)).values()]).toEqual([1, 1, 1, 1, 1]);
    expect(s.stats.connections).toBe(2);
    expect(journalOf(p.journal).filter((e) => e.event === 'unknown').map((e) => e.to)).toEqual(['per@example.no']);
    // Run again: it stops and asks, sending nothing.
    const again = await send(p, ['--live', '--yes'], envFor(s));
    expect(again.code).toBe(3);
    expect(again.out).toMatch(/may or may not have arrived[\s\S]*per@example\.no/);
    expect(again.out).toContain('Nothing was sent.');
    expect(s.received).toHaveLength(5);
    // The user looked in Sent Items and saw it went: skip it. It stays skipped.
    const skip = await send(p, ['--live', '--yes', '--skip-unknown'], envFor(s));
    expect(skip.code, skip.out).toBe(0);
    expect(s.received).toHaveLength(5);
    expect((await send(p, ['--live', '--yes'], envFor(s))).code).toBe(0);
    expect(s.received).toHaveLength(5);
  });

  it('sends an unknown one again only when told to', async () => {
    const s = await server({ users: { 'kom.utsending@example.no': PASSWORD } });
    s.faults.set('per@example.no', { kind: 'drop-after-data', times: 1 });
    const p = setup();
    await send(p, ['--live', '--yes'], envFor(s));
    const resend = await send(p, ['--live', '--yes', '--resend-unknown'], envFor(s));
    expect(resend.code, resend.out).toBe(0);
    expect(countBy(s.received.flatMap((m) => m.to)).get('per@example.no')).toBe(2);
    // Both tries carry the same Message-ID, so the recipient's mail program can tell.
    const ids = (await s.parsed()).filter((m) => (m.to as { text: string }).text.includes('per@example.no')).map((m) => m.messageId);
    expect(new Set(ids).size).toBe(1);
  });

  it('survives being killed after message k of n: resumed, every address received exactly once', async () => {
    const s = await server({ users: { 'kom.utsending@example.no': PASSWORD } });
    const p = setup();
    const env = { ...process.env, ...envFor(s) };
    const cli = join(repo, 'dist', 'bin', 'nyhetsbrev.js');
    // Killed between messages: after the journal holds two accepted ones.
    const child = spawn(process.execPath, [cli, 'send', p.issue, '--layout', kom, '--live', '--yes', '--rate', '60'], { env, stdio: 'ignore' });
    await new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const poll = setInterval(() => {
        const accepted = existsSync(p.journal) ? journalOf(p.journal).filter((e) => e.event === 'accepted').length : 0;
        if (accepted >= 2) {
          clearInterval(poll);
          child.kill('SIGKILL');
          resolve();
        } else if (Date.now() - started > 30_000) {
          clearInterval(poll);
          child.kill('SIGKILL');
          reject(new Error('the child never sent two messages'));
        }
      }, 20);
    });
    await new Promise((resolve) => child.on('exit', resolve));
    expect(existsSync(join(p.root, 'out', 'mail', 'x', 'send.lock'))).toBe(true);
    const before = s.received.length;
    expect(before).toBeGreaterThanOrEqual(2);
    expect(before).toBeLessThan(5);
    const resumed = await send(p, ['--live', '--yes'], envFor(s));
    expect(resumed.err).toMatch(/an earlier send \(process \d+, since .*\) ended without finishing: resuming/);
    expect(resumed.code, resumed.out).toBe(0);
    expect([...countBy(s.received.flatMap((m) => m.to)).entries()].sort()).toEqual(addresses.map((a) => [a, 1]).sort());
  });

  it('killed while the server holds a message: unknown on resume, and after the user\'s choice exactly once', async () => {
    const s = await server({ users: { 'kom.utsending@example.no': PASSWORD } });
    const p = setup();
    const env = { ...process.env, ...envFor(s) };
    const cli = join(repo, 'dist', 'bin', 'nyhetsbrev.js');
    const child = spawn(process.execPath, [cli, 'send', p.issue, '--layout', kom, '--live', '--yes', '--rate', '600'], { env, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // The third message arrives; the sender dies before the server's answer reaches it.
    s.onMessage = async () => {
      if (s.received.length === 3) {
        child.kill('SIGKILL');
        await exited;
      }
    };
    await exited;
    s.onMessage = undefined;
    const third = s.received[2]!.to[0]!;
    const resumed = await send(p, ['--live', '--yes'], envFor(s));
    expect(resumed.code).toBe(3);
    expect(resumed.out).toMatch(new RegExp(`may or may not have arrived[\\s\\S]*${third.replace('.', '\\.')}: the send was interrupted`));
    expect(s.received).toHaveLength(3);
    // The user sees it in Sent Items: skip it.
    const skip = await send(p, ['--live', '--yes', '--skip-unknown'], envFor(s));
    expect(skip.code, skip.out).toBe(0);
    expect([...countBy(s.received.flatMap((m) => m.to)).entries()].sort()).toEqual(addresses.map((a) => [a, 1]).sort());
  });
});

describe('send: server and settings', () => {
  it('a wrong password gives one clear line, exit 1, and leaves the journal as it was', async () => {
    const s = await server({ users: { 'kom.utsending@example.no': PASSWORD } });
    const p = setup();
    s.faults.set('ola@example.no', { kind: 'reject' });
    await send(p, ['--live', '--yes', '--limit', '2'], envFor(s));
    const before = readFileSync(p.journal, 'utf8');
    const r = await send(p, ['--live', '--yes'], { ...envFor(s), NYHETSBREV_SMTP_PASSWORD: 'feil-passord' });
    expect(r.code).toBe(1);
    const lines = r.err.split('\n').filter((l) => l.startsWith('nyhetsbrev:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^nyhetsbrev: the mail server smtp:\/\/kom\.utsending@example\.no@127\.0\.0\.1:\d+ refused the login for kom\.utsending@example\.no \(535 5\.7\.8 Authentication unsuccessful\): check NYHETSBREV_SMTP_PASSWORD/);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.err + r.out).not.toContain('feil-passord');
    const after = readFileSync(p.journal, 'utf8');
    expect(after.startsWith(before)).toBe(true);
    expect(after.slice(before.length).split('\n').filter(Boolean).map((l) => JSON.parse(l).event)).toEqual(expect.not.arrayContaining(['accepted', 'sending']));
    expect(s.received).toHaveLength(2);
  });

  it('stops at once when the server takes no message from the sender, without marking anyone rejected', async () => {
    const s = await server({ users: { 'kom.utsending@example.no': PASSWORD }, size: 10_000 });
    const p = setup();
    const r = await send(p, ['--live', '--yes'], envFor(s));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^nyhetsbrev: the mail server refuses to take the message from KOM\.pod@politiet\.no \(the message is larger than the server takes \(10000 bytes\)\): nothing more is sent/m);
    expect(s.received).toHaveLength(0);
    const j = journalOf(p.journal);
    expect(j.filter((e) => ['rejected', 'accepted', 'unknown'].includes(e.event))).toEqual([]);
    // With the limit raised, the same command sends to everyone.
    const big = await server({ users: { 'kom.utsending@example.no': PASSWORD } });
    const again = await send(p, ['--live', '--yes'], envFor(big));
    expect(again.code, again.out).toBe(0);
    expect(big.received).toHaveLength(5);
  });

  it('an unreachable server gives one clear line and exit 1', async () => {
    const s = await server();
    const port = s.port;
    await s.close();
    servers = [];
    const p = setup();
    const r = await send(p, ['--live', '--yes'], { NYHETSBREV_SMTP_URL: `smtp://127.0.0.1:${port}` });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^nyhetsbrev: cannot reach the mail server smtp:\/\/127\.0\.0\.1:\d+ \(connection refused\): check the network and NYHETSBREV_SMTP_URL; gave up after 5 tries\. 0 of 5 messages were handled/m);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('logs in with OAuth2 (XOAUTH2), with a token from the client-credentials grant', async () => {
    const tokens = await startTokenEndpoint({ 'app-id': { secret: 'klient-hemmelighet', token: 'tok-123' } });
    servers.push(tokens);
    const s = await server({ tokens: { 'kom.utsending@example.no': 'tok-123' } });
    const p = setup(csv(['kari@example.no;Kari;;nb']));
    const env = {
      NYHETSBREV_SMTP_URL: `smtp://kom.utsending@example.no@127.0.0.1:${s.port}`,
      NYHETSBREV_OAUTH_TOKEN_URL: tokens.url,
      NYHETSBREV_OAUTH_CLIENT_ID: 'app-id',
      NYHETSBREV_OAUTH_CLIENT_SECRET: 'klient-hemmelighet',
      NYHETSBREV_OAUTH_SCOPE: 'https://outlook.office365.com/.default',
    };
    const r = await send(p, ['--live', '--yes'], env);
    expect(r.code, r.out + r.err).toBe(0);
    expect(s.received.map((m) => m.to[0])).toEqual(['kari@example.no']);
    expect(tokens.requests[0]!.get('grant_type')).toBe('client_credentials');
    expect(tokens.requests[0]!.get('scope')).toBe('https://outlook.office365.com/.default');
    expect(readFileSync(p.journal, 'utf8')).not.toMatch(/tok-123|klient-hemmelighet/);
    expect(r.out + r.err).not.toMatch(/tok-123|klient-hemmelighet/);
    // A wrong client secret: the token endpoint's reason, one line.
    const bad = await send(p, ['--live', '--yes'], { ...env, NYHETSBREV_OAUTH_CLIENT_SECRET: 'feil' });
    expect(bad.code).toBe(0); // nothing left to send: no login needed
    const q = setup(csv(['kari@example.no;Kari;;nb']));
    const refused = await send(q, ['--live', '--yes'], { ...env, NYHETSBREV_OAUTH_CLIENT_SECRET: 'feil' });
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^nyhetsbrev: the OAuth2 token endpoint gave no token \(AADSTS7000215: Invalid client secret provided\.\)/m);
    expect(refused.err).not.toContain('feil');
  });

  it('refuses settings it cannot use safely, in one line each', async () => {
    const p = setup();
    const cases: [NodeJS.ProcessEnv, RegExp][] = [
      [{}, /NYHETSBREV_SMTP_URL is not set/],
      [{ NYHETSBREV_SMTP_URL: 'smtp://kom:hemmelig@smtp.example.no:587' }, /holds a password: give the password in NYHETSBREV_SMTP_PASSWORD instead/],
      [{ NYHETSBREV_SMTP_URL: 'http://smtp.example.no' }, /starts with "http:": expected smtp:\/\//],
      [{ NYHETSBREV_SMTP_URL: 'smtp://kom@smtp.example.no:587' }, /NYHETSBREV_SMTP_PASSWORD is not set/],
      [{ NYHETSBREV_SMTP_URL: 'smtp://smtp.example.no:587' }, /names no user/],
      [{ NYHETSBREV_SMTP_URL: 'smtp://kom@smtp.example.no', NYHETSBREV_OAUTH_TOKEN_URL: 'http://login.example.no/token', NYHETSBREV_OAUTH_CLIENT_ID: 'a', NYHETSBREV_OAUTH_CLIENT_SECRET: 'b' }, /must be an https:\/\/ address/],
    ];
    for (const [env, message] of cases) {
      const r = await send(p, ['--live', '--yes'], env);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(message);
      expect(r.err).not.toContain('hemmelig');
    }
    expect(existsSync(p.journal)).toBe(false);
  });
});

describe('send: the command', () => {
  it('--test sends one message with [TEST] to that address only, outside the journal', async () => {
    const s = await server({ users: { 'kom.utsending@example.no': PASSWORD } });
    const p = setup();
    const r = await send(p, ['--test', 'meg@example.no'], envFor(s));
    expect(r.code, r.err).toBe(0);
    expect(s.received.map((m) => m.to)).toEqual([['meg@example.no']]);
    const mail = await simpleParser(s.received[0]!.raw);
    expect(mail.subject).toBe('[TEST] Nyhetsbrev fra KOM nr. 2 – 2026');
    expect(mail.attachments).toHaveLength(1);
    expect(existsSync(p.journal)).toBe(false);
    // A later live run still sends to everyone.
    await send(p, ['--live', '--yes'], envFor(s));
    expect(s.received).toHaveLength(6);
  });

  it('asks for the count on a terminal and needs --yes without one', async () => {
    const s = await server({ users: { 'kom.utsending@example.no': PASSWORD } });
    const p = setup();
    const none = await send(p, ['--live'], envFor(s));
    expect(none.code).toBe(1);
    expect(none.err).toContain('--live without a terminal to confirm on needs --yes');
    const questions: string[] = [];
    const wrong = await send(p, ['--live'], envFor(s), async (q) => (questions.push(q), '4'));
    expect(questions).toEqual(['Send nr. 2 – 2026 to 5 recipients? Type 5 to confirm: ']);
    expect(wrong.code).toBe(1);
    expect(wrong.out).toContain('Not sent.');
    expect(s.received).toHaveLength(0);
    const right = await send(p, ['--live', '--limit', '2'], envFor(s), async () => '2');
    expect(right.code).toBe(3);
    expect(s.received).toHaveLength(2);
    expect(right.out).toContain('3 still to send');
  });

  it('sends only the addresses added to the list since the mailing began, and names those removed', async () => {
    const s = await server({ users: { 'kom.utsending@example.no': PASSWORD } });
    const p = setup(csv(['kari@example.no;Kari;;nb', 'per@example.no;Per;;nb', 'ola@example.no;Ola;;nb']));
    await send(p, ['--live', '--yes', '--limit', '1'], envFor(s));
    writeFileSync(join(p.root, 'recipients.csv'), csv(['kari@example.no;Kari;;nb', 'ola@example.no;Ola;;nb', 'nina@example.no;Nina;;nb']));
    const r = await send(p, ['--live', '--yes'], envFor(s));
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('Added to the recipient file since the mailing began (1): nina@example.no');
    expect(r.out).toContain('Removed from the recipient file since the mailing began (1, not sent): per@example.no');
    expect(s.received.map((m) => m.to[0])).toEqual(['kari@example.no', 'ola@example.no', 'nina@example.no']);
  });

  it('refuses a second send of the same issue while one runs', async () => {
    const s = await server({ users: { 'kom.utsending@example.no': PASSWORD } });
    const p = setup();
    const lock = join(p.root, 'out', 'mail', 'x', 'send.lock');
    const { mkdirSync } = await import('node:fs');
    const { hostname } = await import('node:os');
    mkdirSync(join(p.root, 'out', 'mail', 'x'), { recursive: true });
    // The parent of this test process is alive: a lock it holds is a live one.
    writeFileSync(lock, JSON.stringify({ pid: process.ppid, host: hostname(), since: '2026-06-20T10:00:00.000Z' }));
    const r = await send(p, ['--live', '--yes'], envFor(s));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/another send of this issue is running \(process \d+ on .*, since 2026-06-20T10:00:00\.000Z\)/);
    expect(s.received).toHaveLength(0);
    expect(existsSync(lock)).toBe(true);
  });

  it('refuses to send an issue whose date is not filled in, and says so in the dry run', async () => {
    const s = await server({ users: { 'kom.utsending@example.no': PASSWORD } });
    const p = project({ 'issues/x/issue.yaml': issueYaml.replace('date: 2026-06-20', 'date: ÅÅÅÅ-MM-DD'), 'layouts/mail.yaml': mailYaml, 'recipients.csv': five });
    const dry = await send(p, [], envFor(s));
    expect(dry.code).toBe(0);
    expect(dry.err).toMatch(/issue\.yaml:4:7: the date is not filled in yet/);
    const live = await send(p, ['--live', '--yes'], envFor(s));
    expect(live.code).toBe(1);
    expect(live.err).toMatch(/^nyhetsbrev: the issue's date is not filled in yet \(.*issue\.yaml:4:7: date: ÅÅÅÅ-MM-DD\): write the publication date/m);
    expect(s.stats.connections).toBe(0);
  });

  it('reports every problem of the recipient list at once, and sends nothing', async () => {
    const s = await server({ users: { 'kom.utsending@example.no': PASSWORD } });
    const p = setup(csv(['kari@example.no;Kari;;nb', 'ikke-en-adresse;Per;;nb', ';Tom;;nb', 'ola@example.no;Ola;;de']));
    const r = await send(p, ['--live', '--yes'], envFor(s));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/recipients\.csv:3:1: .*ikke-en-adresse.* is not an e-mail address/);
    expect(r.err).toMatch(/recipients\.csv:4:1: missing e-mail address/);
    expect(r.err).toMatch(/recipients\.csv:5:\d+: unknown language "de"/);
    expect(r.err).toContain('nyhetsbrev: 3 problems found; nothing was sent');
    expect(s.stats.connections).toBe(0);
  });
});
