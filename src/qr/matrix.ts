// Text → QR module matrix, through the qrcode package. Only the matrix is taken from it: the
// code is drawn by our own renderer as a vector path, never as a picture. (So only the package's
// symbol maker is loaded, not its main module with the PNG and SVG renderers it would bring.)
import QRCode from 'qrcode/lib/core/qrcode.js';

export type ErrorCorrection = 'M' | 'Q' | 'H';

export interface QrMatrix {
  /** Modules per side, without the quiet zone. */
  readonly size: number;
  readonly version: number;
  readonly errorCorrection: ErrorCorrection;
  /** Rows top to bottom; true is a dark module. */
  readonly rows: readonly (readonly boolean[])[];
}

const cache = new Map<string, QrMatrix>();

/** The matrices this process made or was given, by `matrixKey`. */
export function knownMatrices(): ReadonlyMap<string, QrMatrix> {
  return cache;
}

/** Matrices an earlier process made (see io/kept.ts): qrMatrix gives them as if it had made them. */
export function giveMatrices(kept: ReadonlyMap<string, QrMatrix>): void {
  for (const [k, m] of kept) if (!cache.has(k)) cache.set(k, m);
}

/** The smallest QR symbol holding `text` at the given error correction level. */
export function qrMatrix(text: string, errorCorrection: ErrorCorrection): QrMatrix {
  const key = `${errorCorrection}\u0000${text}`;
  let m = cache.get(key);
  if (!m) {
    const code = QRCode.create(text, { errorCorrectionLevel: errorCorrection });
    const { size, data } = code.modules;
    const rows = Array.from({ length: size }, (_, r) => Array.from({ length: size }, (_, c) => data[r * size + c] === 1));
    m = { size, version: code.version, errorCorrection, rows };
    cache.set(key, m);
  }
  return m;
}
