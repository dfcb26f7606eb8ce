// Contrast of the web page's text colours on their backgrounds, light and dark, computed here
// from WCAG 2.1's formula (not with the code under test), and the style sheet using them.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { palettes, TEXT_ON, withContrast } from '../../src/html/colours.js';
import { css } from '../../src/html/css.js';
import { loadTheme } from '../../src/layout/theme.js';
import { repo } from '../helpers/project.js';

function channel(c: number): number {
  const s = c / 255;
  return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
}
function lum(hex: string): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex)!;
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => channel(parseInt(h!, 16)));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
function ratio(a: string, b: string): number {
  const [x, y] = [lum(a), lum(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

const theme = loadTheme(join(repo, 'layouts', 'kom.yaml'));

describe('the web page\'s colours', () => {
  it('agree with known contrast ratios', () => {
    expect(ratio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(ratio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`reach WCAG AA (4.5:1) for every text colour on its background, ${scheme}`, () => {
      const p = palettes(theme)[scheme];
      for (const [fg, bg] of TEXT_ON) {
        const r = ratio(p[fg], p[bg]);
        expect(r, `${scheme}: ${fg} ${p[fg]} on ${bg} ${p[bg]} is ${r.toFixed(2)}:1`).toBeGreaterThanOrEqual(4.5);
      }
      // Body text has more than the minimum.
      expect(ratio(p.text, p.background)).toBeGreaterThanOrEqual(7);
    });
  }

  it('keep the layout\'s own colours in the light scheme where they pass', () => {
    const p = palettes(theme).light;
    expect(p.heading).toBe(theme.colours.heading);
    expect(p.link).toBe(theme.colours.link);
    expect(p.band).toBe(theme.colours.band);
  });

  it('mend a layout whose colours fail AA, light and dark', () => {
    expect(ratio(withContrast('#9fb3c8', '#ffffff'), '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(ratio(withContrast('#003865', '#0a0f14'), '#0a0f14')).toBeGreaterThanOrEqual(4.5);
    expect(withContrast('#1a1a1a', '#ffffff')).toBe('#1a1a1a');
  });

  it('are the ones the style sheet uses, the dark ones under prefers-color-scheme: dark', () => {
    const sheet = css(theme, palettes(theme), {}, []);
    const { light, dark } = palettes(theme);
    const root = /:root \{([^}]*)\}/.exec(sheet)![1]!;
    const darkRoot = /prefers-color-scheme: dark\) \{ :root \{([^}]*)\}/.exec(sheet)![1]!;
    for (const [k, v] of Object.entries(light)) expect(root).toContain(`--${k}: ${v};`);
    for (const [k, v] of Object.entries(dark)) expect(darkRoot).toContain(`--${k}: ${v};`);
    expect(sheet).toContain('color-scheme: light dark');
  });
});
