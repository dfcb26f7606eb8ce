// A small shaper for the scripts the newsletter uses (Latin, Cyrillic, Sámi): glyphs from the
// font's character map, pair kerning (GPOS 'kern' pair adjustments) and standard ligatures
// (GSUB 'liga'). fontkit's general shaper decodes whole OpenType tables and runs every lookup
// for every glyph, about 0.1 ms a word; this one reads the few records it needs straight from
// the font file's bytes, and caches each pair. A test compares it with fontkit on every word
// of the reference issue.
import type { Shaped } from './measure.js';

interface Glyph {
  readonly id: number;
  readonly codePoints: readonly number[];
  readonly advanceWidth: number;
}

/** The parts of a fontkit font this shaper uses: character map and glyph metrics. */
export interface GlyphSource {
  glyphForCodePoint(cp: number): Glyph;
  getGlyph(id: number, codePoints?: number[]): Glyph;
}

export class Shaper {
  private readonly pairTables: number[];
  private readonly ligatureTables: number[];
  private readonly kerning = new Map<number, number>();
  private readonly glyphs = new Map<number, Glyph>();
  private readonly advances = new Map<number, number>();
  private readonly ligatureStarts = new Map<number, boolean>();
  private readonly view: DataView;
  /** The font's character map and advances read from its bytes, where it has a kind this shaper reads (else fontkit's glyphs). */
  private readonly metrics: Metrics | undefined;
  /** Glyphs made here, by glyph id: as fontkit does, a glyph keeps the code points it was first made for. */
  private readonly byId = new Map<number, Glyph>();

  constructor(private readonly font: GlyphSource, bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const tables = tableDirectory(this.view);
    this.pairTables = featureSubtables(this.view, tables.get('GPOS'), 'kern', 2, 9);
    this.ligatureTables = featureSubtables(this.view, tables.get('GSUB'), 'liga', 4, 7);
    this.metrics = readMetrics(this.view, tables);
  }

  /** Whether the font has a glyph for a code point (not .notdef), as fontkit's hasGlyphForCodePoint says. */
  has(cp: number): boolean {
    return (this.metrics ? this.metrics.glyphId(cp) : this.font.glyphForCodePoint(cp).id) !== 0;
  }

  shape(text: string): Shaped {
    let glyphs: Glyph[] = [];
    let ligatures = false;
    for (let i = 0; i < text.length; i++) {
      let cp = text.charCodeAt(i);
      if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
        const low = text.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          cp = (cp - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
          i++;
        }
      }
      const g = this.glyph(cp);
      glyphs.push(g);
      if (!ligatures && this.startsLigature(g.id)) ligatures = true;
    }
    // Most words hold no glyph that begins a ligature: they are not walked again.
    if (ligatures) glyphs = this.ligate(glyphs);
    const positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }[] = new Array(glyphs.length);
    let advanceWidth = 0;
    for (let i = 0; i < glyphs.length; i++) {
      const g = glyphs[i]!;
      const xAdvance = this.advance(g) + (i + 1 < glyphs.length ? this.kern(g.id, glyphs[i + 1]!.id) : 0);
      positions[i] = { xAdvance, yAdvance: 0, xOffset: 0, yOffset: 0 };
      advanceWidth += xAdvance;
    }
    return { glyphs, positions, advanceWidth };
  }

  private glyph(cp: number): Glyph {
    let g = this.glyphs.get(cp);
    if (!g) this.glyphs.set(cp, (g = this.metrics ? this.made(this.metrics.glyphId(cp), [cp]) : this.font.glyphForCodePoint(cp)));
    return g;
  }

  /**
   * The glyph `id` as fontkit's getGlyph gives it, without fontkit's glyph object (whose
   * constructor looks up each code point's Unicode category, and whose advance decodes the
   * glyph's outline): id, code points and advance.
   */
  private made(id: number, codePoints: number[]): Glyph {
    let g = this.byId.get(id);
    if (!g) this.byId.set(id, (g = { id, codePoints, advanceWidth: this.metrics!.advance(id) }));
    return g;
  }

  private advance(g: Glyph): number {
    let a = this.advances.get(g.id);
    if (a === undefined) this.advances.set(g.id, (a = g.advanceWidth));
    return a;
  }

  /** Whether a glyph is covered by a ligature subtable (may begin a ligature), asked once per glyph. */
  private startsLigature(id: number): boolean {
    let starts = this.ligatureStarts.get(id);
    if (starts === undefined) {
      starts = false;
      const v = this.view;
      for (const t of this.ligatureTables) if (v.getUint16(t) === 1 && coverageIndex(v, t + v.getUint16(t + 2), id) >= 0) starts = true;
      this.ligatureStarts.set(id, starts);
    }
    return starts;
  }

  private ligate(glyphs: Glyph[]): Glyph[] {
    const out: Glyph[] = [];
    for (let i = 0; i < glyphs.length; ) {
      const lig = this.startsLigature(glyphs[i]!.id) ? this.ligatureAt(glyphs, i) : undefined;
      if (lig) {
        const parts = glyphs.slice(i, i + lig.length);
        const codePoints = parts.flatMap((p) => [...p.codePoints]);
        out.push(this.metrics ? this.made(lig.glyph, codePoints) : this.font.getGlyph(lig.glyph, codePoints));
        i += lig.length;
      } else out.push(glyphs[i++]!);
    }
    return out;
  }

  /** GSUB LigatureSubst format 1: the first ligature whose components follow glyph i. */
  private ligatureAt(glyphs: readonly Glyph[], i: number): { glyph: number; length: number } | undefined {
    const v = this.view;
    for (const t of this.ligatureTables) {
      if (v.getUint16(t) !== 1) continue;
      const index = coverageIndex(v, t + v.getUint16(t + 2), glyphs[i]!.id);
      if (index < 0) continue;
      const set = t + v.getUint16(t + 6 + 2 * index);
      const count = v.getUint16(set);
      for (let l = 0; l < count; l++) {
        const lig = set + v.getUint16(set + 2 + 2 * l);
        const components = v.getUint16(lig + 2) - 1;
        let match = true;
        for (let k = 0; k < components && match; k++) match = glyphs[i + 1 + k]?.id === v.getUint16(lig + 4 + 2 * k);
        if (match) return { glyph: v.getUint16(lig), length: components + 1 };
      }
    }
    return undefined;
  }

  private kern(left: number, right: number): number {
    const key = left * 65536 + right;
    let k = this.kerning.get(key);
    if (k === undefined) {
      k = 0;
      for (const t of this.pairTables) {
        const value = pairAdjustment(this.view, t, left, right);
        if (value !== undefined) {
          k = value;
          break;
        }
      }
      this.kerning.set(key, k);
    }
    return k;
  }
}

