// The one part of sending that talks to the world: the SMTP server, through nodemailer's
// SMTPConnection (one connection, one message at a time), and, for OAuth2, the token endpoint.
// It tells apart what the rest must never confuse: a message the server accepted, refused for
// good (5xx), refused for now (4xx), and one whose fate is unknown because the connection was lost
// after the message was handed over.
import { MailError } from './errors.js';
import { isIP } from 'node:net';
import { Readable } from 'node:stream';
import SMTPConnection, { type SMTPConnectionOptions } from 'nodemailer/lib/smtp-connection';
import XOAuth2 from 'nodemailer/lib/xoauth2';

export type Auth =
  | { readonly kind: 'password'; readonly user: string; readonly pass: string }
  | { readonly kind: 'oauth2'; readonly user: string; readonly tokenUrl: string; readonly clientId: string; readonly clientSecret: string; readonly scope: string }
  | { readonly kind: 'none' };

export interface SmtpConfig {
  readonly host: string;
  readonly port: number;
  /** TLS from the first byte (smtps://, port 465); otherwise STARTTLS is required, except on loopback. */
  readonly secure: boolean;
  readonly loopback: boolean;
  readonly auth: Auth;
  /** The server as it may be printed: no secret in it. */
  readonly display: string;
}

/** A problem with the settings in the environment: one line the user can act on. */
export class SetupError extends MailError {}

const ENV = {
  url: 'NYHETSBREV_SMTP_URL',
  password: 'NYHETSBREV_SMTP_PASSWORD',
  tokenUrl: 'NYHETSBREV_OAUTH_TOKEN_URL',
  clientId: 'NYHETSBREV_OAUTH_CLIENT_ID',
  clientSecret: 'NYHETSBREV_OAUTH_CLIENT_SECRET',
  scope: 'NYHETSBREV_OAUTH_SCOPE',
} as const;

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || (isIP(h) === 4 && h.startsWith('127.'));
}

