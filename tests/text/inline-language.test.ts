import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseInline } from '../../src/issue/inline.js';
import type { Problem } from '../../src/issue/problems.js';
import { YamlSource } from '../../src/issue/yaml-source.js';
import { optimalBreaker } from '../../src/text/breaker.js';
import { readExceptions } from '../../src/text/exceptions.js';
import { makeHyphenator } from '../../src/text/hyphenate.js';
import { setText } from '../../src/text/set.js';
import { fakeMeasurer } from '../helpers/fake.js';
import { readPdf } from '../helpers/pdf.js';
import { checkPdfUa, walk } from '../helpers/pdfua.js';
import { build, oneSectionIssue, project, repo, run } from '../helpers/project.js';

function parsed(text: string) {
  const { source } = YamlSource.parse(`body: ${JSON.stringify(text)}\n`, 'issue.yaml');
  const problems: Problem[] = [];
  return { runs: parseInline(text, ['body'], source!, problems).runs, problems };
}

describe('inline language, [words]{lang=sv}', () => {
  it('marks the words inside, with their styles and links, and nothing else', () => {
    const { runs, problems } = parsed('Rapporten [Människohandel *för* tvångsarbete]{lang=sv} og [[her](https://a.no/)]{lang=en}.');
    expect(problems).toEqual([]);
    expect(runs).toEqual([
      { text: 'Rapporten ', style: 'regular' },
      { text: 'Människohandel ', style: 'regular', lang: 'sv' },
      { text: 'för', style: 'italic', lang: 'sv' },
      { text: ' tvångsarbete', style: 'regular', lang: 'sv' },
      { text: ' og ', style: 'regular' },
      { text: 'her', style: 'regular', link: { kind: 'url', url: 'https://a.no/' }, lang: 'en' },
      { text: '.', style: 'regular' },
    ]);
    // Brackets without {lang=…} stay text, as before.
    expect(parsed('[ikke et språk] og [x]{id=y}').runs).toEqual([{ text: '[ikke et språk] og [x]{id=y}', style: 'regular' }]);
  });

  it('refuses a code that names no language, at its place', () => {
    const { problems } = parsed('Se [dette]{lang=xx} og [dette]{lang=svensk}.');
    expect(problems.map((p) => `${p.at?.line}:${p.at?.column}`)).toEqual(['1:18', '1:38']);
    expect(problems[0]!.message).toMatch(/"xx" is not a language code: expected a code like sv \(Swedish\)/);
  });

  it('hyphenates the marked words by their language', () => {
    const ex = readExceptions(join(repo, 'layouts', 'hyphenation.yaml')).list;
    const h = makeHyphenator(['nb'], undefined, ex);
    const m = fakeMeasurer();
    const hyphenate = (word: string, soft?: readonly number[], lang?: string) => h(word, lang ?? 'nb', soft);
    // Read as Norwegian, "människohandel" may break as människ-ohandel; as Swedish, only at its seam.
    expect(h('människohandel', 'nb').map((b) => b.at)).toContain(7);
    expect(h('människohandel', 'sv')).toEqual([{ at: 8, kind: 'hyphen', place: 'seam' }]);
    for (let width = 40; width <= 100; width += 5) {
      const lines = setText([{ text: 'om ', style: 'regular' }, { text: 'människohandel', style: 'regular', lang: 'sv' }, { text: ' og mer', style: 'regular' }], 10, () => width, m, optimalBreaker({ pretolerance: -1 }), { hyphenate }).lines;
      for (const l of lines) {
        if (l.end === 'hyphen') expect(l.broken).toMatchObject({ word: 'människohandel', at: 8, place: 'seam' });
        // The marked words keep their language in the set line.
        for (const f of l.fragments) if (/människ|handel/.test(f.text)) expect(f.lang).toBe('sv');
      }
    }
  });

  it('is a Span with /Lang in the tagged PDF and a span with lang on the web page, every word kept', async () => {
    const issue = oneSectionIssue(`      - heading: Sverige
        body:
          - NSPM publiserte kunnskapsoversikten "[Människohandel för tvångsarbete och arbetskraftsexploatering]{lang=sv}", se nettsiden.
`);
    const p = project({ 'issues/x/issue.yaml': issue });
    const r = await build(p);
    expect(r.code, r.err).toBe(0);
    const bytes = readFileSync(p.out);
    const ua = await checkPdfUa(bytes);
    expect(ua.failures).toEqual([]);
    const spans = [...walk(ua.root!)].filter((e) => e.type === 'Span');
    expect(spans.map((s) => s.lang)).toEqual(['sv']);
    // (The helper's text extraction, as pdf.js's, puts a space at a line break inside a word.)
    expect(spans[0]!.text.replace(/[\s\u00ad]/g, '')).toBe('Människohandelförtvångsarbeteocharbetskraftsexploatering');
    const pdf = await readPdf(bytes);
    expect(pdf.pages.map((pg) => pg.text).join(' ').replace(/\s+/g, ' ')).toContain('se nettsiden');

    const out = join(p.root, 'out', 'web');
    const web = await run(['build', p.issue, '--format', 'html', '--out', out, '--layout', join(repo, 'layouts', 'kom.yaml')]);
    expect(web.code, web.err).toBe(0);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toMatch(/<span lang="sv">M[^<]*<\/span>/);
    expect(html.replace(/&shy;/g, '')).toContain('<span lang="sv">Människohandel för tvångsarbete och arbetskraftsexploatering</span>');
  });

  it('an unknown language fails the build with file, line and column, and no PDF', async () => {
    const p = project({ 'issues/x/issue.yaml': oneSectionIssue(`      - heading: Sverige
        body:
          - Se [dette]{lang=qq}.
`) });
    const r = await build(p);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/issue\.yaml:10:\d+: "qq" is not a language code/);
    expect(r.err).not.toMatch(/at .*\.ts:\d+/);
  });
});
