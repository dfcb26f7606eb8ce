// An issue file cut into its parts: the lines before `sections:` (number, year, period, date,
// language) and each item of its `sections:` list as it stands in the file. A build that kept
// the sections an earlier build loaded (see `loadIssue`) reads again only the parts whose text
// changed. Cut by lines, not by YAML: a file this cannot cut surely is read whole.

/** One item of `sections:`: its lines as they stand in the file, and the line it starts on. */
export interface SectionPart {
  readonly text: string;
  readonly line: number;
}

/**
 * The file's header and its sections' items, or undefined where the file is not cut so surely:
 * `sections:` not a key of its own line at the left edge, anything but its items after it (a key
 * after the list, a document marker), a tab or a carriage return in the file's indentation.
 * Every line after `sections:` belongs to the item above it, but blank lines and comments
 * before the first.
 */
export function issueParts(text: string): { header: string; sections: SectionPart[] } | undefined {
  if (text.includes('\r') || text.includes('\t')) return undefined;
  const lines = text.split('\n');
  const at = lines.findIndex((l) => /^sections:[ ]*(#.*)?$/.test(l));
  if (at < 0) return undefined;
  let indent = -1;
  const starts: number[] = [];
  for (let i = at + 1; i < lines.length; i++) {
    const line = lines[i]!;
    const blank = /^ *(#.*)?$/.test(line);
    if (indent < 0) {
      if (blank) continue;
      const item = /^( *)-( |$)/.exec(line);
      if (!item) return undefined;
      indent = item[1]!.length;
    }
    const own = /^ */.exec(line)![0].length;
    if (own === indent && /^ *-( |$)/.test(line)) starts.push(i);
    // Deeper: a line of the item above; at the list's own indentation or left of it, only a comment or blank.
    else if (own <= indent && !blank) return undefined;
  }
  if (starts.length === 0) return undefined;
  const sections = starts.map((start, k) => ({
    text: lines.slice(start, starts[k + 1] ?? lines.length).join('\n') + '\n',
    line: start + 1,
  }));
  return { header: lines.slice(0, at).join('\n') + '\n', sections };
}