/** Reads the server and its credentials from the environment; secrets never leave this object. */
export function smtpConfigFromEnv(env: NodeJS.ProcessEnv): SmtpConfig {
  const raw = env[ENV.url];
  if (!raw) throw new SetupError(`${ENV.url} is not set: expected the mail server, like smtp://kom.utsending@example.no@smtp.office365.com:587 (see "Sending the issue" in the README)`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SetupError(`${ENV.url} is not an address: expected smtp://USER@HOST:PORT, like smtp://kom.utsending@example.no@smtp.office365.com:587`);
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new SetupError(`${ENV.url} starts with "${url.protocol}": expected smtp:// (STARTTLS, port 587) or smtps:// (TLS, port 465)`);
  if (url.password) throw new SetupError(`${ENV.url} holds a password: give the password in ${ENV.password} instead, and leave it out of the address`);
  if (!url.hostname) throw new SetupError(`${ENV.url} names no server: expected smtp://USER@HOST:PORT`);
  const secure = url.protocol === 'smtps:';
  const port = url.port ? Number(url.port) : secure ? 465 : 587;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const loopback = isLoopback(host);
  const user = decodeURIComponent(url.username);
  const display = `${url.protocol}//${user ? `${user}@` : ''}${url.hostname}:${port}`;
  const tokenUrl = env[ENV.tokenUrl];
  let auth: Auth;
  if (tokenUrl) {
    const missing = [ENV.clientId, ENV.clientSecret].filter((k) => !env[k]);
    if (missing.length > 0) throw new SetupError(`${ENV.tokenUrl} is set, so OAuth2 is used, but ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not set`);
    let t: URL;
    try {
      t = new URL(tokenUrl);
    } catch {
      throw new SetupError(`${ENV.tokenUrl} is not an address: expected https://login.microsoftonline.com/TENANT/oauth2/v2.0/token`);
    }
    if (t.protocol !== 'https:' && !(t.protocol === 'http:' && isLoopback(t.hostname))) throw new SetupError(`${ENV.tokenUrl} must be an https:// address: the client secret is sent to it`);
    if (!user) throw new SetupError(`${ENV.url} names no user: OAuth2 needs the mailbox to send from, like smtp://kom.utsending@example.no@smtp.office365.com:587`);
    auth = { kind: 'oauth2', user, tokenUrl, clientId: env[ENV.clientId]!, clientSecret: env[ENV.clientSecret]!, scope: env[ENV.scope] || 'https://outlook.office365.com/.default' };
  } else if (user) {
    const pass = env[ENV.password];
    if (!pass) throw new SetupError(`${ENV.password} is not set: expected the password of ${user} (or OAuth2: ${ENV.tokenUrl} and the rest, see the README)`);
    auth = { kind: 'password', user, pass };
  } else {
    if (!loopback) throw new SetupError(`${ENV.url} names no user: expected smtp://USER@HOST:PORT; only a server on this machine may be used without logging in`);
    auth = { kind: 'none' };
  }
  return { host, port, secure, loopback, auth, display };
}

/** The client-credentials grant (Microsoft 365's way for a program to send as a mailbox). */
export async function fetchToken(auth: Extract<Auth, { kind: 'oauth2' }>): Promise<{ token: string; expires: number }> {
  let response: Response;
  try {
    response = await fetch(auth.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: auth.clientId, client_secret: auth.clientSecret, scope: auth.scope }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (e) {
    throw new ConnectError(`cannot reach the OAuth2 token endpoint ${new URL(auth.tokenUrl).origin} (${causeOf(e)})`, false);
  }
  const body = (await response.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown };
  if (!response.ok || typeof body.access_token !== 'string') {
    const why = typeof body.error_description === 'string' ? body.error_description.split('\n')[0] : typeof body.error === 'string' ? body.error : `HTTP ${response.status}`;
    throw new ConnectError(`the OAuth2 token endpoint gave no token (${why}): check NYHETSBREV_OAUTH_CLIENT_ID, _CLIENT_SECRET and _SCOPE`, true);
  }
  const seconds = typeof body.expires_in === 'number' ? body.expires_in : Number(body.expires_in) || 3600;
  return { token: body.access_token, expires: Date.now() + seconds * 1000 };
}

/** A connection that could not be made or logged into. `permanent`: trying again will not help. */
export class ConnectError extends MailError {
  constructor(message: string, readonly permanent: boolean) {
    super(message);
  }
}

export type SendOutcome =
  | { readonly kind: 'accepted'; readonly reply: string; readonly queueId?: string }
  | { readonly kind: 'rejected'; readonly reply: string }
  /** Refused for now (4xx), or the connection was lost before the message was handed over: safe to try again. */
  | { readonly kind: 'deferred'; readonly reply: string }
  /** Lost after the whole message was handed over: the server may or may not have taken it. */
  | { readonly kind: 'unknown'; readonly reason: string }
  /** Refused for the sender, not the recipient (5xx to MAIL FROM, a message over the server's size limit): no message will go. */
  | { readonly kind: 'refused'; readonly reply: string };

interface NodemailerError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
}

/** How nodemailer is told to connect. */
export function connectionOptions(config: SmtpConfig, timeouts: { connect: number; socket: number }): SMTPConnectionOptions {
  return {
    host: config.host,
    port: config.port,
    secure: config.secure,
    // STARTTLS is required on the network; a server on this machine (a test server, a local relay) may speak plain SMTP.
    requireTLS: !config.secure && !config.loopback,
    ignoreTLS: config.loopback && !config.secure,
    connectionTimeout: timeouts.connect,
    greetingTimeout: timeouts.connect,
    socketTimeout: timeouts.socket,
    logger: false,
  };
}

/** One open, logged-in SMTP session. After an outcome of `unknown` or a lost connection it is dead. */
export class SmtpSession {
  private alive = true;

  private constructor(private readonly connection: SMTPConnection) {
    connection.on('error', () => {
      this.alive = false;
    });
    connection.on('end', () => {
      this.alive = false;
    });
  }

  get usable(): boolean {
    return this.alive;
  }

  static async open(config: SmtpConfig, timeouts: { connect: number; socket: number } = { connect: 60_000, socket: 120_000 }): Promise<SmtpSession> {
    const connection = new SMTPConnection(connectionOptions(config, timeouts));
    const session = new SmtpSession(connection);
    try {
      await new Promise<void>((resolve, reject) => {
        connection.once('error', reject);
        connection.connect(() => {
          connection.removeListener('error', reject);
          resolve();
        });
      });
    } catch (e) {
      connection.close();
      throw connectError(e as NodemailerError, config);
    }
    const auth = config.auth;
    if (auth.kind === 'none') return session;
    const credentials =
      auth.kind === 'password'
        ? { user: auth.user, pass: auth.pass }
        : {
            user: auth.user,
            oauth2: new XOAuth2({
              user: auth.user,
              provisionCallback: (_user, _renew, done) => {
                fetchToken(auth).then((t) => done(null, t.token, t.expires), (err: Error) => done(err));
              },
            }),
          };
    try {
      await new Promise<void>((resolve, reject) => connection.login(credentials, (err) => (err ? reject(err) : resolve())));
    } catch (e) {
      connection.close();
      if (e instanceof ConnectError) throw e;
      const err = e as NodemailerError & { cause?: unknown };
      if (err.code === 'EAUTH' && !err.responseCode && err.message && /token/i.test(err.message)) throw new ConnectError(err.message, true);
      throw connectError(err, config);
    }
    return session;
  }

  /** Hands one message to the server and says what became of it. Never throws. */
  async send(from: string, to: string, bytes: Buffer): Promise<SendOutcome> {
    if (!this.alive) return { kind: 'deferred', reply: 'the connection was closed before the message was sent' };
    let handedOver = false;
    const stream = Readable.from([bytes]);
    stream.on('end', () => {
      handedOver = true;
    });
    const outcome = await new Promise<SendOutcome>((resolve) => {
      this.connection.send({ from, to: [to], size: bytes.length }, stream, (err, info) => {
        if (!err) {
          const reply = (info.response ?? '').trim();
          resolve({ kind: 'accepted', reply, ...(info.serverMessageId ? { queueId: info.serverMessageId } : queueIdOf(reply)) });
          return;
        }
        resolve(this.failure(err as NodemailerError, handedOver));
      });
    });
    // A refused transaction is ended (RSET) before the next one; a session that cannot is dropped.
    if (outcome.kind !== 'accepted' && this.alive) {
      await new Promise<void>((resolve) => this.connection.reset((err) => {
        if (err) this.alive = false;
        resolve();
      }));
    }
    return outcome;
  }

  private failure(e: NodemailerError, handedOver: boolean): SendOutcome {
    const reply = (e.response ?? '').trim() || e.message;
    const code = e.responseCode ?? 0;
    // 5xx refusing this recipient (at RCPT TO) or this message (after DATA) is final for it.
    // A 5xx to the sender (MAIL FROM), or a message larger than the server takes, holds for
    // every recipient alike; one about the dialogue itself (503) says nothing about either.
    if ((code >= 500 && e.command === 'MAIL FROM') || (!code && e.code === 'EMESSAGE' && /larger than allowed/i.test(e.message))) {
      return { kind: 'refused', reply: code ? reply : `the message is larger than the server takes (${e.message.replace(/^.*allowed /, '')} bytes)` };
    }
    if (code >= 500 && code !== 503) return { kind: 'rejected', reply };
    if (code >= 500) {
      this.alive = false;
      return { kind: 'deferred', reply };
    }
    if (code >= 400) {
      if (code === 421) this.alive = false;
      return { kind: 'deferred', reply };
    }
    // No answer from the server: the connection is gone. Whether it took the message depends
    // on whether the message had been handed over in full.
    this.alive = false;
    if (handedOver) return { kind: 'unknown', reason: `the connection was lost after the message was handed over (${e.message})` };
    return { kind: 'deferred', reply: `the connection was lost before the message was handed over (${e.message})` };
  }

  close(): void {
    this.alive = false;
    try {
      this.connection.quit();
    } catch {
      this.connection.close();
    }
  }
}

function queueIdOf(reply: string): { queueId?: string } {
  const m = /queued as ([A-Za-z0-9.@<>_-]+)/i.exec(reply) ?? /<([^>]+)>/.exec(reply);
  return m ? { queueId: m[1]! } : {};
}

function connectError(e: NodemailerError, config: SmtpConfig): ConnectError {
  const reply = (e.response ?? '').trim();
  if (e.code === 'EAUTH') {
    const who = config.auth.kind === 'none' ? '' : ` for ${config.auth.user}`;
    const check = config.auth.kind === 'oauth2' ? 'check the app registration\'s SMTP.SendAsApp permission and the mailbox' : 'check NYHETSBREV_SMTP_PASSWORD and that SMTP AUTH is turned on for the mailbox';
    if (e.responseCode && e.responseCode < 500) return new ConnectError(`the mail server ${config.display} could not log in${who} now (${reply || e.message})`, false);
    return new ConnectError(`the mail server ${config.display} refused the login${who} (${reply || e.message}): ${check}`, true);
  }
  if (e.code === 'ETLS') return new ConnectError(`the mail server ${config.display} offers no encryption (STARTTLS): the issue is only sent over an encrypted connection; check the address and port in NYHETSBREV_SMTP_URL`, true);
  if (e.responseCode && e.responseCode >= 500) return new ConnectError(`the mail server ${config.display} refused the connection (${reply})`, true);
  if (e.responseCode && e.responseCode >= 400) return new ConnectError(`the mail server ${config.display} is busy (${reply})`, false);
  return new ConnectError(`cannot reach the mail server ${config.display} (${causeOf(e)}): check the network and NYHETSBREV_SMTP_URL`, false);
}

function causeOf(e: unknown): string {
  const err = e as NodemailerError & { cause?: { code?: string; message?: string } };
  const code = err.cause?.code ?? err.code;
  const text: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ENOTFOUND: 'no such server name',
    EAI_AGAIN: 'no such server name, or no network',
    ETIMEDOUT: 'no answer in time',
    ECONNRESET: 'the connection was cut',
    EHOSTUNREACH: 'no route to the server',
    ENETUNREACH: 'no network',
  };
  const message = err.cause?.message ?? err.message ?? String(e);
  for (const [k, v] of Object.entries(text)) if (code === k || message.includes(k)) return v;
  return message.split('\n')[0]!;
}
