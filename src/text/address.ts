// Where an address (a URL, an e-mail address) too long for a line may break: the Chicago
// Manual's rule — after a slash, or before a dot, hyphen, underscore, question mark, ampersand,
// equals sign, number sign or tilde, so that the character at a line's start shows the address
// goes on — and never with a drawn hyphen, which would change the address. One rule for
// addresses in text and under QR codes.

/**
 * Whether a word is (or holds) an address: a scheme, www., an @, a domain with a path, or a
 * path of its own (two slashes between letters, or a slash and a file name: "rad-og-fore/bygging/
 * veileder.pdf"), as a writer quotes part of an address. "og/eller" is a word, not a path.
 */
export function isAddress(word: string): boolean {
  return (
    word.includes('://') ||
    /^[("'«]*www\./i.test(word) ||
    /\S@\S/.test(word) ||
    /\p{L}\.\p{L}{2,}\//u.test(word) ||
    /[\p{L}\d]\/[^/\s]+\/[\p{L}\d]/u.test(word) ||
    /[\p{L}\d]\/[^/\s]*\.(?:pdf|html?|aspx?|php|docx?|xlsx?)\b/iu.test(word)
  );
}

const BEFORE = new Set([...'.-_?&=#~@'].map((c) => c.charCodeAt(0)));
const SLASH = 47;

/**
 * Offsets in `address` where a line may end. Not inside the scheme's "://", not before a
 * character that ends the address (a final dot or a closing bracket stays with what it ends),
 * and never leaving fewer than two characters on a line.
 */
export function addressBreaks(address: string): number[] {
  const out: number[] = [];
  const scheme = address.indexOf('://');
  const first = scheme >= 0 ? scheme + 3 : 0;
  const n = address.length;
  // Punctuation that closes the text around the address is not part of it.
  let end = n;
  while (end > 0 && /[)\]"'»”.,:;!?]/.test(address[end - 1]!)) end--;
  for (let i = Math.max(first, 2); i <= end - 2; i++) {
    const prev = address.charCodeAt(i - 1);
    const c = address.charCodeAt(i);
    if (prev === SLASH && c !== SLASH) out.push(i);
    else if (BEFORE.has(c) && prev !== SLASH && !BEFORE.has(prev)) out.push(i);
  }
  return out;
}
