// nyhetsbrev watch: the build kept warm. One set of stage caches (theme, fonts and measurer,
// hyphenators, processed pictures) lives for the whole run, so a rebuild after a text edit
// reads and lays out only what changed; the folders an issue draws on are watched (folders, not
// files, so that a file created after the start — a picture that arrives — is seen), and a
// burst of saves is waited out before building. A user's mistake is printed and the last good
// PDF kept; only Ctrl-C ends it.
import { readdirSync, readFileSync, realpathSync, statSync, watch as watchFolder, type FSWatcher } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { buildIssue, defaultLayout, freshCaches, type BuildOptions, type BuildResult } from '../build.js';
import { growYoungGeneration } from '../io/heap.js';
import { findProjectRoot } from '../issue/load.js';
import { formatProblem, InputError, type Problem } from '../issue/problems.js';
import { publicationsFile } from '../issue/publications.js';
import type { ProfileName } from '../render/profile.js';
import { Preview, type ShownProblem } from './preview.js';

export interface WatchOptions {
  readonly out?: string;
  readonly layout?: string;
  readonly profile: ProfileName;
  /** Serve a preview on 127.0.0.1 at this port (0: any free one); undefined: no preview. */
  readonly port?: number;
  /** Whether the port was chosen by the user (a busy default port falls back to any free one). */
  readonly portGiven?: boolean;
  /** Try to open the preview in a browser. */
  readonly openBrowser?: boolean;
  /** Quiet time after the last change before building; default 150 ms. */
  readonly settleMs?: number;
}

export interface WatchIo {
  out(line: string): void;
  err(line: string): void;
}

/** Editors' and our own temporary files, never an input. */
function ignorable(name: string): boolean {
  return /\.tmp$|~$|\.sw[a-p]x?$|^\.#|^#.*#$|^4913$|\.crdownload$|\.part$/.test(name);
}

