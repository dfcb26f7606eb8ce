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
const ctx = (): FlowContext => ({ theme, measurer: fakeMeasurer(), breaker: greedyBreaker, pageOf: () => undefined, warnings: [], setCache: new Map() });
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

describe('a logo beside its heading', () => {
  const logo = { picture: { file: '/logo.png', pixelWidth: 600, pixelHeight: 150, alt: 'Logo', at } };
  const headingOf = (heading: string) => flowSection({ columns: 2, articles: [article(heading, { logo })] }, 0, 240, ctx()).items[0]!;
  const parts = (heading: string) => {
    const item = headingOf(heading);
    const image = item.ops.find((o) => o.kind === 'image')!;
    const texts = item.ops.filter((o) => o.kind === 'text');
    return { image, texts };
  };

  it('stands at the right of the heading\'s first lines, the heading wrapping in the width it leaves', () => {
    const { image, texts } = parts('Arbeids- og velferdsetaten i kommunene');
    expect(image.y).toBe(0);
    const first = texts[0]!;
    expect(first.y).toBeLessThan(image.height);
    for (const t of texts.filter((t) => t.y < image.height)) expect(t.x + t.width).toBeLessThanOrEqual(image.x);
  });

  it('is made one line short when a later word is too wide beside it, and still stands beside the first line', () => {
    const { image, texts } = parts('NIM og Menneskerettighetsinstitusjonens rapporter');
    expect(image.height).toBeLessThan(theme.type.heading.leading);
    expect(texts[0]!.y).toBeLessThan(image.height);
    expect(texts[0]!.x + texts[0]!.width).toBeLessThanOrEqual(image.x);
  });

  it('stands above the heading only when the first word is too wide to stand beside it', () => {
    const { image, texts } = parts('Menneskerettighetsinstitusjonen');
    for (const t of texts) expect(t.y).toBeGreaterThan(image.y + image.height);
  });
});

describe('a continuation heading of one long word', () => {
  it('is the part before its slash or hyphen when the whole word and " forts." do not fit on a line', () => {
    // 20 characters a line: "Forskningsrapporter/-seminarer forts." is 37.
    const text = continuationText(article('Forskningsrapporter/-seminarer fra Fafo'), 26 * 6.5, ctx());
    expect(text).toBe('Forskningsrapporter\u00a0forts.');
  });
});
