// `npm run prepare`: compiles each hyphenation pattern file of the `hyphen` package into typed
// arrays in dist/patterns/<lang>.bin, and the word lists of nb and nn (the hunspell dictionaries
// of dictionary-nb and dictionary-nn) into minimal automata in dist/words/<lang>.bin, both read
// at build time without parsing (see src/text/patterns.ts and src/text/wordlist.ts).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { compile, compiledDir, encode, packageDir, type PackagePatterns } from '../text/patterns.js';
import { compileWordList, dictionaryFiles, encode as encodeWords, wordListLanguages, wordsDir } from '../text/wordlist.js';

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

mkdirSync(wordsDir, { recursive: true });
for (const lang of wordListLanguages()) {
  const dic = dictionaryFiles(lang);
  if (!dic) {
    console.log(`word list ${lang}: its dictionary package is not installed; compounds are not recognised in ${lang}`);
    continue;
  }
  const list = compileWordList(readFileSync(dic.aff, 'utf8'), readFileSync(dic.dic, 'utf8'));
  writeFileSync(join(wordsDir, `${lang}.bin`), encodeWords(list));
  console.log(`word list ${lang}: ${list.final.length} states compiled to ${wordsDir}`);
}
