// One side of a card → ops relative to the card's trim corner (the band runs into the bleed, at
// negative coordinates). A colour band with the title across the top; under it the guidance and
// the address on the left, the code on the right. A text that does not fit is an error naming
// the card, never a clipped line.
import type { Op, Role } from '../display/types.js';
import type { Problem, SourcePos } from '../issue/problems.js';
import { baseline } from '../layout/flow.js';
import type { TextStyle } from '../layout/theme.js';
import { templateReason } from '../issue/templates.js';
import type { Publication } from '../model/types.js';
import { addressLines, qrAlt, qrOp, symbolFor } from '../qr/symbol.js';
import type { LineBreaker } from '../text/breaker.js';
import type { Measurer } from '../text/measure.js';
import { setText, type SetLine } from '../text/set.js';
import type { Card } from './cards.js';
import type { CardTextName, CardTheme } from './theme.js';

export type Side = 'front' | 'back';

const MM = 72 / 25.4;
const mm = (v: number) => (v / MM).toFixed(1);

export interface FaceContext {
  readonly theme: CardTheme;
  readonly measurer: Measurer;
  readonly breaker: LineBreaker;
}

export function cardFace(card: Card, side: Side, ctx: FaceContext): { ops: Op[]; problems: Problem[] } {
  const p = side === 'front' ? card.front : card.back;
  if (!p) return { ops: [], problems: [] };
  const { theme, measurer, breaker } = ctx;
  const { width: W, height: H } = theme.card;
  const label = `card "${card.name}", ${side} (${p.id})`;
  const problems: Problem[] = [];
  const texts = renderTexts(card, p, theme, label, problems);
  if (!texts) return { ops: [], problems };
  const lang = p.language;
  const ops: Op[] = [];

  // The band, printed past the cut on three sides.
  const b = theme.bleed;
  ops.push({ kind: 'rect', x: -b, y: -b, width: W + 2 * b, height: theme.band.height + b, fill: theme.colours.band, role: { kind: 'artifact' } });

  const textWidth = W - 2 * theme.padding;
  const title = set(texts.title, theme.type.title, textWidth, ctx);
  const titleRoom = Math.floor((theme.band.height - 2 * theme.band.padding) / theme.type.title.leading + 1e-9);
  if (title.cut) problems.push({ at: p.titleAt, message: `${label}: a word of the title is wider than the card: shorten it` });
  else if (title.lines.length > titleRoom) {
    problems.push({
      at: p.titleAt,
      message: `${label}: the title "${texts.title}" needs ${title.lines.length} lines, the card's band holds ${titleRoom}: shorten "title:" or make the band taller in ${theme.file}`,
    });
  }
  const titleTop = (theme.band.height - title.lines.length * theme.type.title.leading) / 2;
  const heading: Role = { kind: 'heading', article: `card-${card.name}-${side}`, continued: false };
  title.lines.forEach((line, i) => ops.push(...textOps(line, theme.type.title, theme.padding, titleTop + i * theme.type.title.leading, theme.colours.title, heading, lang)));

  // The code: right-aligned to the padding, centred in the space under the band.
  const symbol = symbolFor(p.url, theme.qr);
  const quiet = theme.qr.quietZone * symbol.module;
  const size = theme.qr.size;
  const darkLeft = W - theme.padding - size;
  const darkTop = theme.band.height + (H - theme.band.height - size) / 2;
  if (symbol.module < theme.qr.minModule - 1e-9) {
    problems.push({ at: p.at, message: `${label}: the address needs ${symbol.matrix.size} modules a side; at ${mm(size)} mm one module is ${(symbol.module / MM).toFixed(2)} mm, below ${(theme.qr.minModule / MM).toFixed(2)} mm: shorten the address or make qr size larger in ${theme.file}` });
  }
  if (darkLeft + size + quiet > W + 1e-6 || darkTop - quiet < theme.band.height - 1e-6 || darkTop + size + quiet > H + 1e-6) {
    problems.push({ at: theme.qrAt, message: `${label}: the code with its quiet zone (${mm(size + 2 * quiet)} mm) does not fit on the card beside the padding and under the band: make qr size smaller in ${theme.file}` });
  }
  const figure: Role = { kind: 'figure', block: `card-${card.name}-${side}-qr`, alt: qrAlt(p) };
  ops.push(qrOp(p, symbol, theme.qr, darkLeft - quiet, darkTop - quiet, figure));
  ops.push({ kind: 'link', x: darkLeft - quiet, y: darkTop - quiet, width: symbol.outer, height: symbol.outer, target: { url: p.url }, text: p.title, role: figure });

  // Guidance from the code's top down, the address up from its foot.
  const left = theme.padding;
  const room = darkLeft - theme.codeGap - left;
  const guidance = set(texts.guidance, theme.type.guidance, room, ctx);
  const url = addressLines(texts.url, room, theme.type.url.style, theme.type.url.size, measurer, breaker);
  const gLead = theme.type.guidance.leading;
  const uLead = theme.type.url.leading;
  const urlTop = darkTop + size - url.length * uLead;
  const textBottom = darkTop + guidance.lines.length * gLead + (guidance.lines.length > 0 ? gLead / 2 : 0);
  if (guidance.cut) problems.push({ at: texts.at.guidance, message: `${label}: a word of the guidance is wider than the space beside the code (${mm(room)} mm): shorten it, or make that space wider in ${theme.file} (padding, qr size, codeGap)` });
  else if (url.some((l) => l.width > room + 1e-6)) {
    problems.push({ at: p.shortUrlAt, message: `${label}: a part of the address "${texts.url}" is wider than the space beside the code (${mm(room)} mm): give a shorter "shortUrl:"` });
  } else if (textBottom > urlTop + 1e-6) {
    problems.push({
      at: texts.at.guidance,
      message:
        `${label}: the guidance (${guidance.lines.length} line${guidance.lines.length === 1 ? '' : 's'}) and the address ` +
        `(${url.length} line${url.length === 1 ? '' : 's'}) need ${mm(textBottom - darkTop + url.length * uLead)} mm beside the code, ` +
        `there are ${mm(size)} mm: shorten the guidance here, or give the publication a shorter "shortUrl:" (${p.shortUrlAt.file}:${p.shortUrlAt.line})`,
    });
  }
  const paragraph = (part: string): Role => ({ kind: 'paragraph', block: `card-${card.name}-${side}-${part}` });
  guidance.lines.forEach((line, i) => ops.push(...textOps(line, theme.type.guidance, left, darkTop + i * gLead, theme.colours.text, paragraph('guidance'), lang)));
  url.forEach((line, i) => {
    const set: SetLine = { fragments: [{ x: 0, text: line.text, style: theme.type.url.style, width: line.width }], width: line.width };
    // The address is the words of its link, and breaks inside itself: its lines join without a space.
    const words = textOps(set, theme.type.url, left, urlTop + i * uLead, theme.colours.url, paragraph('url'), undefined);
    ops.push(...words.map((op): Op => (op.kind === 'text' ? { ...op, link: { url: p.url }, ...(i < url.length - 1 ? { joinsNext: true } : {}) } : op)));
  });
  if (url.length > 0) {
    const w = Math.max(...url.map((l) => l.width));
    ops.push({ kind: 'link', x: left, y: urlTop, width: w, height: url.length * uLead, target: { url: p.url }, text: texts.url, role: paragraph('url') });
  }
  for (const op of ops) {
    if (op.kind !== 'text') continue;
    for (const ch of measurer.missing(op.text, op.style)) {
      problems.push({ at: p.at, message: `${label}: the character "${ch}" (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}) is not in the card's font: replace it` });
    }
  }
  return { ops, problems };
}

