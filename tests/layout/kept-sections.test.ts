// A laid-out section is kept by its content alone: where its texts are in the file and which
// page it starts on are given apart, and a kept section is moved to them.
import { describe, expect, it } from 'vitest';
import { moved, sectionKey, type LaidSection } from '../../src/layout/document.js';
import type { Section } from '../../src/model/types.js';

const at = (line: number, column = 13) => ({ file: 'issues/x/issue.yaml', line, column });

function section(line: number): Section {
  return {
    title: 'Aktuelt',
    columns: 2,
    articles: [{ id: 'nkvts', heading: 'NKVTS', headingAt: at(line), body: [{ kind: 'paragraph', text: { runs: [{ text: 'Tekst.', style: 'regular' }], at: at(line + 2) } }] }],
  } as unknown as Section;
}

describe('kept sections', () => {
  it('have one key for the same content at other lines, and give its places in order', () => {
    const a = sectionKey(section(10), 2, 'nb');
    const b = sectionKey(section(50), 2, 'nb');
    expect(a.key).toBe(b.key);
    expect(a.key).not.toContain('"line"');
    expect(a.positions).toEqual(['issues/x/issue.yaml:10:13', 'issues/x/issue.yaml:12:13']);
    expect(b.positions).toEqual(['issues/x/issue.yaml:50:13', 'issues/x/issue.yaml:52:13']);
    // Another text, section number or language is another key.
    expect(sectionKey({ ...section(10), title: 'Annet' }, 2, 'nb').key).not.toBe(a.key);
    expect(sectionKey(section(10), 3, 'nb').key).not.toBe(a.key);
    expect(sectionKey(section(10), 2, 'nn').key).not.toBe(a.key);
  });

  it('are numbered from the page they start on now, and their warnings name the lines their texts are on now', () => {
    const found: LaidSection = {
      laid: {
        pages: [{ number: 5, width: 595, height: 842, columns: [], ops: [] }, { number: 6, width: 595, height: 842, columns: [], ops: [] }],
        articlePages: new Map([['nkvts', 6]]),
        outline: { title: 'Aktuelt', page: 5, children: [{ title: 'NKVTS', page: 6, article: 'nkvts', children: [] }] },
        report: [{ page: 5 }, { page: 6 }] as unknown as LaidSection['laid']['report'],
        cost: 1,
        greedyCost: 2,
      },
      warnings: ['issues/x/issue.yaml:1:2: a word is wider than the column', 'issues/x/issue.yaml:1:23: another, at a place that did not move'],
      asked: [],
      positions: ['issues/x/issue.yaml:1:2', 'issues/x/issue.yaml:1:23'],
    };
    const now = moved(found, 8, ['issues/x/issue.yaml:41:2', 'issues/x/issue.yaml:1:23']);
    expect(now.laid.pages.map((p) => p.number)).toEqual([8, 9]);
    expect([...now.laid.articlePages]).toEqual([['nkvts', 9]]);
    expect(now.laid.outline.page).toBe(8);
    expect(now.laid.outline.children.map((c) => c.page)).toEqual([9]);
    expect(now.laid.report.map((r) => r.page)).toEqual([8, 9]);
    expect(now.warnings).toEqual(['issues/x/issue.yaml:41:2: a word is wider than the column', 'issues/x/issue.yaml:1:23: another, at a place that did not move']);
    // The kept section itself is left as it was.
    expect(found.laid.pages.map((p) => p.number)).toEqual([5, 6]);
    // Where nothing moved, the kept section is given as it is.
    const same = moved(found, 5, found.positions);
    expect(same.laid).toBe(found.laid);
    expect(same.warnings).toBe(found.warnings);
  });
});
