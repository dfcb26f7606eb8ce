// Colour the way the standards want it: the file's OutputIntent (the sRGB of screens for PDF/A,
// the press's CMYK condition for PDF/X) with its ICC profile embedded, and pictures written in
// an ICC-based colour space (sRGB) instead of DeviceRGB, which PDF/X does not take and which a
// print shop's RIP would otherwise have to guess.
import { readFileSync } from 'node:fs';
import type { Conformance } from './profile.js';

type Pdf = PDFKit.PDFDocument;

interface Ref {
  readonly data: Record<string, unknown>;
  write(chunk: Uint8Array): void;
  end(chunk?: Uint8Array): void;
}

interface RefMaker {
  ref(data?: Record<string, unknown>): Ref;
  readonly _root: { data: Record<string, unknown> };
}

const profiles = new Map<string, Buffer>();
function profileBytes(path: string): Buffer {
  let b = profiles.get(path);
  if (!b) profiles.set(path, (b = readFileSync(path)));
  return b;
}

export class ColourSpaces {
  private readonly pdf: RefMaker;
  private srgb?: Ref;

  constructor(pdf: Pdf, private readonly conformance: Conformance, private readonly srgbProfile: string) {
    this.pdf = pdf as unknown as RefMaker;
  }

  /** Writes the OutputIntent into the catalog (once, any time before the document ends). */
  writeOutputIntent(): void {
    const { intent } = this.conformance;
    const profile = intent.components === 3 && intent.profile === this.srgbProfile ? this.srgbStream() : this.iccStream(intent.profile, intent.components);
    const ref = this.pdf.ref({
      Type: 'OutputIntent',
      S: intent.subtype,
      OutputConditionIdentifier: new String(intent.condition),
      Info: new String(intent.info),
      ...(intent.registry ? { RegistryName: new String(intent.registry) } : {}),
      DestOutputProfile: profile,
    });
    ref.end();
    this.pdf._root.data.OutputIntents = [ref];
  }

  /**
   * Paints a picture (`paint` calls pdfkit's image()) with DeviceRGB in the picture's colour
   * space written as ICC-based sRGB: pdfkit sets the colour space as it creates the image
   * object, which happens inside `paint` the first time a picture is drawn.
   */
  picture(paint: () => void): void {
    const pdf = this.pdf;
    const ref = pdf.ref;
    const icc = () => ['ICCBased', this.srgbStream()];
    const mapSpace = (cs: unknown): unknown => {
      if (cs === 'DeviceRGB') return icc();
      if (Array.isArray(cs) && cs[0] === 'Indexed' && cs[1] === 'DeviceRGB') return ['Indexed', icc(), ...cs.slice(2)];
      return cs;
    };
    pdf.ref = function (this: RefMaker, data?: Record<string, unknown>) {
      const made = ref.call(this, data);
      if (data?.Subtype === 'Image') {
        let space = mapSpace(data.ColorSpace);
        Object.defineProperty(made.data, 'ColorSpace', {
          configurable: true,
          enumerable: true,
          get: () => space,
          set: (v: unknown) => void (space = mapSpace(v)),
        });
      }
      return made;
    };
    try {
      paint();
    } finally {
      pdf.ref = ref;
    }
  }

  private srgbStream(): Ref {
    if (!this.srgb) this.srgb = this.iccStream(this.srgbProfile, 3);
    return this.srgb;
  }

  private iccStream(path: string, n: 3 | 4): Ref {
    const bytes = profileBytes(path);
    const ref = this.pdf.ref({ N: n });
    ref.end(bytes);
    return ref;
  }
}