function renderTexts(card: Card, p: Publication, theme: CardTheme, label: string, problems: Problem[]) {
  const t = theme.texts.get(p.language)!;
  const data = { id: p.id, language: p.language, title: p.title, description: p.description, url: p.url, shortUrl: p.shortUrl, card: card.name };
  const out: Partial<Record<CardTextName, string>> = {};
  for (const name of ['title', 'guidance', 'url'] as const) {
    try {
      out[name] = t.render[name](data).replace(/\s+/g, ' ').trim();
    } catch (e) {
      const { reason, expected } = templateReason(e instanceof Error ? e.message : String(e), 'a card');
      problems.push({ at: t.at[name], message: `${label}: the template of the ${name} cannot be filled in (${reason}): ${expected ? `expected ${expected}; ` : ''}it may use ${Object.keys(data).map((k) => `{{${k}}}`).join(' ')}` });
      return undefined;
    }
  }
  return { ...(out as Record<CardTextName, string>), at: t.at as Readonly<Record<CardTextName, SourcePos>> };
}

function set(text: string, style: TextStyle, width: number, ctx: FaceContext): { lines: readonly SetLine[]; cut: boolean } {
  if (text === '') return { lines: [], cut: false };
  const r = setText([{ text, style: style.style }], style.size, () => width, ctx.measurer, ctx.breaker);
  return { lines: r.lines, cut: r.emergencyBreaks > 0 };
}

function textOps(line: SetLine, style: TextStyle, x: number, top: number, colour: string, role: Role, lang: string | undefined): Op[] {
  const y = top + baseline(style);
  return line.fragments.map((f) => ({
    kind: 'text' as const, x: x + f.x, y, text: f.text, style: f.style, size: style.size, colour, width: f.width, role, ...(lang ? { lang } : {}),
  }));
}
