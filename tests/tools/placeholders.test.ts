import { describe, expect, it } from 'vitest';
import { placeholderLayout } from '../../src/tools/placeholders.js';

const unicef = "Forside av UNICEFs rapport «The State of the World's Children 2025. Ending Child Poverty: Our shared imperative»";
const labels = [
  'Logo: Fafo',
  'Logo: Norges institusjon for menneskerettigheter (NIM)',
  unicef,
  `${unicef} ${unicef}`,
  'Forside av Menneskehandelskonvensjonsgjennomføringsrapporten',
];
// The three shapes of src/tools/placeholders.ts: logo, cover, picture.
const shapes = [
  [480, 200],
  [420, 594],
  [640, 360],
] as const;

describe('a placeholder label', () => {
  for (const [width, height] of shapes) {
    for (const label of labels) {
      it(`fits under the mark and inside the frame: ${width}×${height}, ${label.slice(0, 30)}…`, () => {
        const { mark, size, lines } = placeholderLayout(width, height, label);
        // Nothing lost: the lines hold the label's words, in order.
        expect(lines.map((l) => l.text).join(' ')).toBe(label.split(/\s+/).join(' '));
        const top = lines[0]!.baseline - 0.75 * size;
        const bottom = lines.at(-1)!.baseline + 0.25 * size;
        expect(top).toBeGreaterThanOrEqual(mark.baseline + mark.size * 0.5);
        expect(bottom).toBeLessThanOrEqual(height - 16);
        // Each line, its characters at 0.7 em, inside the frame: a word too long for it only
        // at the smallest size, alone on its line.
        for (const l of lines) {
          if (l.text.length * 0.7 * size <= width * 0.85) continue;
          expect(size, l.text).toBe(8);
          expect(l.text, 'a line too wide holds one word').not.toContain(' ');
        }
      });
    }
  }

  it('keeps its full size when it fits, and shrinks only when it would not', () => {
    expect(placeholderLayout(420, 594, 'Forside av rapporten').size).toBe(38);
    expect(placeholderLayout(420, 594, unicef).size).toBeLessThan(38);
  });
});
