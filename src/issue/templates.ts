// Handlebars templates written in layout and mail files, tried on sample data when the file is
// read, so that a mistake is reported at the template's place, in plain words, before anything is
// built. Handlebars' own wording ("Parse error on line 1 … Expecting 'ID', got 'INVALID'") never
// reaches the user.
import Handlebars from 'handlebars';

/**
 * Why `text` cannot be filled in with `sample`, or undefined when it can. `names` lists what the
 * template may use, as the message should show it: "{{name}}", "{{number}}" …
 */
export function templateProblem(text: string, sample: Record<string, unknown>, names: readonly string[], escape = false): string | undefined {
  try {
    Handlebars.compile(text, { noEscape: !escape, strict: true })(sample);
    return undefined;
  } catch (e) {
    return plainTemplateError(e instanceof Error ? e.message : String(e), names);
  }
}

/** A handlebars error in plain words: what is wrong, and what was expected. */
export function plainTemplateError(message: string, names: readonly string[]): string {
  const allowed = names.length === 1 ? names[0]! : `one of ${names.join(', ')}`;
  const { reason, expected } = templateReason(message);
  return `${reason}: expected ${expected ?? allowed}`;
}

/**
 * What is wrong with a template, from handlebars' error message: `reason` says it, `expected` is
 * set when the mistake has an expectation of its own (else: the names the template may use).
 */
export function templateReason(message: string, owner = 'it'): { reason: string; expected?: string } {
  const unknown = /^"([^"]+)" not defined/.exec(message);
  if (unknown) return { reason: `the template uses "{{${unknown[1]}}}", which ${owner} does not have` };
  const helper = /^Missing helper: "([^"]+)"/.exec(message);
  if (helper) return { reason: `the template uses "{{${helper[1]} …}}", which is neither a name nor a helper ${owner} has` };
  const block = /^#?(\w+) requires exactly one argument|^Must pass iterator to #(\w+)/.exec(message);
  if (block) {
    const name = block[1] ?? block[2];
    return { reason: `"{{#${name}}}" in the template has no name after it`, expected: `{{#${name} name}}…{{/${name}}}` };
  }
  if (/^The partial/.test(message)) return { reason: 'the template uses a partial ("{{> …}}"), which templates here cannot' };
  if (/^Parse error/.test(message)) {
    // Handlebars shows the line and a caret under the place it gave up: say what stands there.
    const [, line = '', caret = ''] = message.split('\n');
    const column = Math.max(0, caret.indexOf('^'));
    // Up to 20 characters before that place and 10 after, in whole words.
    const start = Math.max(0, column - 20);
    const before = line.slice(start, column).replace(start > 0 ? /^\S*\s/ : /^/, '').replace(/^\.\.\./, '');
    const after = line.slice(column, column + 10).replace(/\s\S*$/, '');
    const near = `${before}${after}`.trim();
    const got = /got '(\w+)'$/.exec(message)?.[1];
    const what =
      got === 'EOF' ? 'it ends before a "{{#…}}" is closed by its "{{/…}}"'
      : got === 'OPEN_ENDBLOCK' ? 'a "{{/…}}" closes a block that was never opened'
      : got === 'CLOSE_UNESCAPED' || got === 'CLOSE' ? 'the braces around a name do not match'
      : 'a "{{" is not closed by "}}"';
    return { reason: `the template cannot be read${near ? ` near "${near}"` : ''}: ${what}`, expected: 'names in double braces, each {{#…}} closed by its {{/…}}' };
  }
  return { reason: 'the template cannot be filled in' };
}
