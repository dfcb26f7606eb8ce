// The preview of `nyhetsbrev watch --open`: a small page on 127.0.0.1 showing the PDF in the
// browser's own viewer, reloaded (on the page the reader chose) when a new build is written,
// and the build's problems over it while the issue has mistakes. Node's http and server-sent
// events; loopback only.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ShownProblem {
  /** file:line:column: message, as the terminal shows it. */
  readonly text: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly message?: string;
  /** The line of the file the problem points at. */
  readonly source?: string;
}

interface State {
  readonly build: number;
  readonly pages: number;
  readonly ms: number;
  readonly problems: readonly ShownProblem[];
}

export class Preview {
  private server?: Server;
  private pdf?: Buffer;
  private state: State = { build: 0, pages: 0, ms: 0, problems: [] };
  private readonly clients = new Set<ServerResponse>();
  private keepAlive?: NodeJS.Timeout;
  private port = 0;

  /** Listens on 127.0.0.1 and returns the page's address. A busy port not chosen by the user gives way to a free one. */
  async listen(port: number, portGiven: boolean): Promise<string> {
    const server = createServer((req, res) => this.handle(req, res));
    this.server = server;
    await new Promise<void>((done, fail) => {
      const attempt = (p: number) => {
        server.once('error', (e: NodeJS.ErrnoException) => {
          if (e.code === 'EADDRINUSE' && !portGiven && p !== 0) attempt(0);
          else fail(e);
        });
        server.listen(p, '127.0.0.1', () => done());
      };
      attempt(port);
    });
    this.port = (server.address() as AddressInfo).port;
    this.keepAlive = setInterval(() => this.send(': keep-alive\n\n'), 15_000);
    this.keepAlive.unref();
    return `http://127.0.0.1:${this.port}/`;
  }

  /** A new PDF was written: viewers reload it. */
  built(pdf: Buffer, info: { pages: number; ms: number }): void {
    this.pdf = pdf;
    this.state = { build: this.state.build + 1, pages: info.pages, ms: info.ms, problems: [] };
    this.send(`event: reload\ndata: ${JSON.stringify(this.state)}\n\n`);
  }

  /** The build failed: viewers show the problems over the last good PDF. */
  failed(problems: readonly ShownProblem[]): void {
    this.state = { ...this.state, problems };
    this.send(`event: problems\ndata: ${JSON.stringify(this.state)}\n\n`);
  }

  async close(): Promise<void> {
    if (this.keepAlive) clearInterval(this.keepAlive);
    for (const c of this.clients) c.end();
    this.clients.clear();
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
  }

