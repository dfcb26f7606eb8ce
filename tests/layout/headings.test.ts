// Headings: the " forts." heading at a column's top, and a logo beside its heading.
import { describe, expect, it } from 'vitest';
import { continuationText, flowSection, type FlowContext } from '../../src/layout/flow.js';
import { loadTheme } from '../../src/layout/theme.js';
import type { Article } from '../../src/model/types.js';
import { greedyBreaker } from '../../src/text/breaker.js';
import { fakeMeasurer } from '../helpers/fake.js';
import { kom } from '../helpers/project.js';

const theme = loadTheme(kom);
const at = { file: 'issue.yaml', line: 1, column: 1 };
const ctx = (): FlowContext => ({ theme, measurer: fakeMeasurer(), breaker: greedyBreaker, pageOf: () => undefined, warnings: [], setCache: new WeakMap() });
const article = (heading: string, extra: Partial<Article> = {}): Article => ({
  id: 'a', heading, headingAt: at, body: [{ kind: 'paragraph', text: { runs: [{ text: 'Tekst.', style: 'regular' }], at } }], ...extra,
});
// The fake font: 13 pt bold heading, 6.5 pt a character; a column of 130 pt holds 20.
const width = 130;

describe('continuation headings', () => {
  it('are the whole heading with " forts." when it fits on one line, tied to its last word', () => {
    expect(continuationText(article('NKVTS'), width, ctx())).toBe('NKVTS\u00a0forts.');
  });

  it('are the first line of a longer heading, words dropped until " forts." fits beside them', () => {
    // First line at 20 characters: "Endringer i NIM-" (a hyphen break) → "Endringer i" → "Endringer".
    const text = continuationText(article('Endringer i NIM-loven om overvåkings- og rapporteringsfunksjoner'), width, ctx());
    expect(text).toBe('Endringer\u00a0forts.');
    const two = continuationText(article('Nasjonal strategi mot menneskehandel ble lansert'), 200, ctx());
    // 30 characters a line: "Nasjonal strategi mot" + " forts." is 28.
    expect(two).toBe('Nasjonal strategi\u00a0forts.');
  });

  it('use the short heading the article gives', () => {
    expect(continuationText(article('Endringer i NIM-loven om overvåkings- og rapporteringsfunksjoner', { short: 'NIM-loven' }), width, ctx())).toBe('NIM-loven\u00a0forts.');
  });

  it('never leave "forts." alone on a line: one line when it fits, else the last word goes with it', () => {
    const flow = flowSection({ columns: 2, articles: [article('Nasjonal strategi mot menneskehandel ble lansert')] }, 0, width, ctx());
    const lines = flow.continuations[0]!.ops.filter((o) => o.kind === 'text').map((o) => (o.kind === 'text' ? o.text.trim() : ''));
    expect(lines.length).toBe(1);
    for (const l of lines) expect(l).not.toBe('forts.');
  });
});
