// The layout's templates (layout/theme.ts compile): plain ones ({{name}} and text) are filled in
// without Handlebars, and must give what Handlebars gives; everything else is Handlebars' own.
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/layout/theme.js';

const data = { name: '2025-4', number: 4, year: 2025, period: 'oktober–desember 2025', date: '9. januar 2026', heading: 'NIM-loven {{x}} <b>&', page: 0, empty: '' };
const handlebars = (t: string, d: Record<string, unknown>) => {
  try {
    return Handlebars.compile(t, { noEscape: true, strict: true })(d);
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
};
const ours = (t: string, d: Record<string, unknown>) => {
  try {
    return compile(t)(d);
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
};

describe('layout templates', () => {
  it.each([
    'Nyhetsbrev fra KOM',
    '',
    'Nr. {{number}} – {{year}}',
    '{{period}}',
    '{{ heading }} forts.',
    '{{name}}.pdf',
    '{{name}}{{number}}{{year}}',
    'side {{page}}{{empty}}.',
    '{{{name}}}',
    '{{~name}} x',
    '{{!comment}}{{name}}',
    '\\{{name}} {{name}}',
    '{ {{name}} }',
    '{{missing}}',
    '{{this}}',
    '{{log}}',
    '{{constructor}}',
    '{{name.length}}',
    '{{#if name}}ja{{/if}}',
  ])('%j gives what Handlebars gives', (t) => {
    expect(ours(t, data)).toBe(handlebars(t, data));
  });

  it('leaves values other than strings and numbers to Handlebars', () => {
    for (const v of [true, false, null, undefined, ['a', 'b'], { a: 1 }]) {
      expect(ours('x {{v}} y', { v })).toBe(handlebars('x {{v}} y', { v }));
    }
  });
});