  private send(chunk: string): void {
    for (const c of this.clients) c.write(chunk);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    // Only pages of this preview may ask (a page of another site, through a DNS name pointed at
    // 127.0.0.1, sends another Host).
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${this.port}` && host !== `localhost:${this.port}`) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('forbidden: open the preview at its own address\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const path = (req.url ?? '/').split('?')[0];
    const common = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
    if (path === '/') {
      res.writeHead(200, { ...common, 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    } else if (path === '/issue.pdf') {
      if (!this.pdf) res.writeHead(404, { ...common, 'content-type': 'text/plain; charset=utf-8' }).end('no PDF yet: the issue has mistakes\n');
      else res.writeHead(200, { ...common, 'content-type': 'application/pdf', 'content-length': this.pdf.length }).end(req.method === 'HEAD' ? undefined : this.pdf);
    } else if (path === '/state') {
      res.writeHead(200, { ...common, 'content-type': 'application/json' }).end(JSON.stringify(this.state));
    } else if (path === '/events') {
      res.writeHead(200, { ...common, 'content-type': 'text/event-stream', connection: 'keep-alive' });
      res.write(`retry: 1000\n\nevent: state\ndata: ${JSON.stringify(this.state)}\n\n`);
      this.clients.add(res);
      req.on('close', () => this.clients.delete(res));
    } else {
      res.writeHead(404, { ...common, 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
    }
  }
}

const PAGE = `<!doctype html>
<html lang="nb">
<head>
<meta charset="utf-8">
<title>Nyhetsbrev – forhåndsvisning</title>
<style>
  html, body { margin: 0; height: 100%; font: 14px system-ui, sans-serif; }
  body { display: flex; flex-direction: column; }
  header { display: flex; gap: 1em; align-items: center; padding: 6px 10px; background: #003865; color: #fff; }
  header input { width: 4em; }
  #status { margin-left: auto; }
  main { position: relative; flex: 1; }
  iframe { position: absolute; inset: 0; width: 100%; height: 100%; border: 0; }
  #problems { position: absolute; inset: 0; overflow: auto; background: rgba(255,255,255,0.94); padding: 1em 2em; display: none; }
  #problems.shown { display: block; }
  #problems h2 { color: #a00; margin-top: 0; }
  #problems li { margin-bottom: 1em; }
  #problems pre { background: #f4f4f4; padding: 4px 8px; margin: 4px 0; overflow-x: auto; }
  #problems .mark { color: #a00; }
</style>
</head>
<body>
<header>
  <strong>Nyhetsbrev fra KOM</strong>
  <label>Side <input id="page" type="number" min="1" value="1"></label>
  <span id="status">kobler til …</span>
</header>
<main>
  <iframe id="pdf" title="Utgaven som PDF"></iframe>
  <section id="problems" aria-live="polite"><h2></h2><ol></ol><p>Den siste gode PDF-en ligger under. Rett feilen og lagre, så bygges den på nytt.</p></section>
</main>
<script>
  const frame = document.getElementById('pdf');
  const box = document.getElementById('page');
  const status = document.getElementById('status');
  const panel = document.getElementById('problems');
  let page = Number((/page=(\\d+)/.exec(location.hash) || [])[1] || localStorage.getItem('nyhetsbrev-page') || 1);
  let shownBuild = -1;
  box.value = page;
  function show(build, pages) {
    if (pages) box.max = pages;
    if (pages && page > pages) page = pages;
    shownBuild = build;
    // A new address each build: the viewer loads the new file, at the page the reader chose.
    frame.src = '/issue.pdf?build=' + build + '#page=' + page;
  }
  box.addEventListener('change', () => {
    page = Math.max(1, Number(box.value) || 1);
    localStorage.setItem('nyhetsbrev-page', String(page));
    history.replaceState(null, '', '#page=' + page);
    if (shownBuild > 0) show(shownBuild);
  });
  function problems(list) {
    const ol = panel.querySelector('ol');
    ol.textContent = '';
    panel.querySelector('h2').textContent = list.length === 1 ? '1 feil i utgaven' : list.length + ' feil i utgaven';
    for (const p of list) {
      const li = document.createElement('li');
      const head = document.createElement('div');
      head.textContent = p.text;
      li.append(head);
      if (p.source !== undefined) {
        const pre = document.createElement('pre');
        pre.textContent = p.line + ' | ' + p.source + '\\n' + ' '.repeat(String(p.line).length + 3 + Math.max(0, (p.column || 1) - 1));
        const mark = document.createElement('span');
        mark.className = 'mark';
        mark.textContent = '^';
        pre.append(mark);
        li.append(pre);
      }
      ol.append(li);
    }
    panel.classList.toggle('shown', list.length > 0);
  }
  function update(s, reload) {
    if (s.build > 0 && (reload || s.build !== shownBuild)) show(s.build, s.pages);
    problems(s.problems);
    status.textContent = s.problems.length ? 'feil – viser siste gode PDF' : s.build ? s.pages + ' sider, bygd på ' + s.ms + ' ms' : 'venter på første bygg';
  }
  const events = new EventSource('/events');
  events.addEventListener('state', (e) => update(JSON.parse(e.data), false));
  events.addEventListener('reload', (e) => update(JSON.parse(e.data), true));
  events.addEventListener('problems', (e) => update(JSON.parse(e.data), false));
  events.addEventListener('error', () => { status.textContent = 'watch er stoppet'; });
</script>
</body>
</html>
`;
