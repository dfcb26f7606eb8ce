// A fake font: every character is half an em wide (a space too), so expected positions can
// be worked out by hand. Characters in `missing` are "not in the font".
import type { Measurer } from '../../src/text/measure.js';

export function fakeMeasurer(missing = ''): Measurer {
  return {
    width: (text, _style, size) => [...text].length * 0.5 * size,
    advances: (text, _style, size) => Array.from({ length: text.length + 1 }, (_, i) => [...text.slice(0, i)].length * 0.5 * size),
    missing: (text) => [...new Set([...text].filter((c) => missing.includes(c)))],
  };
}
