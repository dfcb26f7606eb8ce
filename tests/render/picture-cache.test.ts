// The picture cache finds an original by its path, size and modification time: a warm build
// reads a large original only as far as its header, and a changed original is processed again.
import { cpSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { buildIssue } from '../../src/build.js';
import { PictureFile } from '../../src/issue/pictures.js';
import { kom, project, validIssue } from '../helpers/project.js';

async function photograph(seed: number): Promise<Buffer> {
  return sharp({ create: { width: 1800, height: 1200, channels: 3, background: { r: 40 * seed, g: 120, b: 160 }, noise: { type: 'gaussian', mean: 100, sigma: 40 } } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

describe('the picture cache', () => {
  it('serves a warm build without reading the original, and processes a changed one again', async () => {
    const issue = validIssue.replace('          - Tekst med [lenke](https://www.nkvts.no/).\n', '          - Tekst med [lenke](https://www.nkvts.no/).\n          - picture: pictures/foto.jpg\n            alt: Et fotografi\n');
    const first = await photograph(1);
    const p = project({ 'issues/x/issue.yaml': issue, 'issues/x/pictures/foto.jpg': first });
    cpSync(join(kom, '..', '..', 'fonts'), join(p.root, 'fonts'), { recursive: true });
    const photo = join(p.issue, 'pictures', 'foto.jpg');
    expect(statSync(photo).size).toBeGreaterThan(100_000);
    const build = () => buildIssue(p.issue, { out: p.out, layout: kom });
    const cold = await build();
    const coldBytes = readFileSync(p.out);
    expect(cold.pictures[0]).toMatchObject({ action: 'resampled', cached: false });

    const warm = await build();
    expect(warm.pictures[0]).toMatchObject({ action: 'resampled', cached: true });
    const original = [...warm.issue.pictures.values()][0];
    expect(original).toBeInstanceOf(PictureFile);
    expect((original as PictureFile).read).toBe(false);
    expect(readFileSync(p.out).equals(coldBytes)).toBe(true);

    // Another photograph (sharp's noise differs each time) under the same name: its size or time changed, so it is read, hashed
    // and resampled anew, and the PDF shows it.
    writeFileSync(photo, await photograph(5));
    const changed = await build();
    expect(changed.pictures[0]).toMatchObject({ action: 'resampled', cached: false });
    expect(readFileSync(p.out).equals(coldBytes)).toBe(false);

    // The same bytes again with a new time: hashed again and found in the cache.
    writeFileSync(photo, first);
    utimesSync(photo, new Date(), new Date(Date.now() + 5000));
    const back = await build();
    expect(back.pictures[0]).toMatchObject({ action: 'resampled', cached: true });
    expect(readFileSync(p.out).equals(coldBytes)).toBe(true);
  }, 120_000);
});
