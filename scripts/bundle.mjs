// The shipped CLI: src/cli/main.ts and everything it loads, bundled by esbuild into
// dist/bin/nyhetsbrev.js and chunks beside it, one chunk per command's own code (main.ts loads
// each command with import()), so that starting the tool reads a few files instead of some
// hundred modules. `tsc` still type-checks and compiles dist/ for the tests and the tools;
// this file only packs what the user runs. Run by `npm run prepare`, `build`, `test` and `bench`.
//
// Kept outside the bundle: sharp (a native module), subset-font (loads a WebAssembly file
// beside its own code) and hyphen (its patterns are read by path, src/text/patterns.ts).
import { build } from 'esbuild';
import { chmodSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
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
 * fontkit imports brotli's decompressor at its top for WOFF2 fonts, which the KOM format does not
 * use: 1.4 MB of the bundle (its dictionary alone costs ~30 ms to evaluate, and parsing and
 * decoding its source as much again) loaded by every build. In the bundle that import is a small
 * stand-in that loads the real decompressor from where fontkit is installed the first time a WOFF2
 * font is opened.
 */
const lazyBrotli = {
  name: 'lazy-brotli',
  setup(b) {
    b.onResolve({ filter: /^brotli\/decompress(\.js)?$/ }, (args) => {
      if (!/[\\/]fontkit[\\/]/.test(args.importer)) return undefined;
      return { path: 'lazy-brotli', namespace: 'lazy-brotli' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-brotli' }, () => ({
      contents: [
        "import { createRequire } from 'node:module';",
        'let decompress;',
        'export default function lazyBrotliDecompress(buffer, outSize) {',
        "  decompress ??= createRequire(createRequire(import.meta.url).resolve('fontkit'))('brotli/decompress.js');",
        '  return decompress(buffer, outSize);',
        '}',
      ].join('\n'),
      loader: 'js',
    }));
  },
};

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
await build({
  entryPoints: { nyhetsbrev: join(root, 'src', 'cli', 'main.ts') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['sharp', 'subset-font', 'hyphen', 'hyphen/*'],
  chunkNames: '[name]-[hash]',
  // CommonJS packages inside an ES module bundle call require() for Node's own modules.
  banner: { js: "import { createRequire as __nyhetsbrevRequire } from 'node:module'; const require = __nyhetsbrevRequire(import.meta.url);" },
  plugins: [pdfkitPaths, lazyBrotli],
  legalComments: 'none',
  logLevel: 'warning',
});
// The program's first line, for `npx` and the bin link.
const entry = join(outdir, 'nyhetsbrev.js');
const text = readFileSync(entry, 'utf8');
if (!text.startsWith('#!')) throw new Error('the bundle lost its #! line');
chmodSync(entry, 0o755);
