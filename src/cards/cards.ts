// Publications → cards: the publications sharing a `card:` name are one card, the version in the
// front language on its front and the one in the back language on its back.
import type { PublicationList } from '../issue/publications.js';
import type { Problem } from '../issue/problems.js';
import type { Publication } from '../model/types.js';
import type { CardTheme } from './theme.js';

export interface Card {
  readonly name: string;
  readonly front: Publication;
  /** Missing when the publication has no version in the back language: the back stays blank. */
  readonly back?: Publication;
}

export function cardsOf(list: PublicationList, theme: CardTheme): { cards: Card[]; problems: Problem[]; warnings: string[] } {
  const byName = new Map<string, Publication[]>();
  for (const p of list.publications) {
    if (p.card === undefined) continue;
    byName.set(p.card, [...(byName.get(p.card) ?? []), p]);
  }
  const cards: Card[] = [];
  const problems: Problem[] = [];
  const warnings: string[] = [];
  for (const [name, pubs] of byName) {
    const front = pubs.find((p) => p.language === theme.front);
    const back = pubs.find((p) => p.language === theme.back);
    for (const p of pubs.filter((q) => q !== front && q !== back)) {
      problems.push({
        at: p.at,
        message: `"${p.id}" is on card "${name}" but in "${p.language}": a card has "${theme.front}" on its front and "${theme.back}" on its back (${theme.file}); remove its "card:" or change the card's languages`,
      });
    }
    if (!front) {
      problems.push({ at: pubs[0]!.at, message: `card "${name}" has no publication in "${theme.front}" for its front: expected one with "language: ${theme.front}" and "card: ${name}"` });
      continue;
    }
    if (!back) warnings.push(`card "${name}" has no publication in "${theme.back}": its back is left blank`);
    cards.push({ name, front, ...(back ? { back } : {}) });
  }
  if (cards.length === 0 && problems.length === 0) {
    problems.push({ message: `${list.file}: no publication has "card:": expected "card: <name>" on the publications to print as QR cards` });
  }
  return { cards, problems, warnings };
}
