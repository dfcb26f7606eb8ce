// The layout's hyphenation exceptions (layouts/hyphenation.yaml, beside the layout file): per
// language, words written with a hyphen at each place they may break ("menneske-handel").
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Problem } from '../issue/problems.js';
import { YamlSource } from '../issue/yaml-source.js';
import type { ExceptionList } from './hyphenate.js';
import { baseLanguage, patternName } from './hyphenate.js';

export const EXCEPTIONS_FILE = 'hyphenation.yaml';

/** The exception file that goes with a layout file, or undefined when there is none. */
export function exceptionsFileOf(layoutFile: string): string | undefined {
  const file = join(dirname(layoutFile), EXCEPTIONS_FILE);
  return existsSync(file) ? file : undefined;
}

const WORD = /^\p{L}+(?:-\p{L}+)+$/u;

/** Reads an exception file; every mistake in it comes back as a problem with its place. */
export function readExceptions(file: string, displayName = basename(file)): { list: ExceptionList; problems: Problem[] } {
  const { source, problems } = YamlSource.read(file, displayName);
  const list = new Map<string, Map<string, number[]>>();
  if (!source) return { list, problems };
  const data = source.data();
  if (data === null || data === undefined) return { list, problems };
  if (typeof data !== 'object' || Array.isArray(data)) {
    problems.push({ at: source.at([]), message: 'expected languages as keys (nb:, nn:, sv:, en: …), each with a list of words like "menneske-handel"' });
    return { list, problems };
  }
  for (const [lang, words] of Object.entries(data as Record<string, unknown>)) {
    if (!patternName(lang)) {
      problems.push({ at: source.keyAt([], lang), message: `"${lang}" is not a language code with hyphenation patterns: expected a code like nb, nn, sv, en` });
      continue;
    }
    if (!Array.isArray(words)) {
      problems.push({ at: source.at([lang]), message: `expected a list of words under "${lang}:", like - menneske-handel` });
      continue;
    }
    const base = baseLanguage(lang);
    const byWord = list.get(base) ?? new Map<string, number[]>();
    list.set(base, byWord);
    words.forEach((w, i) => {
      if (typeof w !== 'string' || !WORD.test(w)) {
        problems.push({ at: source.at([lang, i]), message: `"${String(w)}" is not a word with its breaks: expected letters with a hyphen at each place the word may break, like menneske-handel` });
        return;
      }
      const offsets: number[] = [];
      let at = 0;
      for (const piece of w.split('-').slice(0, -1)) offsets.push((at += piece.length));
      byWord.set(w.replaceAll('-', '').toLowerCase(), offsets);
    });
  }
  return { list, problems };
}
