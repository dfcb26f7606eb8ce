// An issue file read part by part: the lines before `sections:`, and each item of its
// `sections:`. A load with the items an earlier load made reads again only the items whose text
// changed, and gives what a load of the whole file gives: the same issue, at the places the file
// has now, and the same problems, said as the whole file says them.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadIssue, type KeptReading, type KeptSection } from '../../src/issue/load.js';
import { issueParts } from '../../src/issue/parts.js';
import { InputError } from '../../src/issue/problems.js';
import { project, referenceProject } from '../helpers/project.js';
import { publications } from '../helpers/publications.js';

const header = `number: 1
year: 2026
period: januar–mars 2026
date: 2026-04-01
`;

describe('an issue file cut into parts', () => {
  it('gives its header and each item of sections: with the line it starts on', () => {
    const text = `${header}sections:\n  # first\n  - title: Én\n    articles:\n      - heading: A\n\n        body: [x]\n  - standing: tools\n  # the back page\n  - standing: back\n`;
    const parts = issueParts(text)!;
    expect(parts.header).toBe(header);
    expect(parts.sections).toEqual([
      { text: '  - title: Én\n    articles:\n      - heading: A\n\n        body: [x]\n', line: 7 },
      { text: '  - standing: tools\n  # the back page\n', line: 12 },
      { text: '  - standing: back\n\n', line: 14 },
    ]);
    // Items at the left edge are cut as well.
    expect(issueParts(`${header}sections:\n- standing: tools\n- standing: back\n`)!.sections.map((s) => s.line)).toEqual([6, 7]);
  });

  it('is not cut where the cut could be wrong', () => {
    for (const text of [
      `${header}`, // no sections
      `${header}sections: [{ standing: tools }]\n`, // a flow list
      `${header}sections:\n  - standing: tools\nlanguage: nn\n`, // a key after the list
      `${header}sections:\n  - standing: tools\n---\n`, // a document marker
      `${header}sections:\n  - standing: tools\n - standing: back\n`, // an item further left
      `${header}sections:\n\t- standing: tools\n`, // a tab
      `${header}sections:\r\n  - standing: tools\r\n`, // carriage returns
      `${header}sections:\n  standing: tools\n`, // not a list
    ]) {
      expect(issueParts(text), JSON.stringify(text)).toBeUndefined();
    }
  });
});

/** A cache of kept items that counts what the load made anew. */
function keeping(): KeptReading & { sections: Map<string, KeptSection>; made: () => number } {
  const sections = new Map<string, KeptSection>();
  let made = 0;
  return {
    files: new Map(),
    inlines: new Map(),
    sections: { get: (k: string) => sections.get(k), set: (k: string, v: KeptSection) => ((made++), sections.set(k, v)) } as unknown as Map<string, KeptSection>,
    made: () => {
      const n = made;
      made = 0;
      return n;
    },
  };
}

async function problemsOf(load: Promise<unknown>): Promise<string[]> {
  try {
    await load;
  } catch (e) {
    if (e instanceof InputError) return e.problems.map((p) => `${p.at ? `${p.at.file}:${p.at.line}:${p.at.column}: ` : ''}${p.message}`);
    throw e;
  }
  return [];
}

