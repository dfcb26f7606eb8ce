// Reads what we need from PNG and JPEG headers without decoding: size, and whether the PDF
// can take the file as it is. Lets a build with only PNG and JPEG pictures skip loading sharp.

export interface PictureHeader {
  readonly format: 'png' | 'jpeg';
  readonly width: number;
  readonly height: number;
  /** The PDF writer can embed the bytes unchanged. */
  readonly passThrough: boolean;
  /** The file ends where its format says it must (a cut-short file does not). */
  readonly whole: boolean;
}

export function readHeader(b: Buffer): PictureHeader | undefined {
  if (b.length > 33 && b.readUInt32BE(0) === 0x89504e47 && b.toString('latin1', 12, 16) === 'IHDR') return png(b);
  if (b.length > 4 && b[0] === 0xff && b[1] === 0xd8) return jpeg(b);
  return undefined;
}

function png(b: Buffer): PictureHeader {
  const bitDepth = b[24]!;
  const interlace = b[28]!;
  const whole = b.length > 12 && b.toString('latin1', b.length - 8, b.length - 4) === 'IEND';
  return { format: 'png', width: b.readUInt32BE(16), height: b.readUInt32BE(20), passThrough: bitDepth <= 8 && interlace === 0, whole };
}

function jpeg(b: Buffer): PictureHeader | undefined {
  let width = 0;
  let height = 0;
  let components = 0;
  let orientation = 1;
  let adobe = false;
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1]!;
    if (marker === 0xff) { i++; continue; }
    if (marker === 0xd9 || marker === 0xda) break; // end of image, start of scan data
    const length = b.readUInt16BE(i + 2);
    const body = i + 4;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc && body + 6 <= b.length) {
      height = b.readUInt16BE(body + 1);
      width = b.readUInt16BE(body + 3);
      components = b[body + 5]!;
    } else if (marker === 0xe1 && b.toString('latin1', body, body + 4) === 'Exif') {
      orientation = exifOrientation(b, body + 6, i + 2 + length);
    } else if (marker === 0xee && b.toString('latin1', body, body + 5) === 'Adobe') {
      adobe = true;
    }
    i += 2 + length;
  }
  if (!width || !height) return undefined;
  const tail = b.subarray(Math.max(0, b.length - 64));
  const whole = tail.lastIndexOf(Buffer.from([0xff, 0xd9])) >= 0;
  // Grey or YCbCr pictures the right way up go in as they are; CMYK (often Adobe-inverted)
  // and rotated ones are converted.
  const passThrough = (components === 1 || components === 3) && orientation === 1 && !(adobe && components !== 3);
  const turned = orientation >= 5 && orientation <= 8;
  return { format: 'jpeg', width: turned ? height : width, height: turned ? width : height, passThrough, whole };
}

function exifOrientation(b: Buffer, tiff: number, end: number): number {
  try {
    const le = b.toString('latin1', tiff, tiff + 2) === 'II';
    const u16 = (o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
    const u32 = (o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
    const ifd = tiff + u32(tiff + 4);
    const count = u16(ifd);
    for (let k = 0; k < count; k++) {
      const entry = ifd + 2 + k * 12;
      if (entry + 12 > end) break;
      if (u16(entry) === 0x0112) return u16(entry + 8);
    }
  } catch {
    // A damaged EXIF block: treat the picture as upright.
  }
  return 1;
}
