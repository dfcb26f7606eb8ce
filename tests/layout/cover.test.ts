// The cover's contents list: a list too long for one column goes on in a second, then smaller.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readPdf } from '../helpers/pdf.js';
import { build, project } from '../helpers/project.js';

const issueWith = (sections: number, titleWords: number) => {
  const title = (i: number) => `Seksjon ${i} ${'med lang tittel '.repeat(titleWords).trim()}`;
  const body = Array.from({ length: sections }, (_, i) => `  - title: "${title(i + 1)}"\n    articles:\n      - heading: Artikkel ${i + 1}\n        body:\n          - Tekst ${i + 1}.\n`).join('');
  return { text: `number: 1\nyear: 2026\nperiod: januar–mars 2026\ndate: 2026-04-01\nsections:\n${body}`, title };
};

describe('the contents list on the cover', () => {
  for (const [sections, words, columns] of [[26, 1, 2], [44, 1, 2]] as const) {
    it(`of ${sections} sections is printed whole, in ${columns} columns, every entry a link to its page`, async () => {
      const { text, title } = issueWith(sections, words);
      const p = project({ 'issues/x/issue.yaml': text });
      const r = await build(p);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      const pdf = await readPdf(readFileSync(p.out));
      const cover = pdf.pages[0]!;
      for (let i = 1; i <= sections; i++) expect(cover.text.replace(/\s+/g, ' ')).toContain(title(i));
      const xs = new Set(cover.links.map((l) => Math.round(l.rect.x)));
      expect(xs.size).toBe(columns);
      expect(cover.links.map((l) => l.page)).toEqual(Array.from({ length: sections }, (_, i) => i + 2));
      for (const l of cover.links) expect(l.rect.y + l.rect.height).toBeLessThanOrEqual(cover.height);
    });
  }
});