describe('an issue loaded with the parts an earlier load made', () => {
  it('gives the reference issue as a load of the whole file does, and after lines are added above a part, its places as they are now', async () => {
    const p = referenceProject('nyhetsbrev-parts-');
    const cache = keeping();
    const whole = await loadIssue(p.issue);
    expect(await loadIssue(p.issue, { kept: cache })).toEqual(whole);
    expect(cache.made()).toBe(whole.sections.length);
    expect(await loadIssue(p.issue, { kept: cache })).toEqual(whole);
    expect(cache.made()).toBe(0);

    // Two paragraphs more in the first section: it is read again, the others are taken as kept,
    // their places two lines further down.
    const file = join(p.issue, 'issue.yaml');
    const text = readFileSync(file, 'utf8');
    const at = text.indexOf('          - picture: pictures/nasjonal-strategi');
    writeFileSync(file, text.slice(0, at) + '          - Et nytt avsnitt.\n          - Og ett til.\n' + text.slice(at));
    const edited = await loadIssue(p.issue, { kept: cache });
    expect(cache.made()).toBe(1);
    const fresh = await loadIssue(p.issue);
    expect(edited).toEqual(fresh);
    expect(fresh.sections[2]!.articles[0]!.headingAt.line).toBe(whole.sections[2]!.articles[0]!.headingAt.line + 2);
  }, 60_000);

  it('reads a part again when a file it read has changed: its standing page, the publication list, a picture gone', async () => {
    const issue = `${header}sections:\n  - title: Én\n    articles:\n      - heading: NKVTS\n        body:\n          - Tekst.\n          - picture: pictures/a.png\n            alt: Et bilde\n  - standing: tools\n`;
    const tools = (title: string) => `title: ${title}\narticles:\n  - heading: Verktøy\n    id: verktoy\n    body:\n      - qr: veileder-nb\n`;
    const png = readFileSync(join(__dirname, '..', '..', 'assets', 'pictures', 'logo-kom.png'));
    const p = project({ 'issues/x/issue.yaml': issue, 'issues/x/pictures/a.png': png, 'assets/standing/tools.yaml': tools('Verktøy'), 'assets/publications.yaml': publications });
    const cache = keeping();
    await loadIssue(p.issue, { kept: cache });
    expect(cache.made()).toBe(2);

    writeFileSync(join(p.root, 'assets', 'standing', 'tools.yaml'), tools('Nye verktøy'));
    const standing = await loadIssue(p.issue, { kept: cache });
    expect(cache.made()).toBe(1);
    expect(standing.sections[1]!.title).toBe('Nye verktøy');
    expect(standing).toEqual(await loadIssue(p.issue));

    writeFileSync(join(p.root, 'assets', 'publications.yaml'), publications.replace(/title: .*/, 'title: En ny tittel'));
    const listed = await loadIssue(p.issue, { kept: cache });
    expect(cache.made()).toBe(1);
    expect(listed).toEqual(await loadIssue(p.issue));

    rmSync(join(p.issue, 'pictures', 'a.png'));
    const gone = await problemsOf(loadIssue(p.issue, { kept: cache }));
    expect(gone).toEqual(await problemsOf(loadIssue(p.issue)));
    expect(gone).toEqual([expect.stringMatching(/issue\.yaml:11:22: picture file "pictures\/a\.png" does not exist/)]);
  });

  it('says the problems of a part as a load of the whole file says them, all of them at once', async () => {
    const good = `${header}sections:\n  - title: Én\n    articles:\n      - heading: NKVTS\n        body:\n          - Tekst.\n  - title: To\n    articles:\n      - heading: IMDi\n        body:\n          - Mer tekst.\n`;
    const p = project({ 'issues/x/issue.yaml': good });
    const cache = keeping();
    await loadIssue(p.issue, { kept: cache });
    const file = join(p.issue, 'issue.yaml');
    for (const bad of [
      good.replace('  - title: To\n', '  - title: To\n    colums: 2\n'), // a key misspelt in the second part
      good.replace('Mer tekst.', 'Se [IMDi](#finnes-ikke).').replace('Tekst.', '[lenke](ftp://x)'), // problems in both parts
      good.replace('year: 2026', 'year: tjuesekstjue'), // the header
      good.replace('          - Mer tekst.', '          - Mer tekst.\n        body:\n          - Igjen.'), // a key twice
    ]) {
      writeFileSync(file, bad);
      const said = await problemsOf(loadIssue(p.issue, { kept: cache }));
      expect(said.length, bad).toBeGreaterThan(0);
      expect(said).toEqual(await problemsOf(loadIssue(p.issue)));
    }
  });
});
