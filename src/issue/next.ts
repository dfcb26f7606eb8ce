// The next issue, made from the last one: number, year and period follow on by quarter; the
// sections keep their titles (a title naming the period gets the new one); standing pages and
// their overrides are kept; every article keeps its heading and gets one placeholder paragraph.
// Pure: issue data in, issue data out, with an account of what was done.
import { DATE_PLACEHOLDER, type ArticleFile, type BlockFile, type IssueFile } from './schema.js';

/** The paragraph every emptied article gets: clearly not real text, found again by `check`. */
export const TEXT_PLACEHOLDER = '[Skriv teksten her]';

export const QUARTERS = ['januar–mars', 'april–juni', 'juli–september', 'oktober–desember'] as const;

export interface NextIssue {
  readonly data: IssueFile;
  /** Titles that were given the new period: [old, new]. */
  readonly retitled: readonly (readonly [string, string])[];
  readonly articles: number;
  /** Pictures and logos of the old issue's own folder that were left out (pictures are not copied). */
  readonly leftOut: number;
  readonly standing: number;
}

/** Number and year of the issue after this one: four a year, nr. 1 after nr. 4. */
export function following(number: number, year: number): { number: number; year: number } {
  return number >= 4 ? { number: 1, year: year + 1 } : { number: number + 1, year };
}

/**
 * `relocate` turns a file path as the old issue wrote it into one for the new issue's folder, or
 * undefined for a file of the old issue's own folder (not copied).
 */
export function nextIssue(prev: IssueFile, relocate: (path: string) => string | undefined): NextIssue {
  const { number, year } = following(prev.number, prev.year);
  const months = QUARTERS[number - 1]!;
  const period = `${months} ${year}`;
  const oldMonths = prev.period.replace(/\s*\d{4}\s*$/, '');
  const retitle = (title: string): string => {
    let t = title.split(prev.period).join(period);
    if (oldMonths && oldMonths !== prev.period) t = t.split(oldMonths).join(months);
    return t;
  };
  const retitled: [string, string][] = [];
  let articles = 0;
  let leftOut = 0;
  let standing = 0;
  const emptied = (a: ArticleFile): ArticleFile => {
    articles++;
    const logo = a.logo ? relocate(a.logo.src) : undefined;
    if (a.logo && !logo) leftOut++;
    leftOut += a.body.filter((b) => typeof b === 'object' && 'picture' in b).length;
    return {
      heading: a.heading,
      ...(a.id ? { id: a.id } : {}),
      ...(a.language ? { language: a.language } : {}),
      ...(a.logo && logo ? { logo: { ...a.logo, src: logo } } : {}),
      body: [TEXT_PLACEHOLDER],
    };
  };
  /** An override of a standing page is kept as written, but for pictures of the old folder. */
  const kept = (a: ArticleFile): ArticleFile => {
    const logo = a.logo ? relocate(a.logo.src) : undefined;
    if (a.logo && !logo) leftOut++;
    const body = a.body.flatMap((b): BlockFile[] => {
      if (typeof b !== 'object' || !('picture' in b)) return [b];
      const moved = relocate(b.picture);
      if (!moved) leftOut++;
      return moved ? [{ ...b, picture: moved }] : [];
    });
    const { logo: _old, ...rest } = a;
    return { ...rest, ...(a.logo && logo ? { logo: { ...a.logo, src: logo } } : {}), body: body.length > 0 ? body : [TEXT_PLACEHOLDER] };
  };
  const sections = prev.sections.map((s) => {
    if ('standing' in s) {
      standing++;
      return { ...s, ...(s.articles ? { articles: s.articles.map(kept) } : {}) };
    }
    const title = s.title === undefined ? undefined : retitle(s.title);
    if (s.title !== undefined && title !== s.title) retitled.push([s.title, title!]);
    return { ...s, ...(title === undefined ? {} : { title }), articles: s.articles.map(emptied) };
  });
  const data: IssueFile = {
    number,
    year,
    period,
    date: DATE_PLACEHOLDER,
    ...(prev.language ? { language: prev.language } : {}),
    sections,
  };
  return { data, retitled, articles, leftOut, standing };
}
