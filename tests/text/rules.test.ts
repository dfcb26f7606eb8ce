import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addressBreaks, isAddress } from '../../src/text/address.js';
import { optimalBreaker } from '../../src/text/breaker.js';
import { openFonts, FontMeasurer } from '../../src/text/measure.js';
import { setText } from '../../src/text/set.js';
import { ties, toWords } from '../../src/text/words.js';
import { fakeMeasurer } from '../helpers/fake.js';
import { readPdf } from '../helpers/pdf.js';
import { build, oneSectionIssue, project, repo } from '../helpers/project.js';

const m = fakeMeasurer();
const url = 'https://www.politiet.no/globalassets/03-rad-og-forebygging/menneskehandel/veileder_for-identifisering.pdf?a=1&b=2';

describe('addresses', () => {
  it('break after a slash or before . - _ ? & =, never inside the scheme', () => {
    const at = [0, ...addressBreaks(url), url.length];
    const pieces = at.slice(0, -1).map((o, i) => url.slice(o, at[i + 1]));
    expect(pieces.join('')).toBe(url);
    expect(pieces.slice(0, 7)).toEqual(['https://', 'www', '.politiet', '.no/', 'globalassets/', '03', '-rad']);
    expect(pieces.slice(-6)).toEqual(['-identifisering', '.pdf', '?a', '=1', '&b', '=2']);
    for (const p of pieces.slice(1)) expect(p[0]).toMatch(/[.\-_?&=#~@]|[^/]/);
    // A dot or bracket that ends the sentence stays with the address.
    expect(addressBreaks('(www.kom.no).').at(-1)).toBe(8);
    expect(isAddress(url) && isAddress('post@kom.no') && isAddress('www.kom.no') && !isAddress('f.eks.')).toBe(true);
    // A path quoted without its domain is an address too; a word with one slash is not.
    expect(isAddress('bygging/menneskehandel/veileder-for-identifisering.pdf')).toBe(true);
    expect(isAddress('veileder/ofre.pdf')).toBe(true);
    expect(isAddress('og/eller') || isAddress('barne-/ungdoms') || isAddress('1/2')).toBe(false);
  });

  it('too long for a line are set without a drawn hyphen, in order, starting each line at a break', () => {
    const breaker = optimalBreaker();
    const { lines } = setText([{ text: `Se ${url} for mer`, style: 'regular' }], 10, () => 200, m, breaker);
    const text = lines.map((l) => l.fragments.map((f) => f.text).join(''));
    expect(text.join('')).not.toMatch(/\u00ad/);
    expect(text.join('').replace(/ /g, '')).toBe(`Se${url}former`);
    for (const l of lines) expect(l.width).toBeLessThanOrEqual(200 + 1e-9);
    expect(lines.filter((l) => l.end === 'address').length).toBeGreaterThan(0);
  });
});

describe('date ranges', () => {
  it('stay with their month', () => {
    expect(ties('7.–8.', 'april')).toBe(true);
    expect(ties('3.–4.', 'desember')).toBe(true);
    expect(ties('3–4', 'ganger')).toBe(true);
    expect(ties('2024–2025', 'var')).toBe(false);
    // Wherever the line would end, "26.–27." and "november" stand on one line.
    // (Each character is 5 pt wide: "26.–27. november" takes 80.)
    for (let width = 80; width <= 200; width += 5) {
      const { lines } = setText([{ text: 'en konferanse 26.–27. november i Helsinki', style: 'regular' }], 10, () => width, m, optimalBreaker());
      const texts = lines.map((l) => l.fragments.map((f) => f.text).join(''));
      expect(texts.some((t) => t.includes('26.–27. november'))).toBe(true);
    }
  });
});

describe('a number that is a reference', () => {
  it('stays with the word before it, not with the word after it', () => {
    expect(ties('§', '3')).toBe(true);
    expect(ties('3', 'legger', '§')).toBe(false);
    expect(ties('4', 'sier', 'nr.')).toBe(false);
    // A count still stays with what it counts, and a dash with the word before it.
    expect(ties('18', 'tiltak', 'bak')).toBe(true);
    expect(ties('3', '–', '§')).toBe(true);
    // Each character is 5 pt wide: "i NIM-loven § 3" fills a line of 75 pt; "legger" goes on the next.
    const { lines } = setText([{ text: 'i NIM-loven § 3 legger', style: 'regular' }], 10, () => 75, m, optimalBreaker());
    const texts = lines.map((l) => l.fragments.map((f) => f.text).join('').trim());
    expect(texts).toEqual(['i NIM-loven § 3', 'legger']);
  });
});

describe('links keep the kerning across their edges', () => {
  const fonts = openFonts({
    regular: join(repo, 'fonts', 'NotoSans-Regular.ttf'), bold: join(repo, 'fonts', 'NotoSans-Bold.ttf'),
    italic: join(repo, 'fonts', 'NotoSans-Italic.ttf'), boldItalic: join(repo, 'fonts', 'NotoSans-BoldItalic.ttf'),
  });
  const real = new FontMeasurer(fonts);
  const link = { kind: 'url' as const, url: 'https://www.kom.no/' };
  it('a linked word and the punctuation after it are as wide as the plain word', () => {
    for (const [word, after] of [['her', '.'], ['Yes', ','], ['AV', '.'], ['rapporten', '».']] as const) {
      const [linked] = toWords([{ text: word, style: 'regular', link }, { text: after, style: 'regular' }], 11, real);
      expect(linked!.width).toBeCloseTo(real.width(word + after, 'regular', 11), 9);
    }
    // The fonts do kern some of these pairs: the test would fail without the rule.
    expect(real.width('r.', 'regular', 11)).not.toBeCloseTo(real.width('r', 'regular', 11) + real.width('.', 'regular', 11), 6);
  });

  it('in the built PDF too: the dot after a link stands where it stands after the plain word', async () => {
    const issue = oneSectionIssue(`      - heading: Regler
        body:
          - Les mer [her](https://www.kom.no/). Les mer her. Konferansen 7.–8. april og 3.–4. desember.
          - Adressen ${url} er lang.
`);
    const p = project({ 'issues/x/issue.yaml': issue });
    const r = await build(p);
    expect(r.code, r.err).toBe(0);
    const pdf = await readPdf(readFileSync(p.out));
    const items = pdf.pages.flatMap((pg) => pg.items);
    // The link is its own piece of text; the dot after it starts where "her" with its kerning ends.
    const at = items.findIndex((i) => i.str === 'her');
    expect(at).toBeGreaterThan(0);
    const dot = items[at + 1]!;
    expect(dot.str.startsWith('.')).toBe(true);
    expect(dot.x - items[at]!.x).toBeCloseTo(real.width('her.', 'regular', 11) - real.width('.', 'regular', 11), 2);
    const text = pdf.pages.map((pg) => pg.text).join('\n');
    expect(text).toContain('7.–8. april');
    expect(text).toContain('3.–4. desember');
    // The address is in the PDF whole, without a hyphen drawn into it.
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain(url);
    expect(flat).not.toMatch(/\u00ad/);
  });
});
