// The mark `nyhetsbrev placeholders` leaves in every PNG it writes: a tEXt chunk that pictures
// do not otherwise carry, so that `nyhetsbrev check` can tell a placeholder from a real picture
// without looking at its pixels. Readers and the PDF writer ignore tEXt chunks.
import { crc32 } from 'node:zlib';

const KEYWORD = 'nyhetsbrev';
const TEXT = 'placeholder';

/** The PNG with the placeholder mark added after its header chunk (unchanged if it has one). */
export function markPlaceholder(png: Buffer): Buffer {
  if (!isPng(png) || isPlaceholder(png)) return png;
  const data = Buffer.from(`${KEYWORD}\0${TEXT}`, 'latin1');
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write('tEXt', 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  const afterHeader = 8 + 12 + png.readUInt32BE(8);
  return Buffer.concat([png.subarray(0, afterHeader), chunk, png.subarray(afterHeader)]);
}

/** Whether the bytes are a PNG written by `nyhetsbrev placeholders`. */
export function isPlaceholder(bytes: Buffer): boolean {
  if (!isPng(bytes)) return false;
  for (let i = 8; i + 12 <= bytes.length; ) {
    const length = bytes.readUInt32BE(i);
    const type = bytes.toString('latin1', i + 4, i + 8);
    if (type === 'IDAT' || type === 'IEND') return false;
    if (type === 'tEXt' && bytes.toString('latin1', i + 8, i + 8 + length) === `${KEYWORD}\0${TEXT}`) return true;
    i += 12 + length;
  }
  return false;
}

function isPng(b: Buffer): boolean {
  return b.length > 33 && b.readUInt32BE(0) === 0x89504e47 && b.toString('latin1', 12, 16) === 'IHDR';
}

/** The bytes without the placeholder mark: the picture as it was before it was marked. */
export function withoutMark(bytes: Buffer): Buffer {
  const parts = unmarkedParts(bytes);
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

/** The same as views of `bytes`, the parts before and after the mark: nothing copied. */
function unmarkedParts(bytes: Buffer): Buffer[] {
  if (!isPng(bytes)) return [bytes];
  for (let i = 8; i + 12 <= bytes.length; ) {
    const length = bytes.readUInt32BE(i);
    const type = bytes.toString('latin1', i + 4, i + 8);
    if (type === 'IDAT' || type === 'IEND') return [bytes];
    if (type === 'tEXt' && bytes.toString('latin1', i + 8, i + 8 + length) === `${KEYWORD}\0${TEXT}`) {
      return [bytes.subarray(0, i), bytes.subarray(i + 12 + length)];
    }
    i += 12 + length;
  }
  return [bytes];
}
