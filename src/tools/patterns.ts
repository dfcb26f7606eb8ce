// `npm run prepare`: compiles each hyphenation pattern file of the `hyphen` package into typed
// arrays in dist/patterns/<lang>.bin, read at build time without parsing (see src/text/patterns.ts).
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { compile, compiledDir, encode, packageDir, type PackagePatterns } from '../text/patterns.js';

const require = createRequire(import.meta.url);
mkdirSync(compiledDir, { recursive: true });
let n = 0;
for (const file of readdirSync(packageDir()).filter((f) => f.endsWith('.js'))) {
  try {
    const patterns = require(join(packageDir(), file)) as PackagePatterns;
    writeFileSync(join(compiledDir, file.replace(/\.js$/, '.bin')), encode(compile(patterns)));
    n++;
  } catch {
    // A few of the package's files do not load (cu); those languages are not hyphenated.
  }
}
console.log(`hyphenation patterns: ${n} languages compiled to ${compiledDir}`);
