// The shipped CLI: src/cli/main.ts and everything it loads, bundled by esbuild into one CommonJS
// file, dist/bin/program-<hash>.cjs, so that starting the tool reads one file instead of some
// hundred modules; `tsc` still type-checks and compiles dist/ for the tests and the tools. Run by
// `npm run prepare`, `build`, `test` and `bench`.
//
// dist/bin/nyhetsbrev.js, the command users run, is a small launcher written here: it compiles
// the program with V8's code cache (dist/bin/program-<hash>.cache), which holds the bytecode of
// every function a build of the reference issue ran, so that a fresh process neither parses
// the program nor compiles those functions again. The cache is made here by one build of the
// reference issue into a temporary folder; the launcher makes it again after a build when there
// is none or V8 refuses it (a different Node.js), and it is named by the program's hash, so it never belongs to another
// program (V8 itself checks only the source's length).
//
// Kept outside the bundle: sharp (a native module), subset-font (loads a WebAssembly file
// beside its own code) and hyphen (its patterns are read by path, src/text/patterns.ts).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'bin');

/**
 * pdfkit finds its standard fonts through its package's own import map ("#standard-fonts/…")
 * and its sRGB profile beside its module file: inside the bundle both are asked for where
 * pdfkit is installed instead.
 */
const pdfkitPaths = {
  name: 'pdfkit-paths',
  setup(b) {
    b.onLoad({ filter: /pdfkit[\\/]js[\\/]pdfkit\.node\.mjs$/ }, (args) => {
      let text = readFileSync(args.path, 'utf8');
      const before = text;
      text = text.replaceAll("require$1('#standard-fonts/", "require$1('pdfkit/standard-fonts/");
      text = text.replace(
        "new URL('./data/sRGB_IEC61966_2_1.icc', import.meta.url).href",
        "join(dirname(createRequire(import.meta.url).resolve('pdfkit')), 'data', 'sRGB_IEC61966_2_1.icc')",
      );
      if (text === before || text.includes("'#standard-fonts/")) throw new Error('pdfkit-paths: pdfkit.node.mjs is not as this plugin knows it (a pdfkit update?)');
      return { contents: `import { dirname, join } from 'node:path';\n${text}`, loader: 'js' };
    });
  },
};

/**
 * A plugin that resolves `filter`, where a module of the package `by` imports it, to a small
 * stand-in module of `lines` that loads the real one only when it is first used.
 */
function standIn(name, filter, by, lines, options = {}) {
  const importer = new RegExp(`[\\\\/]${by}[\\\\/]`);
  return {
    name,
    setup(b) {
      b.onResolve({ filter }, (args) => (importer.test(args.importer) ? { path: name, namespace: name } : undefined));
      b.onLoad({ filter: /.*/, namespace: name }, () => ({ contents: lines.join('\n'), loader: 'js', ...options }));
    },
  };
}

/**
 * fontkit imports brotli's decompressor at its top for WOFF2 fonts, which the KOM format does not
 * use: 1.4 MB of the bundle (its dictionary alone costs ~30 ms to evaluate, and parsing and
 * decoding its source as much again) loaded by every build. In the bundle that import is a small
 * stand-in that loads the real decompressor from where fontkit is installed the first time a WOFF2
 * font is opened.
 */
const lazyBrotli = standIn('lazy-brotli', /^brotli\/decompress(\.js)?$/, 'fontkit', [
  "import { createRequire } from 'node:module';",
  'let decompress;',
  'export default function lazyBrotliDecompress(buffer, outSize) {',
  "  decompress ??= createRequire(createRequire(import.meta.url).resolve('fontkit'))('brotli/decompress.js');",
  '  return decompress(buffer, outSize);',
  '}',
]);

/**
 * pdfkit imports AES (@noble/ciphers) at its top for encrypted PDFs, which the KOM format does
 * not make: its tables were set up by every build (about 6 ms). In the bundle that import is a
 * stand-in whose functions evaluate the real module, still in the bundle, the first time a
 * document is encrypted.
 */