/** A font's character map and horizontal advances. */
interface Metrics {
  glyphId(cp: number): number;
  advance(id: number): number;
}

/** The character maps fontkit prefers, in its order: (platform, encoding). */
const PREFERRED_CMAPS: readonly (readonly [number, number])[] = [[3, 10], [0, 6], [0, 4], [3, 1], [0, 3], [0, 2], [0, 1], [0, 0]];

/**
 * The character map fontkit would use (the first of its preferred subtables the font has),
 * when it is of format 4 or 12, and the advances of the hmtx table; undefined for a variable
 * font or another kind of map, which fontkit's glyphs then serve. Looked up as fontkit does.
 */
function readMetrics(v: DataView, tables: ReadonlyMap<string, number>): Metrics | undefined {
  const cmap = tables.get('cmap');
  const hhea = tables.get('hhea');
  const hmtx = tables.get('hmtx');
  if (cmap === undefined || hhea === undefined || hmtx === undefined || tables.has('fvar')) return undefined;
  const count = v.getUint16(cmap + 2);
  let sub = -1;
  for (const [platform, encoding] of PREFERRED_CMAPS) {
    for (let i = 0; i < count && sub < 0; i++) {
      const record = cmap + 4 + 8 * i;
      if (v.getUint16(record) === platform && v.getUint16(record + 2) === encoding) sub = cmap + v.getUint32(record + 4);
    }
    if (sub >= 0) break;
  }
  if (sub < 0) return undefined;
  const longMetrics = v.getUint16(hhea + 34);
  // Glyphs past the long metrics have the last one's advance.
  const advance = (id: number) => (longMetrics === 0 ? 0 : v.getUint16(hmtx + 4 * (id < longMetrics ? id : longMetrics - 1)));
  const format = v.getUint16(sub);
  if (format === 4) {
    const segments = v.getUint16(sub + 6) / 2;
    const ends = sub + 14;
    const starts = sub + 16 + 2 * segments;
    const deltas = starts + 2 * segments;
    const rangeOffsets = deltas + 2 * segments;
    const indexes = rangeOffsets + 2 * segments;
    const indexCount = (v.getUint16(sub + 2) - (16 + 8 * segments)) / 2;
    const glyphId = (cp: number) => {
      let min = 0;
      let max = segments - 1;
      while (min <= max) {
        const mid = (min + max) >> 1;
        const start = v.getUint16(starts + 2 * mid);
        if (cp < start) max = mid - 1;
        else if (cp > v.getUint16(ends + 2 * mid)) min = mid + 1;
        else {
          const rangeOffset = v.getUint16(rangeOffsets + 2 * mid);
          const delta = v.getInt16(deltas + 2 * mid);
          if (rangeOffset === 0) return (cp + delta) & 0xffff;
          const index = rangeOffset / 2 + (cp - start) - (segments - mid);
          let gid = index >= 0 && index < indexCount && Number.isInteger(index) ? v.getUint16(indexes + 2 * index) : 0;
          if (gid !== 0) gid += delta;
          return gid & 0xffff;
        }
      }
      return 0;
    };
    return { glyphId, advance };
  }
  if (format === 12) {
    const groups = v.getUint32(sub + 12);
    const glyphId = (cp: number) => {
      let min = 0;
      let max = groups - 1;
      while (min <= max) {
        const mid = (min + max) >> 1;
        const group = sub + 16 + 12 * mid;
        const start = v.getUint32(group);
        if (cp < start) max = mid - 1;
        else if (cp > v.getUint32(group + 4)) min = mid + 1;
        else return v.getUint32(group + 8) + (cp - start);
      }
      return 0;
    };
    return { glyphId, advance };
  }
  return undefined;
}

