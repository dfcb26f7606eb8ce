// `npm run prepare`: keeps a JSON copy of each hyphenation pattern file of the `hyphen` package
// in dist/patterns/, because JSON is read many times faster than the package's JavaScript
// literals (see readPatterns in src/text/hyphenate.ts).
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { jsonDir } from '../text/hyphenate.js';

const require = createRequire(import.meta.url);
const dir = join(dirname(require.resolve('hyphen/hyphen.js')), 'patterns');
mkdirSync(jsonDir, { recursive: true });
let n = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith('.js'))) {
  try {
    writeFileSync(join(jsonDir, file.replace(/\.js$/, '.json')), JSON.stringify(require(join(dir, file))));
    n++;
  } catch {
    // A few of the package's files do not load (cu); those languages are not hyphenated.
  }
}
console.log(`hyphenation patterns: ${n} languages copied to ${jsonDir}`);
