// Line breaking behind a small interface, so that a better breaker (total-fit, with
// hyphenation) can replace the first one without touching layout.

export interface BreakItem {
  readonly width: number;
  /** Width of the space after the item, when the line goes on. */
  readonly space: number;
}

/** A line holds items [start, end). */
export interface LineSpan {
  readonly start: number;
  readonly end: number;
}

/** `lineWidth(i)` is the width available to the i-th line. Every item must fit a line alone. */
export type LineBreaker = (items: readonly BreakItem[], lineWidth: (line: number) => number) => LineSpan[];

/** First fit: each line takes as many items as fit. */
export const greedyBreaker: LineBreaker = (items, lineWidth) => {
  const lines: LineSpan[] = [];
  let start = 0;
  let width = 0;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const withItem = i === start ? item.width : width + items[i - 1]!.space + item.width;
    if (i > start && withItem > lineWidth(lines.length) + 1e-6) {
      lines.push({ start, end: i });
      start = i;
      width = item.width;
    } else width = withItem;
  }
  if (start < items.length) lines.push({ start, end: items.length });
  return lines;
};