/** Offsets of the font's tables, by tag. */
function tableDirectory(v: DataView): Map<string, number> {
  const tables = new Map<string, number>();
  const count = v.getUint16(4);
  for (let i = 0; i < count; i++) {
    const record = 12 + 16 * i;
    const tag = String.fromCharCode(v.getUint8(record), v.getUint8(record + 1), v.getUint8(record + 2), v.getUint8(record + 3));
    tables.set(tag, v.getUint32(record + 8));
  }
  return tables;
}

/** Absolute offsets of the subtables of `type` in the lookups of a feature, extensions unwrapped. */
function featureSubtables(v: DataView, table: number | undefined, tag: string, type: number, extension: number): number[] {
  if (table === undefined) return [];
  const featureList = table + v.getUint16(table + 6);
  const lookupList = table + v.getUint16(table + 8);
  const indexes = new Set<number>();
  const features = v.getUint16(featureList);
  for (let f = 0; f < features; f++) {
    const record = featureList + 2 + 6 * f;
    const t = String.fromCharCode(v.getUint8(record), v.getUint8(record + 1), v.getUint8(record + 2), v.getUint8(record + 3));
    if (t !== tag) continue;
    const feature = featureList + v.getUint16(record + 4);
    const n = v.getUint16(feature + 2);
    for (let k = 0; k < n; k++) indexes.add(v.getUint16(feature + 4 + 2 * k));
  }
  const out: number[] = [];
  for (const index of [...indexes].sort((a, b) => a - b)) {
    const lookup = lookupList + v.getUint16(lookupList + 2 + 2 * index);
    const lookupType = v.getUint16(lookup);
    const subtables = v.getUint16(lookup + 4);
    for (let s = 0; s < subtables; s++) {
      const sub = lookup + v.getUint16(lookup + 6 + 2 * s);
      if (lookupType === type) out.push(sub);
      else if (lookupType === extension && v.getUint16(sub + 2) === type) out.push(sub + v.getUint32(sub + 4));
    }
  }
  return out;
}

/** GPOS PairPos (formats 1 and 2): the first glyph's advance adjustment, or undefined if the subtable does not apply. */
function pairAdjustment(v: DataView, t: number, left: number, right: number): number | undefined {
  const format = v.getUint16(t);
  const index = coverageIndex(v, t + v.getUint16(t + 2), left);
  if (index < 0) return undefined;
  const vf1 = v.getUint16(t + 4);
  const vf2 = v.getUint16(t + 6);
  const size1 = valueRecordSize(vf1);
  const advance = (record: number) => (vf1 & 0x0004 ? v.getInt16(record + 2 * bits(vf1 & 0x0003)) : 0);
  if (format === 1) {
    const set = t + v.getUint16(t + 10 + 2 * index);
    const stride = 2 + size1 + valueRecordSize(vf2);
    let lo = 0;
    let hi = v.getUint16(set) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const record = set + 2 + mid * stride;
      const second = v.getUint16(record);
      if (second === right) return advance(record + 2);
      if (second < right) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }
  if (format === 2) {
    const class1 = classOf(v, t + v.getUint16(t + 8), left);
    const class2 = classOf(v, t + v.getUint16(t + 10), right);
    const class2Count = v.getUint16(t + 14);
    const stride = size1 + valueRecordSize(vf2);
    return advance(t + 16 + (class1 * class2Count + class2) * stride);
  }
  return undefined;
}

function bits(n: number): number {
  let c = 0;
  for (; n; n &= n - 1) c++;
  return c;
}

function valueRecordSize(format: number): number {
  return 2 * bits(format & 0xff);
}

function coverageIndex(v: DataView, c: number, glyph: number): number {
  const format = v.getUint16(c);
  let lo = 0;
  let hi = v.getUint16(c + 2) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (format === 1) {
      const g = v.getUint16(c + 4 + 2 * mid);
      if (g === glyph) return mid;
      if (g < glyph) lo = mid + 1;
      else hi = mid - 1;
    } else {
      const r = c + 4 + 6 * mid;
      const start = v.getUint16(r);
      const end = v.getUint16(r + 2);
      if (glyph < start) hi = mid - 1;
      else if (glyph > end) lo = mid + 1;
      else return v.getUint16(r + 4) + glyph - start;
    }
  }
  return -1;
}

function classOf(v: DataView, c: number, glyph: number): number {
  if (v.getUint16(c) === 1) {
    const start = v.getUint16(c + 2);
    const i = glyph - start;
    return i >= 0 && i < v.getUint16(c + 4) ? v.getUint16(c + 6 + 2 * i) : 0;
  }
  let lo = 0;
  let hi = v.getUint16(c + 2) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = c + 4 + 6 * mid;
    if (glyph < v.getUint16(r)) hi = mid - 1;
    else if (glyph > v.getUint16(r + 2)) lo = mid + 1;
    else return v.getUint16(r + 4);
  }
  return 0;
}
