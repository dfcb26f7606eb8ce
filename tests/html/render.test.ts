// The web page renderer on small issues: issue text escaped and never a template, articles in
// another language marked, QR blocks as links, the CLI's --format.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'parse5';
import { describe, expect, it } from 'vitest';
import { loadIssue } from '../../src/issue/load.js';
import { loadTheme } from '../../src/layout/theme.js';
import { formatSize, hyphenated, renderHtml } from '../../src/html/render.js';
import { makeHyphenator } from '../../src/text/hyphenate.js';
import { kom, pngBytes, project, run } from '../helpers/project.js';

const theme = loadTheme(kom);

const issueYaml = `number: 1
year: 2026
period: januar–mars 2026
date: 2026-04-01
sections:
  - title: "Test <b>{{number}}</b> & co"
    articles:
      - heading: "NKVTS <script>alert(1)</script>"
        id: nkvts
        logo: { src: logo.png, alt: NKVTS, decorative: true }
        body:
          - "Tekst med <i>{{year}}</i> & \\"sitat\\", [lenke](https://www.nkvts.no/?a=1&b=2) og se [side](#english)."
          - list: [En, To]
            bullet: "•"
      - heading: English article
        id: english
        language: en
        body:
          - Some text in English.
`;

async function fixture() {
  const p = project({ 'issues/x/issue.yaml': issueYaml, 'issues/x/logo.png': await pngBytes(80, 40) });
  return { ...p, issue: await loadIssue(p.issue, { projectRoot: p.root }) };
}

describe('the web page renderer', () => {
  it('escapes the issue\'s text and never applies templates to it', async () => {
    const { issue } = await fixture();
    const html = renderHtml({ issue, theme, pictures: new Map() });
    expect(html).toContain('Test &lt;b&gt;{{number}}&lt;/b&gt; &amp; co');
    expect(html).toContain('NKVTS &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Tekst med &lt;i&gt;{{year}}&lt;/i&gt; &amp; "sitat"');
    expect(html).toContain('href="https://www.nkvts.no/?a=1&amp;b=2"');
    expect(html).not.toContain('<script>');
    // Read back, the text is the text that was written.
    type N = { nodeName: string; value?: string; childNodes?: N[] };
    const texts = (n: N): string[] => (n.nodeName === '#text' ? [n.value!] : (n.childNodes ?? []).flatMap(texts));
    expect(texts(parse(html) as unknown as N)).toContain('NKVTS <script>alert(1)</script>');
  });

  it('marks an article in another language with lang, and links a cross-reference to it by name', async () => {
    const { issue } = await fixture();
    const html = renderHtml({ issue, theme, pictures: new Map() });
    expect(html).toContain('<article id="english" lang="en" aria-labelledby="english-tittel">');
    expect(html).toContain('<a href="#english">side <span class="xref">(English article)</span></a>');
    expect(html).toContain('<ul class="bullets">');
  });

  it('gives a decorative logo alt="" and a QR block the publication\'s title as a plain link', async () => {
    const { issue } = await fixture();
    const key = `${issue.sections[0]!.articles[0]!.logo!.picture.file}\u0000logo`;
    const withQr = {
      ...issue,
      sections: [
        {
          ...issue.sections[0]!,
          articles: [
            {
              ...issue.sections[0]!.articles[0]!,
              body: [
                ...issue.sections[0]!.articles[0]!.body,
                { kind: 'qr' as const, at: { file: 'x', line: 1, column: 1 }, codes: [{ id: 'v', language: 'nb', title: 'Veileder <ny>', description: '', url: 'https://www.politiet.no/v', shortUrl: 'politiet.no/v', at: { file: 'x', line: 1, column: 1 }, titleAt: { file: 'x', line: 1, column: 1 }, shortUrlAt: { file: 'x', line: 1, column: 1 } }] },
              ],
            },
          ],
        },
      ],
    };
    const html = renderHtml({ issue: withQr, theme, pictures: new Map([[key, { src1: 'bilder/logo-1.webp', src2: 'bilder/logo-2.webp', width: 80, height: 40 }]]) });
    expect(html).toContain('<img class="logo" src="bilder/logo-1.webp" srcset="bilder/logo-1.webp 1x, bilder/logo-2.webp 2x" width="80" height="40" alt=""');
    expect(html).toContain('<p class="publications"><a href="https://www.politiet.no/v">Veileder &lt;ny&gt;</a></p>');
  });

  it('puts soft hyphens only in long words, by the patterns, and none in addresses or numbers', () => {
    const h = makeHyphenator(['nb'], { minWord: 12, minBefore: 3, minAfter: 3 });
    const ctx = { input: { hyphenator: h }, lang: 'nb' };
    // Poor places (men-, which reads as "but"; menneskehan-del, three letters of a part beside
    // the seam) are not offered to the browser; the seam and places inside a part are.
    expect(hyphenated('menneskehandel', ctx)).toBe('menneske&shy;handel');
    expect(hyphenated('menneskehandelen', ctx)).toBe('menneske&shy;hande&shy;len');
    expect(hyphenated('handel', ctx)).toBe('handel');
    expect(hyphenated('www.regjeringen.no LB-2024-45307 arbeidsmarkedet', ctx)).toMatch(/^www\.regjeringen\.no LB-2024-45307 ar/);
    expect(hyphenated('a-krim', ctx)).toBe('a-krim');
    expect(hyphenated('menne\u00adskehandel', ctx)).toBe('menne&shy;skehandel');
  });

  it('states the PDF\'s size as Norwegian readers write it', () => {
    expect(formatSize(873_329)).toBe('853 KB');
    expect(formatSize(1_258_291)).toBe('1,2 MB');
  });

  it('is built by nyhetsbrev build --format html into out/<issue>/, and --format is checked', async () => {
    const p = await fixture();
    const out = join(p.root, 'out', 'web');
    const r = await run(['build', p.root + '/issues/x', '--format', 'html', '--out', out, '--layout', kom]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Wrote .*index\.html/);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    expect(existsSync(join(out, 'x.pdf'))).toBe(true);
    const bad = await run(['build', p.root + '/issues/x', '--format', 'docx']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('unknown format "docx"');
    const both = await run(['build', p.root + '/issues/x', '--format', 'all', '--out', out]);
    expect(both.code).toBe(2);
  });
});
