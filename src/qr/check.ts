// Before layout: every QR code of an issue can be printed at the layout's size.
import type { Problem } from '../issue/problems.js';
import type { Issue } from '../model/types.js';
import { moduleProblem } from './symbol.js';
import type { QrStyle } from './style.js';

export function checkQrCodes(issue: Issue, style: QrStyle, layoutName: string): Problem[] {
  const problems: Problem[] = [];
  for (const article of issue.sections.flatMap((s) => s.articles)) {
    for (const block of article.body) {
      if (block.kind !== 'qr') continue;
      for (const p of block.codes) {
        const problem = moduleProblem(p, style, block.at, layoutName);
        if (problem) problems.push(problem);
      }
    }
  }
  return problems;
}
