// The publication list (assets/publications.yaml) → checked publications. Read with positions
// like the issue file, so every mistake is reported as file:line:column.
import { join, relative } from 'node:path';
import type { Publication } from '../model/types.js';
import { checkAgainst, editDistance } from './check.js';
import { urlProblem } from './inline.js';
import { failIfAny, type Problem } from './problems.js';
import { publicationList } from './schema.js';
import { YamlSource } from './yaml-source.js';

export interface PublicationList {
  /** The file as named in messages. */
  readonly file: string;
  /** In the order of the file. */
  readonly publications: readonly Publication[];
  readonly byId: ReadonlyMap<string, Publication>;
}

export function publicationsFile(projectRoot: string): string {
  return join(projectRoot, 'assets', 'publications.yaml');
}

/** Reads and checks a publication list; every problem of the file is collected. */
export function readPublications(file: string): { list?: PublicationList; problems: Problem[] } {
  const name = displayName(file);
  const { source, problems } = YamlSource.read(file, name);
  if (!source) return { problems };
  const checked = checkAgainst(publicationList, source);
  if (!checked.value) return { problems: checked.problems };

  const out: Problem[] = [];
  const byId = new Map<string, Publication>();
  const publications = checked.value.publications.map((p, i): Publication => {
    const path = ['publications', i];
    const at = source.at([...path, 'id']);
    const other = byId.get(p.id);
    if (other) out.push({ at, message: `two publications have the id "${p.id}" (the other at line ${other.at.line}): expected a unique "id:" for each` });
    const problem = urlProblem(p.url);
    if (problem) out.push({ at: source.at([...path, 'url']), message: problem });
    const shortUrl = p.shortUrl ?? (problem ? p.url : shortAddress(p.url));
    const shortUrlAt = source.at([...path, p.shortUrl === undefined ? 'url' : 'shortUrl']);
    if (p.shortUrl !== undefined && !problem) {
      const why = shortUrlProblem(p.shortUrl, p.url);
      if (why) out.push({ at: shortUrlAt, message: why });
    }
    const publication: Publication = {
      id: p.id,
      language: p.language,
      title: p.title,
      description: p.description,
      url: p.url,
      shortUrl,
      ...(p.card === undefined ? {} : { card: p.card }),
      at,
      titleAt: source.at([...path, 'title']),
      shortUrlAt,
    };
    if (!other) byId.set(p.id, publication);
    return publication;
  });
  out.push(...cardProblems(publications));
  return out.length > 0 ? { problems: out } : { list: { file: name, publications, byId }, problems: [] };
}

export function loadPublications(file: string): PublicationList {
  const { list, problems } = readPublications(file);
  failIfAny(problems);
  return list!;
}

/** A card has at most one version of its publication in each language. */
function cardProblems(publications: readonly Publication[]): Problem[] {
  const seen = new Map<string, Publication>();
  const problems: Problem[] = [];
  for (const p of publications) {
    if (p.card === undefined) continue;
    const key = `${p.card}\u0000${p.language}`;
    const other = seen.get(key);
    if (other) {
      problems.push({
        at: p.at,
        message: `card "${p.card}" has two publications in "${p.language}" ("${other.id}" and "${p.id}"): expected one per language, each card side holds one`,
      });
    } else seen.set(key, p);
  }
  return problems;
}

/** The message for an id no publication has: the known ids, the likely one first. */
export function unknownPublication(id: string, list: PublicationList): string {
  const ids = [...list.byId.keys()];
  const close = ids.filter((k) => editDistance(k, id) <= 2 || k.startsWith(`${id}-`));
  const hint = close.length > 0 ? ` (did you mean "${close[0]}"?)` : '';
  return `unknown publication "${id}"${hint}: expected one of the ids in ${list.file}: ${ids.join(', ')}`;
}

/**
 * The readable form of an address: host without "www.", and of the path only its last part,
 * "politiet.no/…/veileder.pdf". It always names the real site, so readers can tell where the
 * code leads.
 */
export function shortAddress(url: string): string {
  const u = new URL(url);
  const host = u.hostname.replace(/^www\./, '');
  const parts = u.pathname.split('/').filter((s) => s !== '');
  const trailing = u.pathname.endsWith('/') && parts.length > 0 ? '/' : '';
  const last = parts.length > 0 ? decode(parts[parts.length - 1]!) + trailing : '';
  if (parts.length === 0) return host;
  return parts.length === 1 ? `${host}/${last}` : `${host}/…/${last}`;
}

/** A printed address must name the same site as the code's, or readers are misled. */
function shortUrlProblem(shortUrl: string, url: string): string | undefined {
  let printed: URL;
  try {
    printed = new URL(/^https?:\/\//.test(shortUrl) ? shortUrl : `https://${shortUrl.replace(/…/g, 'x')}`);
  } catch {
    return `short address "${shortUrl}" is not an address: expected the site and path as a reader types them, like politiet.no/menneskehandel`;
  }
  const site = (h: string) => h.replace(/^www\./, '');
  const expected = site(new URL(url).hostname);
  if (site(printed.hostname) !== expected) {
    return `short address "${shortUrl}" is on "${site(printed.hostname)}" but the code leads to "${expected}": expected a short address on ${expected}, so that readers see where the code leads`;
  }
  return undefined;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function displayName(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}
