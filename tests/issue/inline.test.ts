// White space of the issue text: collapsed to single spaces, the ends trimmed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLanguage, COMMON_LANGUAGES, normaliseSpaces } from '../../src/issue/inline.js';
import type { Run } from '../../src/model/types.js';

/** How spaces were collapsed before: the text rebuilt a character at a time. */
function oldNormaliseSpaces(runs: Run[]): Run[] {
  const out: Run[] = [];
  let prevSpace = true;
  for (const r of runs) {
    let text = '';
    for (const ch of r.text.replace(/[\t\n\r ]+/g, ' ')) {
      if (ch === ' ' && prevSpace) continue;
      text += ch;
      prevSpace = ch === ' ';
    }
    if (text) out.push({ ...r, text });
  }
  const last = out[out.length - 1];
  if (last?.text.endsWith(' ')) {
    const trimmed = last.text.slice(0, -1);
    if (trimmed) out[out.length - 1] = { ...last, text: trimmed };
    else out.pop();
  }
  return out;
}

describe('spaces of the issue text', () => {
  it('are collapsed as before, across runs of every style', () => {
    const run = fc.record({ text: fc.stringMatching(/^[ab \t\n\r\u00a0]{0,6}$/), style: fc.constantFrom('regular' as const, 'bold' as const) });
    fc.assert(
      fc.property(fc.array(run, { maxLength: 12 }), (runs) => {
        expect(normaliseSpaces(runs)).toEqual(oldNormaliseSpaces(runs));
      }),
      { numRuns: 3000 },
    );
  });

  it('are collapsed as before in a paragraph of 100,000 characters', () => {
    const text = 'Fem  departementer\n står bak 18 tiltak.\t '.repeat(2500);
    const runs: Run[] = [{ text, style: 'regular' }, { text: '  fet ', style: 'bold' }, { text: ' ', style: 'regular' }];
    expect(normaliseSpaces(runs)).toEqual(oldNormaliseSpaces(runs));
  });
});

describe('language codes of {lang=} spans', () => {
  it('taken as they are only where ICU names them too', () => {
    const names = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
    for (const code of COMMON_LANGUAGES) expect(names.of(code), code).toBeTruthy();
  });

  it('others asked of ICU: a region or script is fine, a made-up code is not', () => {
    expect(checkLanguage('en-GB')).toBeUndefined();
    expect(checkLanguage('sr-Latn')).toBeUndefined();
    expect(checkLanguage('qq')).toMatch(/"qq" is not a language code/);
    expect(checkLanguage('svenska')).toMatch(/is not a language code/);
  });
});
