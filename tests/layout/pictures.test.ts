// Pictures in a column: never shown with a short side under picture.minSide without a word.
import { describe, expect, it } from 'vitest';
import { flowSection, type FlowContext } from '../../src/layout/flow.js';
import { loadTheme, MM } from '../../src/layout/theme.js';
import type { Article, Block } from '../../src/model/types.js';
import { greedyBreaker } from '../../src/text/breaker.js';
import { fakeMeasurer } from '../helpers/fake.js';
import { kom } from '../helpers/project.js';

const theme = loadTheme(kom);
const at = { file: 'issue.yaml', line: 7, column: 3 };
const picture = (pixelWidth: number, pixelHeight: number, width = 100): Block => ({
  kind: 'picture', width, picture: { file: '/x/pictures/p.png', pixelWidth, pixelHeight, alt: 'Bilde', at },
  caption: { runs: [{ text: 'Bildetekst', style: 'regular' }], at },
});
const place = (block: Block) => {
  const ctx: FlowContext = { theme, measurer: fakeMeasurer(), breaker: greedyBreaker, pageOf: () => undefined, warnings: [], setCache: new Map() };
  const article: Article = { id: 'a', heading: 'A', headingAt: at, body: [block] };
  const box = flowSection({ columns: 2, articles: [article] }, 0, 80 * MM, ctx).items.find((i) => i.kind === 'box')!;
  const image = box.ops.find((o) => o.kind === 'image')!;
  return { box, image, warnings: ctx.warnings };
};

describe('a picture of an odd shape', () => {
  it('is shown with its short side at picture.minSide (20 mm) when the column has room', () => {
    const { image, warnings } = place(picture(400, 200, 20));
    expect(image.height).toBeCloseTo(20 * MM, 6);
    expect(image.width).toBeCloseTo(40 * MM, 6);
    expect(warnings).toEqual([]);
  });

  it('is reported, with its file, place and size, when it cannot be shown that large', () => {
    const { image, warnings } = place(picture(120, 1600));
    expect(image.height).toBeCloseTo(theme.picture.maxHeight, 6);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^issue\.yaml:7:3: the picture p\.png \("Bilde"\) is shown 4\.[67] × 62 mm: its width is under picture\.minSide 20 mm/);
  });

  it('keeps its caption under it', () => {
    const { box, image } = place(picture(2400, 120));
    const caption = box.ops.filter((o) => o.kind === 'text');
    expect(caption.length).toBeGreaterThan(0);
    for (const c of caption) expect(c.y).toBeGreaterThan(image.y + image.height);
  });
});
