// Reads a YAML file keeping positions, so that every later check can say file:line:column.
import { readFileSync } from 'node:fs';
import { LineCounter, isMap, isNode, isPair, isScalar, parseDocument, type Document, type Node } from 'yaml';
import type { Problem, SourcePos } from './problems.js';

export type Path = readonly (string | number)[];

export class YamlSource {
  private constructor(
    readonly file: string,
    readonly text: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** Parses a file; YAML syntax errors come back as problems with their positions. */
  static read(path: string, displayName: string): { source?: YamlSource; problems: Problem[] } {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return { problems: [{ message: `${displayName}: cannot read the file (does it exist?)` }] };
    }
    return YamlSource.parse(text, displayName);
  }

  static parse(text: string, displayName: string): { source?: YamlSource; problems: Problem[] } {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, strict: true });
    const source = new YamlSource(displayName, text, doc, lines);
    const problems = doc.errors.map((e) => ({
      at: source.posOf(e.pos[0]),
      message: `YAML syntax: ${yamlMessage(e.message)}`,
    }));
    return problems.length > 0 ? { problems } : { source, problems };
  }

  data(): unknown {
    return this.doc.toJS();
  }

  posOf(offset: number): SourcePos {
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, column: col };
  }

  private node(path: Path): Node | undefined {
    const n = this.doc.getIn(path, true);
    return isNode(n) ? n : undefined;
  }

  /** Position of the value at `path`, or of its nearest existing parent. */
  at(path: Path): SourcePos {
    for (let n = path.length; n >= 0; n--) {
      const node = this.node(path.slice(0, n));
      if (node?.range) return this.posOf(node.range[0]);
    }
    return this.posOf(0);
  }

  /** Position of a key inside the mapping at `path`. */
  keyAt(path: Path, key: string): SourcePos {
    const map = this.node(path);
    if (isMap(map)) {
      for (const item of map.items) {
        if (isPair(item) && isScalar(item.key) && item.key.value === key && item.key.range) {
          return this.posOf(item.key.range[0]);
        }
      }
    }
    return this.at(path);
  }

  /**
   * Position of `needle` inside the scalar at `path`: exact for the usual case where the needle
   * appears literally in the source, else the scalar's start.
   */
  within(path: Path, needle: string): SourcePos {
    const node = this.node(path);
    if (node?.range) {
      const [start, , end] = node.range;
      const found = this.text.indexOf(needle, start);
      if (found >= 0 && found < end) return this.posOf(found);
      return this.posOf(start);
    }
    return this.at(path);
  }
}

function yamlMessage(message: string): string {
  // The yaml library appends its own "at line x, column y" and a code excerpt; we give positions ourselves.
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
