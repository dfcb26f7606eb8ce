import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { isPlaceholder, markPlaceholder, withoutMark } from '../../src/issue/placeholder-mark.js';
import { kom, pngBytes, project, repo, run, validIssue } from '../helpers/project.js';

describe('placeholder mark', () => {
  it('marks a PNG so that it still reads the same, and tells marked from unmarked', async () => {
    const plain = await pngBytes(30, 10);
    expect(isPlaceholder(plain)).toBe(false);
    const marked = markPlaceholder(plain);
    expect(isPlaceholder(marked)).toBe(true);
    expect(markPlaceholder(marked)).toBe(marked);
    expect(withoutMark(marked).equals(plain)).toBe(true);
    const a = await sharp(plain).raw().toBuffer();
    const b = await sharp(marked).raw().toBuffer();
    expect(b.equals(a)).toBe(true);
    expect(isPlaceholder(Buffer.from('not a picture'))).toBe(false);
  });

  it('is written by `nyhetsbrev placeholders`, and the reference issue’s pictures carry it', async () => {
    const p = project({ 'issues/x/issue.yaml': validIssue.replace('          - Tekst', '          - picture: pictures/ny.png\n            alt: Ny rapport\n          - Tekst') });
    expect((await run(['placeholders', p.issue])).code).toBe(0);
    expect(isPlaceholder(readFileSync(join(p.issue, 'pictures', 'ny.png')))).toBe(true);
    expect(isPlaceholder(readFileSync(join(repo, 'issues', '2025-4', 'pictures', 'logo-cmm.png')))).toBe(true);
  });

  it('changes no byte of the PDF, in either profile', async () => {
    const issue = validIssue.replace('          - Tekst', '          - picture: pictures/a.png\n            alt: Et bilde\n          - Tekst');
    const picture = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#4477aa' } }).png({ palette: true }).toBuffer();
    const p = project({ 'issues/x/issue.yaml': issue, 'issues/x/pictures/a.png': picture });
    const pdf = async (profile: string) => {
      expect((await run(['build', p.issue, '--out', p.out, '--layout', kom, '--profile', profile])).code).toBe(0);
      return readFileSync(p.out);
    };
    const before = [await pdf('screen'), await pdf('print')];
    writeFileSync(join(p.issue, 'pictures', 'a.png'), markPlaceholder(picture));
    const after = [await pdf('screen'), await pdf('print')];
    expect(after[0]!.equals(before[0]!)).toBe(true);
    expect(after[1]!.equals(before[1]!)).toBe(true);
    expect(after[0]!.equals(after[1]!)).toBe(false);
  });
});
