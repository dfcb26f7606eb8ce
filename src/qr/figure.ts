// A `qr:` block of an issue → one unbreakable flow item: codes side by side, each centred in
// its share of the column with the publication's title and short address under it. The code
// and the address are links to the publication, so the PDF works on screen too.
import type { Op, Role } from '../display/types.js';
import { InputError } from '../issue/problems.js';
import type { FlowContext, FlowItem } from '../layout/flow.js';
import { lineOps } from '../layout/flow.js';
import type { Block, Publication } from '../model/types.js';
import { setText } from '../text/set.js';
import { addressLines, qrAlt, qrOp, symbolFor } from './symbol.js';

type QrBlock = Extract<Block, { kind: 'qr' }>;

const MM = 72 / 25.4;

export function qrFigure(block: QrBlock, blockId: string, a: number, width: number, ctx: FlowContext): FlowItem {
  const { qr } = ctx.theme;
  const n = block.codes.length;
  const cell = (width - qr.gap * (n - 1)) / n;
  const widest = Math.max(...block.codes.map((p) => symbolFor(p.url, qr).outer));
  if (widest > cell + 1e-6) {
    const need = n * widest + (n - 1) * qr.gap;
    throw new InputError([{
      at: block.at,
      message: n === 1
        ? `this QR code with its quiet zone needs ${(need / MM).toFixed(0)} mm, the column is ${(width / MM).toFixed(0)} mm wide: make qr size smaller in the layout`
        : `${n} QR codes side by side need ${(need / MM).toFixed(0)} mm, the column is ${(width / MM).toFixed(0)} mm wide: put fewer codes in a row, or make qr size smaller in the layout`,
    }]);
  }
  const ops: Op[] = [];
  let height = 0;
  block.codes.forEach((p, i) => {
    const cellOps = codeCell(p, `${blockId}q${i}`, cell, ctx);
    ops.push(...cellOps.ops.map((op) => ({ ...op, x: op.x + i * (cell + qr.gap) })));
    height = Math.max(height, cellOps.height);
  });
  return { kind: 'box', height, ops, article: a, keep: 0 };
}

function codeCell(p: Publication, id: string, width: number, ctx: FlowContext): { ops: Op[]; height: number } {
  const { theme, measurer, breaker } = ctx;
  const { qr } = theme;
  const symbol = symbolFor(p.url, qr);
  const figure: Role = { kind: 'figure', block: id, alt: qrAlt(p) };
  const caption: Role = { kind: 'caption', block: id };
  const x = (width - symbol.outer) / 2;
  const ops: Op[] = [
    qrOp(p, symbol, qr, x, 0, figure),
    { kind: 'link', x, y: 0, width: symbol.outer, height: symbol.outer, target: { url: p.url }, text: p.title, role: figure },
  ];
  let y = symbol.outer + qr.captionGap;

  const title = setText([{ text: p.title, style: qr.title.style }], qr.title.size, () => width, measurer, breaker).lines;
  for (const line of title) {
    ops.push(...lineOps(line, qr.title, (width - line.width) / 2, y, caption, ctx, p.language, theme.colours.heading));
    y += qr.title.leading;
  }

  const url = addressLines(p.shortUrl, width, qr.url.style, qr.url.size, measurer, breaker);
  const tooWide = url.find((l) => l.width > width + 1e-6);
  if (tooWide) {
    throw new InputError([{ at: p.shortUrlAt, message: `the address "${p.shortUrl}" has a part ("${tooWide.text}") wider than the space under its QR code: give a shorter "shortUrl:"` }]);
  }
  const urlTop = y;
  const left = Math.min(...url.map((l) => (width - l.width) / 2));
  url.forEach((line, i) => {
    // An address breaks inside itself, never at a space: its lines join without one.
    const end = i < url.length - 1 ? ('explicit' as const) : ('last' as const);
    const line0 = { fragments: [{ x: 0, text: line.text, style: qr.url.style, width: line.width }], width: line.width, end };
    // The address is the words of its link (drawn as it was: lineOps would underline a link).
    const words = lineOps(line0, qr.url, (width - line.width) / 2, y, caption, ctx, undefined, theme.colours.link);
    ops.push(...words.map((op): Op => (op.kind === 'text' ? { ...op, link: { url: p.url } } : op)));
    y += qr.url.leading;
  });
  ops.push({ kind: 'link', x: left, y: urlTop, width: width - 2 * left, height: y - urlTop, target: { url: p.url }, text: p.shortUrl, role: caption });
  return { ops, height: y };
}
