// Cross-references settle by laying out again; an issue without one is laid out once.
import { describe, expect, it } from 'vitest';
import { layoutIssue } from '../../src/layout/document.js';
import { loadTheme } from '../../src/layout/theme.js';
import type { Article, Issue, Run } from '../../src/model/types.js';
import type { SetResult } from '../../src/text/set.js';
import { greedyBreaker } from '../../src/text/breaker.js';
import { fakeMeasurer } from '../helpers/fake.js';
import { kom } from '../helpers/project.js';

const theme = loadTheme(kom);
const at = { file: 'issue.yaml', line: 1, column: 1 };
const article = (id: string, runs: Run[]): Article => ({ id, heading: `Sak ${id}`, headingAt: at, body: [{ kind: 'paragraph', text: { runs, at } }] });
const issue = (articles: Article[]): Issue => ({
  name: '2025-4', number: 4, year: 2025, period: 'oktober–desember', date: '2025-12-01', language: 'nb',
  sections: [{ title: 'Nytt', columns: 2, articles }], pictures: new Map(),
});

/** The paragraphs' cache, counting how often each text is asked for: once a pass. */
class CountingCache extends Map<string, SetResult> {
  readonly asked = new Map<string, number>();
  override get(key: string): SetResult | undefined {
    this.asked.set(key, (this.asked.get(key) ?? 0) + 1);
    return super.get(key);
  }
}

/** How often the body paragraph of this text was asked for (headings are cached apart). */
const timesAsked = (cache: CountingCache, text: string) =>
  [...cache.asked].filter(([key]) => key.includes('/nb/') && key.includes(JSON.stringify(text))).reduce((n, [, k]) => n + k, 0);

describe('layout passes', () => {
  it('lay an issue without cross-references out once, and one with them again until its page numbers settle, flowing again only the articles that hold one', () => {
    const plain = [article('a', [{ text: 'Første sak med litt tekst.', style: 'regular' }]), article('b', [{ text: 'Andre sak.', style: 'regular' }])];
    const once = new CountingCache();
    const first = layoutIssue({ issue: issue(plain), theme, measurer: fakeMeasurer(), breaker: greedyBreaker, setCache: once });
    expect(once.asked.size).toBeGreaterThan(0);
    expect(timesAsked(once, 'Første sak med litt tekst.')).toBe(1);
    expect(timesAsked(once, 'Andre sak.')).toBe(1);

    const linked = [...plain, article('c', [{ text: 'Se ', style: 'regular' }, { text: 'første sak', style: 'regular', link: { kind: 'article', id: 'a', at } }])];
    const twice = new CountingCache();
    const second = layoutIssue({ issue: issue(linked), theme, measurer: fakeMeasurer(), breaker: greedyBreaker, setCache: twice });
    // The second pass flows again only the article that holds the cross-reference (its
    // paragraph, set anew each pass, is not in the cache; its number is checked below).
    expect(timesAsked(twice, 'Første sak med litt tekst.')).toBe(1);
    expect(timesAsked(twice, 'Andre sak.')).toBe(1);
    // The cross-reference prints the page its article landed on, not the first pass's "00".
    const texts = second.pages.flatMap((p) => p.ops).filter((o) => o.kind === 'text').map((o) => (o.kind === 'text' ? o.text : ''));
    expect(texts.join(' ')).toMatch(/første\u00a0sak\u00a0\d+|sak\u00a0\d+/);
    expect(texts.join(' ')).not.toContain('\u00a000');
    expect(first.pages.length).toBeGreaterThan(0);
  });
});
