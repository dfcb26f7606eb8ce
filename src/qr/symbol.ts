// A publication's QR code at a print size: the matrix, the module size the layout allows, and
// the display-list op. Also the printed address, broken into lines at its slashes and hyphens.
import { addressBreaks } from '../text/address.js';
import type { QrOp, Role } from '../display/types.js';
import type { Problem, SourcePos } from '../issue/problems.js';
import type { Publication, Style } from '../model/types.js';
import type { LineBreaker } from '../text/breaker.js';
import type { Measurer } from '../text/measure.js';
import { qrMatrix, type QrMatrix } from './matrix.js';
import type { QrStyle } from './style.js';

const MM = 72 / 25.4;

export interface QrSymbol {
  readonly matrix: QrMatrix;
  /** Side of one module, in points. */
  readonly module: number;
  /** Side of the whole light square, quiet zone included, in points. */
  readonly outer: number;
}

/** The code for `url` at the layout's size: the symbol is `style.size` wide whatever its version. */
export function symbolFor(url: string, style: QrStyle): QrSymbol {
  const matrix = qrMatrix(url, style.errorCorrection);
  const module = style.size / matrix.size;
  return { matrix, module, outer: module * (matrix.size + 2 * style.quietZone) };
}

/** A code whose modules would be smaller than the layout allows cannot be printed. */
export function moduleProblem(p: Publication, style: QrStyle, at: SourcePos, where: string): Problem | undefined {
  const s = symbolFor(p.url, style);
  if (s.module >= style.minModule - 1e-9) return undefined;
  const mm = (v: number) => (v / MM).toFixed(2);
  return {
    at,
    message:
      `the address of "${p.id}" needs a QR code of ${s.matrix.size} × ${s.matrix.size} modules: at ${mm(style.size)} mm ` +
      `one module would be ${mm(s.module)} mm, below the ${mm(style.minModule)} mm a phone reads reliably; ` +
      `shorten the address (${p.at.file}:${p.at.line}) or make qr size in ${where} at least ${mm(s.matrix.size * style.minModule)} mm`,
  };
}

export function qrOp(p: Publication, s: QrSymbol, style: QrStyle, x: number, y: number, role: Role): QrOp {
  return {
    kind: 'qr', x, y, width: s.outer, height: s.outer, module: s.module, quiet: style.quietZone,
    modules: s.matrix.rows, dark: style.dark, light: style.light, data: p.url, role,
  };
}

/** The alternative text of a code: what it leads to, for readers who cannot see it. */
export function qrAlt(p: Publication): string {
  return `QR: ${p.title} (${p.url}). ${p.description}`;
}

export interface AddressLine {
  readonly text: string;
  readonly width: number;
}

/**
 * An address has no spaces; it breaks where addresses break in text too (after "/", before
 * ".", "-", "_" …: see text/address.ts), and the lines are filled by the project's line breaker.
 */
export function addressLines(address: string, width: number, style: Style, size: number, m: Measurer, breaker: LineBreaker): AddressLine[] {
  const at = [0, ...addressBreaks(address), address.length];
  const pieces = at.slice(0, -1).map((o, i) => address.slice(o, at[i + 1]));
  const items = pieces.map((text) => ({ text, width: m.width(text, style, size), space: 0 }));
  return breaker(items, () => width).map(({ start, end }) => {
    const text = pieces.slice(start, end).join('');
    return { text, width: m.width(text, style, size) };
  });
}