const lazyCiphers = standIn('lazy-ciphers', /^@noble\/ciphers\/aes(\.js)?$/, 'pdfkit', [
  'let aes;',
  "const real = () => (aes ??= require('@noble/ciphers/aes'));",
  'export function cbc(...args) {',
  '  return real().cbc(...args);',
  '}',
  'export function ecb(...args) {',
  '  return real().ecb(...args);',
  '}',
], { resolveDir: root });

/**
 * fontkit (its Arabic, Indic and Universal shapers), unicode-properties (which fontkit asks for
 * scripts and categories) and linebreak (pdfkit's line wrapper) each build Unicode lookup tables
 * at their top, inflating compressed data: about 20 ms of every build, for tables a build of the
 * KOM format reads little or never (src/text/shaper.ts shapes without fontkit's shapers, and
 * pdfkit wraps no lines; only unicode-properties' is asked, once fontkit makes a glyph). In the
 * bundle each such table is made the first time it is looked in. Every use of a table must be a
 * `.get(`: the plugin stops the bundle when a module is not as it knows it.
 */
const lazyTries = {
  name: 'lazy-tries',
  setup(b) {
    b.onLoad({ filter: /[\\/](fontkit|unicode-properties|linebreak)[\\/]dist[\\/]module\.mjs$/ }, (args) => {
      let text = readFileSync(args.path, 'utf8');
      const made = /^const (\$\w+\$var\$(?:trie|classTrie)) = (new (?:\(0, )?\$\w+\$unicodetrie\)?\(.*\));$/gm;
      let count = 0;
      text = text.replace(made, (_, name, construct) => {
        count++;
        const uses = text.split(name).length - 1;
        const gets = text.split(`${name}.get(`).length - 1;
        if (uses !== gets + 1) throw new Error(`lazy-tries: ${name} in ${args.path} is used other than by .get(`);
        return `let ${name}$made;\nconst ${name} = { get: (c) => (${name}$made ??= ${construct}).get(c) };`;
      });
      if (count === 0) throw new Error(`lazy-tries: no Unicode table found in ${args.path} (a fontkit or unicode-properties update?)`);
      return { contents: text, loader: 'js' };
    });
  },
};

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
const result = await build({
  entryPoints: [join(root, 'src', 'cli', 'main.ts')],
  bundle: true,
  write: false,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['sharp', 'subset-font', 'hyphen', 'hyphen/*'],
  // The sources are ES modules that find their files from import.meta.url: in the program it is
  // the program file's own address.
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "var __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  // import() of a package kept outside (sharp, subset-font, hyphen) as require(): functions V8
  // restores from a code cache lose the script's dynamic import callback (Node 20).
  supported: { 'dynamic-import': false },
  plugins: [pdfkitPaths, lazyBrotli, lazyCiphers, lazyTries],
  legalComments: 'none',
  logLevel: 'warning',
});
// The program is the body of a function the launcher calls as Node calls a CommonJS module
// (main.ts's #! line would be a syntax error there). esbuild leaves letters such as æ, ø, å and
// — as they are in regular expressions and comments; written as \u escapes instead, which mean the
// same there, the file is all ASCII and V8 holds it in one byte a character, not two.
const escape = (c) => (c.length === 2 ? escape(c[0]) + escape(c[1]) : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const body = result.outputFiles[0].text.replace(/^#![^\n]*/, '');
if (/\bimport\(/.test(body)) throw new Error('bundle: the program still calls import(), which a script run from a code cache cannot');
if (/\\[^\x00-\x7f]/.test(body) || body.includes('String.raw')) throw new Error('bundle: a backslash before a non-ASCII letter, or String.raw, in the program: its letters cannot be escaped safely');
const program = `(function (exports, require, module, __filename, __dirname) {${body.replace(/[^\x00-\x7f]/gu, escape)}\n})`;
const hash = createHash('sha256').update(program).digest('hex').slice(0, 12);
const name = `program-${hash}`;
writeFileSync(join(outdir, `${name}.cjs`), program);

writeFileSync(join(outdir, 'nyhetsbrev.js'), `#!/usr/bin/env node
// Written by scripts/bundle.mjs: runs ${name}.cjs beside this file, compiled with V8's code
// cache ${name}.cache when there is one V8 accepts, and writes that cache after a build when there is none.
import { readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import vm from 'node:vm';

// V8's young generation at its smallest unless a build of a large issue lets it grow (see
// src/io/heap.ts), and functions optimised after twice V8's default interrupt budget (67,584
// bytes of bytecode run): a build runs most functions a few times only, and optimising them
// sooner costs more compile time on two cores than it wins (reference issue, nothing kept,
// 0.89-0.91x the time in turns; the 10x issue 0.84x; half the default 1.28x). Set before the
// program is compiled and again before its cache is written: V8 keeps a code cache only for the
// flags it was made with.
const v8Flags = '--semi-space-growth-factor=1 --interrupt-budget=135168';
setFlagsFromString(v8Flags);

const here = dirname(fileURLToPath(import.meta.url));
const file = join(here, '${name}.cjs');
const cacheFile = join(here, '${name}.cache');
function compile() {
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  // All ASCII (scripts/bundle.mjs escapes every other letter), so read as latin1: one byte a character.
  const script = new vm.Script(readFileSync(file, 'latin1'), {
    filename: file,
    cachedData,
  });
  return { script, state: cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'accepted' };
}
// The cache's bytes are not kept once V8 has read them.
const { script, state } = compile();
const program = { exports: {} };
// Which program this is, for what it keeps between runs (src/io/paragraphs.ts).
globalThis[Symbol.for('nyhetsbrev.program')] = '${name}';
script.runInThisContext()(program.exports, createRequire(file), program, file, here);

export const main = program.exports.main;

/** Whether the cache was used: "accepted", "rejected" (made by another Node.js, or damaged) or "none". */
export const codeCache = state;

/** Writes the code cache from what this process has compiled so far; a folder we may not write to costs only speed. */
function saveCodeCache() {
  const temporary = cacheFile + '.' + process.pid + '.tmp';
  try {
    setFlagsFromString(v8Flags);
    writeFileSync(temporary, script.createCachedData());
    renameSync(temporary, cacheFile);
  } catch {
    rmSync(temporary, { force: true });
  }
}

function isEntry() {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntry()) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
    // Made by a build, which runs most of the program: the cache of a smaller command (--help)
    // would be accepted by every build after it and spare them little.
    if (codeCache !== 'accepted' && process.argv[2] === 'build') saveCodeCache();
  });
}
`);
chmodSync(join(outdir, 'nyhetsbrev.js'), 0o755);

// The cache, from one build of the reference issue, in a copy of the project so that nothing the
// project keeps between builds (pictures, set paragraphs) spares a function from running. Without
// it (no reference issue, or the build fails) the first command a user runs makes the cache.
const reference = join(root, 'issues', '2025-4');
if (existsSync(join(reference, 'issue.yaml'))) {
  const scratch = mkdtempSync(join(tmpdir(), 'nyhetsbrev-warm-'));
  try {
    for (const part of ['issues/2025-4', 'layouts', 'assets', 'fonts']) cpSync(join(root, part), join(scratch, part), { recursive: true });
    const r = spawnSync(process.execPath, [join(outdir, 'nyhetsbrev.js'), 'build', join(scratch, 'issues', '2025-4'), '--out', join(scratch, 'warm.pdf')], { encoding: 'utf8', cwd: scratch });
    if (r.status !== 0) console.warn(`bundle: the code cache is left to the first run (the reference build failed: ${(r.stderr || r.stdout).split('\n')[0]})`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
