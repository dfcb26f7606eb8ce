// Inline Markdown (*kursiv*, **fet**, [tekst](url), [side](#id)) to styled runs, through
// markdown-it. HTML is off and nothing is evaluated: the text stays literal.
import MarkdownIt from 'markdown-it';
import type { Inline, LinkTarget, Run, Style } from '../model/types.js';
import type { Problem } from './problems.js';
import type { Path, YamlSource } from './yaml-source.js';

const md = new MarkdownIt('zero', { html: false, linkify: false, typographer: false }).enable([
  'emphasis',
  'link',
  'autolink',
  'escape',
  'backticks',
  'newline',
  'entity',
]);
md.inline.ruler.before('link', 'lang', languageSpan);
// We check addresses ourselves (with positions) instead of letting markdown-it silently drop them,
// and keep them exactly as written.
md.validateLink = () => true;
md.normalizeLink = (url: string) => url;
md.normalizeLinkText = (text: string) => text;

type InlineState = Parameters<Parameters<typeof md.inline.ruler.before>[2]>[0];

/**
 * `[words]{lang=sv}`: words in another language (markdown-it-attrs' and Pandoc's bracketed
 * span). The words inside are read as inline Markdown as usual; `{lang=…}` must follow the
 * closing bracket at once. A bracket not followed by it is left to the link rule.
 */
function languageSpan(state: InlineState, silent: boolean): boolean {
  const start = state.pos;
  if (state.src.charCodeAt(start) !== 0x5b /* [ */) return false;
  const end = state.md.helpers.parseLinkLabel(state, start, false);
  if (end < 0) return false;
  const attrs = /^\{\s*lang\s*=\s*"?([^\s"}]*)"?\s*\}/.exec(state.src.slice(end + 1));
  if (!attrs) return false;
  if (!silent) {
    const open = state.push('lang_open', 'span', 1);
    open.attrSet('lang', attrs[1]!);
    open.info = attrs[0];
    const [pos, max] = [state.pos, state.posMax];
    state.pos = start + 1;
    state.posMax = end;
    state.md.inline.tokenize(state);
    state.pos = pos;
    state.posMax = max;
    state.push('lang_close', 'span', -1);
  }
  state.pos = end + 1 + attrs[0].length;
  return true;
}

// Made when first asked (ICU's display names cost about 20 ms to set up): a build that finds
// every text parsed before (see KeptReading in load.ts), or whose spans are all in
// COMMON_LANGUAGES, checks no code with it.
let languageNames: Intl.DisplayNames | undefined;

/** Codes ICU names (a test checks each): the languages KOM's partners write in, taken as they are. */
export const COMMON_LANGUAGES: ReadonlySet<string> = new Set(['nb', 'nn', 'no', 'sv', 'da', 'is', 'fi', 'en', 'de', 'fr', 'es', 'pl', 'lt', 'lv', 'et', 'ru', 'uk', 'ro', 'se', 'sma', 'smj']);

/** The language code of `{lang=…}` if it names a language (BCP 47: sv, en, en-GB, se, sma …), or why not. */
export function checkLanguage(code: string): string | undefined {
  if (COMMON_LANGUAGES.has(code)) return undefined;
  const valid = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/.test(code);
  let name: string | undefined;
  try {
    name = valid ? (languageNames ??= new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' })).of(code) : undefined;
  } catch {
    name = undefined;
  }
  return name ? undefined : `"${code}" is not a language code: expected a code like sv (Swedish), en (English), nn (Nynorsk) or se (Northern Sami), as in [Människohandel]{lang=sv}`;
}

export function parseInline(text: string, path: Path, source: YamlSource, problems: Problem[]): Inline {
  const runs: Run[] = [];
  let bold = 0;
  let italic = 0;
  let link: LinkTarget | undefined;
  const langs: (string | undefined)[] = [];
  let lang: string | undefined;
  const tokens = md.parseInline(text, {})[0]?.children ?? [];
  for (const t of tokens) {
    switch (t.type) {
      case 'lang_open': {
        const code = String(t.attrGet('lang') ?? '');
        const problem = checkLanguage(code);
        if (problem) problems.push({ at: source.within(path, t.info), message: problem });
        langs.push(lang);
        if (!problem) lang = code;
        break;
      }
      case 'lang_close': lang = langs.pop(); break;
      case 'strong_open': bold++; break;
      case 'strong_close': bold--; break;
      case 'em_open': italic++; break;
      case 'em_close': italic--; break;
      case 'link_open': {
        const href = t.attrGet('href') ?? '';
        link = checkLink(String(href), path, source, problems);
        break;
      }
      case 'link_close': link = undefined; break;
      case 'softbreak':
      case 'hardbreak':
        push(runs, ' ', style(bold, italic), link, false, lang);
        break;
      case 'code_inline':
        // `tekst`: printed as it is, and never split.
        push(runs, t.content, style(bold, italic), link, true, lang);
        break;
      case 'text':
      case 'html_inline':
        push(runs, t.content, style(bold, italic), link, false, lang);
        break;
      default:
        push(runs, t.content, style(bold, italic), link, false, lang);
    }
  }
  brokenLinks(text, tokens, path, source, problems);
  return { runs: normaliseSpaces(runs), at: source.at(path) };
}

/**
 * `[her](http://exa mple.no/)` is not a link to markdown-it (an address cannot hold a space), so
 * it would be printed as it stands: a link the writer meant and the reader never gets.
 */
function brokenLinks(text: string, tokens: readonly { type: string; content: string }[], path: Path, source: YamlSource, problems: Problem[]): void {
  const literal = tokens.filter((t) => t.type === 'text').map((t) => t.content).join('');
  if (!literal.includes('](')) return;
  let found = false;
  for (const m of text.matchAll(/\[([^\]\n]*)\]\(([^)\n]*)\)/g)) {
    if (!literal.includes(`](${m[2]}`)) continue;
    found = true;
    const why = urlProblem(m[2]!.trim()) ?? `"${m[0]}" looks like a link but cannot be read as one`;
    problems.push({ at: source.within(path, m[0]), message: `${why} (in "${m[0]}", which would be printed as it stands instead of as a link "${m[1]}")` });
  }
  if (!found) {
    problems.push({ at: source.within(path, ']('), message: 'a link is not closed: expected [words](https://address) with a ")" after the address' });
  }
}