function shown(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** Runs until `stop` is aborted. */
export async function watchIssue(folder: string, options: WatchOptions, io: WatchIo, stop: AbortSignal): Promise<void> {
  const issueDir = real(folder);
  const root = real(findProjectRoot(issueDir));
  const layoutFile = resolve(options.layout ?? defaultLayout(issueDir));
  const caches = freshCaches();
  growYoungGeneration();
  const buildOptions: BuildOptions = {
    profile: options.profile,
    ...(options.out ? { out: options.out } : {}),
    ...(options.layout ? { layout: options.layout } : {}),
  };

  let preview: Preview | undefined;
  if (options.port !== undefined) {
    preview = new Preview();
    const url = await preview.listen(options.port, options.portGiven ?? true);
    io.out(`Preview on ${url}`);
    if (options.openBrowser) openInBrowser(url, io);
  }

  // What the last build read: a change to any of these rebuilds. After a failed build any
  // change in the watched folders does, since the mistake may be a file that was missing.
  let inputs = new Set<string>();
  let lastOk = false;
  let outFile: string | undefined;
  let lastWarnings = '';
  let builds = 0;

  const standingDir = join(root, 'assets', 'standing');
  const matters = (file: string): boolean => {
    if (ignorable(basename(file))) return false;
    if (outFile && file === outFile) return false;
    for (const skip of [join(root, 'out'), join(root, '.cache'), join(root, 'node_modules'), join(root, '.git')]) {
      if (file === skip || file.startsWith(skip + sep)) return false;
    }
    if (!lastOk) return true;
    if (inputs.has(file)) return true;
    // A standing page or the publication list: read whenever the issue names one.
    if (dirname(file) === standingDir && file.endsWith('.yaml')) return true;
    return file === publicationsFile(root);
  };

  const runBuild = async (): Promise<void> => {
    const started = performance.now();
    const first = builds++ === 0;
    try {
      const result = await buildIssue(issueDir, buildOptions, caches);
      const ms = Math.round(performance.now() - started);
      lastOk = true;
      outFile = result.file;
      inputs = inputsOf(result, issueDir);
      // The fonts' folder, and any other folder a picture came from, once the build names them.
      for (const f of inputs) watchTree(dirname(f), false);
      const warnings = result.warnings.map((w) => `warning: ${w}`).join('\n');
      if (warnings && warnings !== lastWarnings) io.err(warnings);
      lastWarnings = warnings;
      io.out(`${first ? 'Built' : 'Rebuilt'} ${shown(result.file)}: ${result.pages} pages in ${ms} ms`);
      if (preview) preview.built(readFileSync(result.file), { pages: result.pages, ms });
    } catch (e) {
      lastOk = false;
      lastWarnings = '';
      if (e instanceof InputError) {
        for (const p of e.problems) io.err(formatProblem(p));
        const kept = outFile ? `kept the last good PDF, ${shown(outFile)}` : 'no PDF written yet';
        io.err(`nyhetsbrev: ${e.problems.length} problem${e.problems.length === 1 ? '' : 's'} found; ${kept}; watching for the fix`);
        preview?.failed(e.problems.map(withSourceLine));
      } else {
        io.err(`nyhetsbrev: internal error — please report it with the issue folder; still watching.\n${e instanceof Error ? e.stack : String(e)}`);
        preview?.failed([{ text: `internal error: ${e instanceof Error ? e.message : String(e)}` }]);
      }
    }
  };

  // One build at a time; changes during a build start another once it is done.
  let timer: NodeJS.Timeout | undefined;
  let building: Promise<void> | undefined;
  let pending = false;
  const settle = options.settleMs ?? 150;
  const schedule = () => {
    if (stop.aborted) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (building) {
        pending = true;
        return;
      }
      building = runBuild().finally(() => {
        building = undefined;
        if (pending) {
          pending = false;
          schedule();
        }
      });
    }, settle);
  };

  // Folders, each watched on its own (and new subfolders as they appear): recursive fs.watch
  // is not used, so that behaviour is the same on every platform and Node version.
  const watchers = new Map<string, FSWatcher>();
  const watchTree = (dir: string, recursive: boolean): void => {
    const d = real(dir);
    if (watchers.has(d)) return;
    try {
      if (!statSync(d).isDirectory()) return;
      const w = watchFolder(d, { persistent: true }, (_event, name) => {
        if (stop.aborted) return;
        const file = name ? join(d, name.toString()) : d;
        if (recursive && name) {
          try {
            if (statSync(file).isDirectory() && !ignorable(basename(file))) watchTree(file, true);
          } catch {
            /* gone again */
          }
        }
        if (matters(file)) schedule();
      });
      w.on('error', () => {
        w.close();
        watchers.delete(d);
      });
      watchers.set(d, w);
    } catch {
      return;
    }
    if (!recursive) return;
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules') watchTree(join(d, e.name), true);
  };
  watchTree(issueDir, true);
  watchTree(join(root, 'assets'), true);
  watchTree(dirname(layoutFile), false);

  await (building = runBuild().finally(() => (building = undefined)));
  io.out(`Watching ${shown(issueDir)} and what it uses; press Ctrl-C to stop.`);

  await new Promise<void>((done) => {
    if (stop.aborted) done();
    else stop.addEventListener('abort', () => done(), { once: true });
  });
  if (timer) clearTimeout(timer);
  for (const w of watchers.values()) w.close();
  if (building) await building;
  await preview?.close();
}

/** Every file a good build read: the issue file, its pictures, the layout and its fonts. */
function inputsOf(result: BuildResult, issueDir: string): Set<string> {
  return new Set([join(issueDir, 'issue.yaml'), ...result.issue.pictures.keys(), ...result.layoutFiles.map(real)]);
}

/** A problem with the line of the file it points at, for the preview's overlay. */
function withSourceLine(p: Problem): ShownProblem {
  if (!p.at) return { text: p.message };
  let line: string | undefined;
  try {
    line = readFileSync(p.at.file, 'utf8').split(/\r?\n/)[p.at.line - 1];
  } catch {
    line = undefined;
  }
  return { text: formatProblem(p), file: p.at.file, line: p.at.line, column: p.at.column, message: p.message, ...(line === undefined ? {} : { source: line }) };
}

/** Opens the preview in the user's browser if there is one; never fails the command. */
function openInBrowser(url: string, io: WatchIo): void {
  const chosen = process.env.BROWSER;
  if (chosen === 'none') return;
  const [command, args]: [string, string[]] = chosen
    ? [chosen, [url]]
    : process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]];
  const tell = () => io.err(`Could not open a browser; open ${url} yourself.`);
  import('node:child_process')
    .then(({ spawn }) => {
      const child = spawn(command, args, { stdio: 'ignore', detached: true });
      child.on('error', tell);
      child.unref();
    })
    .catch(tell);
}
