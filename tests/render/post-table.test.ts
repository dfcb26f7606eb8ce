// The font's post table header read ahead of fontkit (postHeaderOnly in render/pdf.ts): the same
// fields as fontkit's own decoding of the whole table, and the glyph names still there on asking.
import * as fontkit from 'fontkit';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { postHeaderOnly } from '../../src/render/pdf.js';
import { repo } from '../helpers/project.js';

const files = ['NotoSans-Regular.ttf', 'NotoSans-Bold.ttf', 'NotoSans-Italic.ttf', 'NotoSans-BoldItalic.ttf'];
const open = (name: string) => fontkit.create(readFileSync(join(repo, 'fonts', name))) as unknown as Record<string, unknown> & { post: Record<string, unknown> };

describe('post table header read ahead', () => {
  it.each(files)('%s: the fields fontkit decodes, glyph names included', (name) => {
    const theirs = open(name).post;
    const font = open(name);
    postHeaderOnly(font);
    const ours = font.post;
    for (const k of ['version', 'italicAngle', 'underlinePosition', 'underlineThickness', 'isFixedPitch', 'minMemType42', 'maxMemType42', 'minMemType1', 'maxMemType1']) {
      expect(ours[k], k).toBe(theirs[k]);
    }
    expect(ours.names).toEqual(theirs.names);
    expect(ours.glyphNameIndex).toEqual(theirs.glyphNameIndex);
    expect((font as unknown as { italicAngle: number }).italicAngle).toBe((open(name) as unknown as { italicAngle: number }).italicAngle);
  });

  it('leaves a font whose post table fontkit has already read alone', () => {
    const font = open(files[0]!);
    const decoded = font.post;
    postHeaderOnly(font);
    expect(font.post).toBe(decoded);
  });
});