function style(bold: number, italic: number): Style {
  if (bold > 0 && italic > 0) return 'boldItalic';
  if (bold > 0) return 'bold';
  return italic > 0 ? 'italic' : 'regular';
}

function push(runs: Run[], text: string, s: Style, link: LinkTarget | undefined, whole = false, lang?: string): void {
  if (text === '') return;
  const last = runs[runs.length - 1];
  if (last && last.style === s && last.link === link && (last.whole === true) === whole && last.lang === lang) runs[runs.length - 1] = { ...last, text: last.text + text };
  else runs.push({ text, style: s, ...(link ? { link } : {}), ...(whole ? { whole: true as const } : {}), ...(lang ? { lang } : {}) });
}

/** Collapses runs of white space to one space and trims the ends: layout decides all spacing. */
export function normaliseSpaces(runs: Run[]): Run[] {
  const out: Run[] = [];
  let prevSpace = true;
  for (const r of runs) {
    // Inside a run no two spaces are left side by side: only its first may follow another.
    let text = r.text.replace(/[\t\n\r ]+/g, ' ');
    if (prevSpace && text.startsWith(' ')) text = text.slice(1);
    if (text) {
      out.push({ ...r, text });
      prevSpace = text.endsWith(' ');
    }
  }
  const last = out[out.length - 1];
  if (last?.text.endsWith(' ')) {
    const trimmed = last.text.slice(0, -1);
    if (trimmed) out[out.length - 1] = { ...last, text: trimmed };
    else out.pop();
  }
  return out;
}

export function checkLink(href: string, path: Path, source: YamlSource, problems: Problem[]): LinkTarget | undefined {
  if (href.startsWith('#')) {
    const id = href.slice(1);
    if (/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id)) return { kind: 'article', id, at: source.within(path, href) };
    problems.push({ at: source.within(path, href), message: `cross-reference "${href}" is not an article id: expected "#" and an id like "#nkvts"` });
    return undefined;
  }
  const problem = urlProblem(href);
  if (problem) {
    problems.push({ at: source.within(path, href || '](') , message: problem });
    return undefined;
  }
  return { kind: 'url', url: href };
}

/** Why an address is refused, or undefined if it is a usable http(s) or mailto link. */
export function urlProblem(href: string): string | undefined {
  if (href === '') return 'empty link address: expected an address like https://www.example.no/ or mailto:name@example.no';
  if (/\s/.test(href)) return `link address "${href}" contains a space: expected an address without spaces (write a space as %20)`;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return `link address "${href}" is not a complete address: expected it to start with https://, http:// or mailto:`;
  }
  if (url.protocol === 'mailto:') {
    return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(decodeURIComponent(url.pathname)) ? undefined : `e-mail link "${href}" has no valid address: expected mailto:name@example.no`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `link address "${href}" uses "${url.protocol}": only https://, http:// and mailto: links are allowed`;
  }
  if (!url.hostname.includes('.')) return `link address "${href}" has no valid host name: expected something like https://www.example.no/`;
  return undefined;
}
