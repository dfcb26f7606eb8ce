// Mistakes a user can make when printing QR cards: the place and what was expected, exit status
// 1 (2 for a wrong command line), and no PDF.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { project, repo, run } from '../helpers/project.js';
import { publications } from '../helpers/publications.js';

/** The real card layout, with its fonts found from a temporary project. */
const cardLayout = readFileSync(join(repo, 'layouts', 'cards.yaml'), 'utf8').replace(/fonts\//g, `${join(repo, 'fonts')}/`);

async function cards(files: { list?: string; layout?: string }, args: string[] = []) {
  const p = project({ 'assets/publications.yaml': files.list ?? publications, 'layouts/cards.yaml': files.layout ?? cardLayout });
  const r = await run(['cards', '--publications', join(p.root, 'assets/publications.yaml'), '--layout', join(p.root, 'layouts/cards.yaml'), '--out', p.out, ...args]);
  return { ...r, written: existsSync(p.out) };
}

async function fails(files: { list?: string; layout?: string }, args: string[] = [], code = 1) {
  const r = await cards(files, args);
  expect(r.code, r.err).toBe(code);
  expect(r.written).toBe(false);
  expect(r.err).not.toMatch(/\n\s+at /);
  return r.err;
}

describe('nyhetsbrev cards: bad input', () => {
  it('makes cards from the valid fixtures (so each failure below is caused by its one change)', async () => {
    const r = await cards({});
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Wrote .*: 1 card \(veileder\), 2 pages/);
    // One card: as many as fit, nine, on a landscape sheet.
    expect(r.out).toMatch(/9 cards a sheet \(9 veileder\), 3 × 3 on 297 × 210 mm landscape/);
    expect(r.out).toMatch(/flipping on the short edge/);
  });

  it('--profile print with a card layout that has no print part, or a print colour missing, or a profile that is not CMYK', async () => {
    const noPrint = cardLayout.slice(0, cardLayout.indexOf('\n# cards --profile print')) + cardLayout.slice(cardLayout.indexOf('\nmetadata:'));
    expect(await fails({ layout: noPrint }, ['--profile', 'print'])).toMatch(/cards --profile print needs a "print:" part with the CMYK value of each colour/);
    const noUrl = cardLayout.replace(/\n    url: \[90, 55, 0, 15\]/, '');
    expect(await fails({ layout: noUrl }, ['--profile', 'print'])).toMatch(/cards\.yaml:\d+:\d+: .*url/);
    const rgbProfile = cardLayout.replace('  fileName: "qr-kort-trykk.pdf"', `  condition: { profile: ${join(repo, 'fonts', 'OFL.txt')}, name: FOGRA39, info: x }\n  fileName: "qr-kort-trykk.pdf"`);
    expect(await fails({ layout: rgbProfile }, ['--profile', 'print'])).toMatch(/cards\.yaml:\d+:\d+: .*OFL\.txt is not a CMYK output profile \(ICC\)/);
    expect(await fails({}, ['--profile', 'press'], 2)).toMatch(/unknown profile "press": expected "screen" or "print"/);
  });

  it('an address that is not https', async () => {
    const err = await fails({ list: publications.replace('https://www.politiet.no/globalassets/veileder.pdf', 'http://www.politiet.no/veileder.pdf') });
    expect(err).toContain('publications.yaml:6:10: found the text "http://www.politiet.no/veileder.pdf", expected an https:// address');
  });

  it('a title too long for the card: an error naming the card and side, never a clipped line', async () => {
    const long = 'Veileder for identifisering av mulige ofre for menneskehandel og for alle som møter dem i arbeidet sitt, i Norge og i utlandet';
    const err = await fails({ list: publications.replace('title: Veileder for identifisering av mulige ofre for menneskehandel', `title: ${long}`) });
    expect(err).toMatch(/publications\.yaml:4:12: card "veileder", front \(veileder-nb\): the title "Veileder for .*" needs 4 lines, the card's band holds 3: shorten "title:" or make the band taller in .*cards\.yaml/);
  });

  it('guidance too long to stand beside the code', async () => {
    const layout = cardLayout.replace('guidance: "Scan the code with your phone camera to open the PDF."', 'guidance: "Scan the code with the camera of your phone or tablet to open the PDF of this publication, which you can also read on a computer, a tablet or print out on paper to read it wherever you like, at home, at work or on the way between them."');
    const err = await fails({ layout });
    expect(err).toMatch(/cards\.yaml:\d+:15: card "veileder", back \(veileder-en\): the guidance \(\d lines\) and the address \(\d lines?\) need [\d.]+ mm beside the code, there are 27\.0 mm/);
  });

  it('an address with a part too wide to stand beside the code', async () => {
    const err = await fails({ list: publications.replace('    card: veileder\n', '    shortUrl: politiet.no/veiledertilidentifiseringavmuligeofreformenneskehandel\n    card: veileder\n') });
    expect(err).toMatch(/publications\.yaml:7:15: card "veileder", front \(veileder-nb\): a part of the address .* is wider than the space beside the code/);
  });

  it('a sheet size that holds no card', async () => {
    const err = await fails({ layout: cardLayout.replace('sheet: { width: 210, height: 297 }', 'sheet: { width: 100, height: 60 }') });
    expect(err).toMatch(/cards\.yaml:6:8: a sheet of 100 × 60 mm holds no card of 85 × 55 mm with its crop marks and the printer's margin: expected a sheet of at least 111 × 81 mm/);
  });

  it('more cards a sheet than fit, or --per-sheet with --single: a wrong command line (status 2)', async () => {
    expect(await fails({}, ['--per-sheet', '12'], 2)).toContain('--per-sheet 12: at most 9 cards of 85 × 55 mm fit on a sheet of 210 × 297 mm with crop marks');
    expect(await fails({}, ['--per-sheet', 'mange'], 2)).toContain('--per-sheet "mange": expected a whole number of cards, at least 1');
    expect(await fails({}, ['--per-sheet', '4', '--single'], 2)).toContain('--per-sheet and --single do not go together');
  });

  it('a template that uses a name a card does not have', async () => {
    const err = await fails({ layout: cardLayout.replace('    title: "{{title}}"\n    guidance: "Skann', '    title: "{{tittel}}"\n    guidance: "Skann') });
    expect(err).toMatch(/cards\.yaml:\d+:12: card "veileder", front \(veileder-nb\): the template of the title cannot be filled in \(.*tittel.*\): it may use \{\{id\}\} \{\{language\}\} \{\{title\}\}/);
  });

  it('a card with no publication for its front, and one in a language cards do not carry', async () => {
    const err = await fails({ list: publications.replace('language: nb', 'language: sv') });
    expect(err).toContain('publications.yaml:2:9: "veileder-nb" is on card "veileder" but in "sv": a card has "nb" on its front and "en" on its back');
    expect(err).toMatch(/publications\.yaml:2:9: card "veileder" has no publication in "nb" for its front/);
  });

  it('a card with no English version gets a blank back, with a warning', async () => {
    const r = await cards({ list: publications.split('  - id: veileder-en')[0]! });
    expect(r.code).toBe(0);
    expect(r.err).toContain('warning: card "veileder" has no publication in "en": its back is left blank');
  });

  it('a layout whose gutter lets one card\'s bleed print on the next, or whose crop marks stand in the bleed', async () => {
    const err = await fails({ layout: cardLayout.replace('gutter: 6 ', 'gutter: 4 ').replace('offset: 3 ', 'offset: 1 ') });
    expect(err).toMatch(/cards\.yaml:7:9: gutter 4 mm is less than twice the bleed \(3 mm\): expected at least 6/);
    expect(err).toMatch(/cards\.yaml:10:11: crop marks 1 mm from the cut would stand in the bleed \(3 mm\): expected an offset of at least 3/);
  });

  it('a layout without texts for the back\'s language', async () => {
    const err = await fails({ layout: cardLayout.replace('back: en', 'back: de') });
    expect(err).toMatch(/cards\.yaml:\d+:7: no card texts for "de": expected an entry "de:" under "texts:" \(there are: nb, en\)/);
  });

  it('a missing publication list', async () => {
    const p = project({ 'layouts/cards.yaml': cardLayout });
    const r = await run(['cards', '--publications', join(p.root, 'finnes-ikke.yaml'), '--layout', join(p.root, 'layouts/cards.yaml'), '--out', p.out]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/finnes-ikke\.yaml: cannot read the file/);
  });
});
