// How far V8's young generation may grow. The shipped program's launcher (scripts/bundle.mjs)
// starts every process with it at V8's smallest, semi-spaces of 1 MB that do not grow: nearly
// everything a build allocates lives until the PDF is written (the parsed issue, the set lines,
// the laid-out pages), so a young generation grown to V8's usual 16 MB catches little more
// garbage, and costs some 30 MB of memory touched for the first time, which is dear where a page
// fault is (11 to 16 µs on the machine the aims were first measured on). There, with nothing kept,
// the reference issue builds in 0.93 to 0.97 times the time, with a peak of 106 against 134 MiB
// (11 and 15 pairs in turn); at ten and twenty times its size the two are level (12 and 5 pairs).
// Where a page fault costs 1.6 µs it still wins a little: 0.96 and 0.99 times (9 pairs each order).
//
// Past that, collecting the young generation a megabyte at a time costs more than it saves
// (thirty times the reference: 5.6 against 4.8 s), so a build of such an issue lets V8 grow it
// as it would by default. So does watch, whose process lives on from build to build: memory it
// touched once is touched again by the next rebuild, which with the small young generation took
// 128 and 93 ms against 85 and 82 ms (the bench's title and article edits).
import { setFlagsFromString } from 'node:v8';

/** Articles past which a build lets the young generation grow (the reference issue has 102, its standing pages' included; twenty times it 862, thirty times 1,262). */
export const LARGE_ISSUE_ARTICLES = 1000;

/** Lets V8 grow the young generation as it would by default. */
export function growYoungGeneration(): void {
  setFlagsFromString('--semi-space-growth-factor=2');
}

/** Lets the young generation grow when the issue has more articles than `LARGE_ISSUE_ARTICLES`. */
export function sizeYoungGeneration(articles: number): void {
  if (articles > LARGE_ISSUE_ARTICLES) growYoungGeneration();
}
