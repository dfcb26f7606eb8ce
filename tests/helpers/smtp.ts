// A real SMTP server on loopback (smtp-server) that keeps what it receives and can misbehave on
// cue: refuse an address for good or for now, or drop the connection after taking a message.
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface Received {
  readonly from: string;
  readonly to: readonly string[];
  readonly raw: Buffer;
}

export type Fault =
  /** 5xx at RCPT TO, every time. */
  | { readonly kind: 'reject' }
  /** 4xx at RCPT TO, the first `times` times. */
  | { readonly kind: 'defer'; readonly times: number }
  /** Take the whole message, then drop the connection without answering, the first `times` times. */
  | { readonly kind: 'drop-after-data'; readonly times: number };

export interface TestServer {
  readonly port: number;
  readonly url: string;
  readonly received: Received[];
  /** Connections opened, and logins tried. */
  readonly stats: { connections: number; logins: number };
  faults: Map<string, Fault>;
  /** Called as each message is received, before it is answered. */
  onMessage?: (r: Received) => void | Promise<void>;
  close(): Promise<void>;
  parsed(): Promise<ParsedMail[]>;
}

export async function startSmtp(options: { users?: Record<string, string>; tokens?: Record<string, string>; size?: number } = {}): Promise<TestServer> {
  const received: Received[] = [];
  const stats = { connections: 0, logins: 0 };
  const sockets = new Map<number, Socket>();
  const counts = new Map<string, number>();
  const bump = (key: string) => {
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    return n;
  };
  const needsAuth = Boolean(options.users || options.tokens);
  const state: TestServer = {
    port: 0,
    url: '',
    received,
    stats,
    faults: new Map(),
    async close() {
      for (const s of sockets.values()) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    parsed: () => Promise.all(received.map((r) => simpleParser(r.raw))),
  };
  const config: SMTPServerOptions = {
    disabledCommands: needsAuth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authMethods: ['PLAIN', 'LOGIN', 'XOAUTH2'],
    allowInsecureAuth: true,
    authOptional: !needsAuth,
    logger: false,
    size: options.size ?? 50 * 1024 * 1024,
    onConnect(_session, callback) {
      stats.connections++;
      callback();
    },
    onAuth(auth, _session, callback) {
      stats.logins++;
      const ok =
        auth.method === 'XOAUTH2'
          ? options.tokens?.[auth.username ?? ''] === auth.accessToken
          : options.users?.[auth.username ?? ''] === auth.password;
      if (!ok) {
        if (auth.method === 'XOAUTH2') return callback(null, { data: { status: '401', schemes: 'bearer' } });
        return callback(Object.assign(new Error('5.7.8 Authentication unsuccessful'), { responseCode: 535 }));
      }
      callback(null, { user: auth.username });
    },
    onRcptTo(address, _session, callback) {
      const fault = state.faults.get(address.address.toLowerCase());
      if (fault?.kind === 'reject') return callback(Object.assign(new Error('5.1.1 User unknown'), { responseCode: 550 }));
      if (fault?.kind === 'defer' && bump(`defer ${address.address}`) <= fault.times) {
        return callback(Object.assign(new Error('4.3.0 Try again later'), { responseCode: 451 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const r: Received = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((a) => a.address),
          raw: Buffer.concat(chunks),
        };
        received.push(r);
        await state.onMessage?.(r);
        const dropFor = r.to.find((t) => {
          const f = state.faults.get(t.toLowerCase());
          return f?.kind === 'drop-after-data' && bump(`drop ${t}`) <= f.times;
        });
        if (dropFor) {
          sockets.get(session.remotePort)?.destroy();
          return;
        }
        callback(null, `2.0.0 Ok: queued as Q${received.length}`);
      });
    },
  };
  const server = new SMTPServer(config);
  server.on('error', () => {});
  (server as unknown as { server: HttpServer }).server.on('connection', (socket: Socket) => {
    sockets.set(socket.remotePort!, socket);
    socket.on('close', () => sockets.delete(socket.remotePort!));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = ((server as unknown as { server: HttpServer }).server.address() as AddressInfo).port;
  Object.assign(state, { port, url: `smtp://127.0.0.1:${port}` });
  return state;
}

/** A fake OAuth2 token endpoint (client-credentials grant) on loopback. */
export async function startTokenEndpoint(clients: Record<string, { secret: string; token: string }>): Promise<{ url: string; requests: URLSearchParams[]; close(): Promise<void> }> {
  const requests: URLSearchParams[] = [];
  const http = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      requests.push(form);
      const client = clients[form.get('client_id') ?? ''];
      res.setHeader('content-type', 'application/json');
      if (req.method !== 'POST' || form.get('grant_type') !== 'client_credentials' || !client || client.secret !== form.get('client_secret')) {
        res.statusCode = 401;
        res.end(JSON.stringify({ error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' }));
        return;
      }
      res.end(JSON.stringify({ token_type: 'Bearer', expires_in: 3599, access_token: client.token }));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
  const port = (http.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/tenant/oauth2/v2.0/token`, requests, close: () => new Promise((resolve) => http.close(() => resolve())) };
}
