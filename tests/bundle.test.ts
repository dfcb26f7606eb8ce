// The shipped CLI's bundle (scripts/bundle.mjs) leaves out what a build does not use.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { repo } from './helpers/project.js';

const bin = join(repo, 'dist', 'bin');
const chunks = () => readdirSync(bin).filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(bin, f), 'utf8'));

describe('the bundle', () => {
  it('carries no brotli decoder (fontkit loads it for a WOFF2 font only), and the stand-in finds the real one', () => {
    const all = chunks();
    expect(all.some((c) => c.includes('lazyBrotliDecompress'))).toBe(true);
    expect(all.some((c) => c.includes('node_modules/brotli/'))).toBe(false);
    // What the stand-in does on first use, from where the bundle lies.
    const decompress = createRequire(createRequire(join(bin, 'nyhetsbrev.js')).resolve('fontkit'))('brotli/decompress.js') as (b: Buffer, n: number) => Uint8Array;
    const text = 'Nyhetsbrev fra KOM';
    expect(Buffer.from(decompress(brotliCompressSync(Buffer.from(text)), text.length)).toString()).toBe(text);
  });

  it('carries of qrcode only its symbol maker, not the PNG renderer and pngjs', () => {
    const all = chunks();
    expect(all.some((c) => c.includes('node_modules/qrcode/lib/core/qrcode.js'))).toBe(true);
    expect(all.some((c) => c.includes('node_modules/pngjs/') || c.includes('node_modules/qrcode/lib/renderer/'))).toBe(false);
  });
});
