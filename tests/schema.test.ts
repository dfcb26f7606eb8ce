// The schema is the one source of truth: the committed JSON Schema and the README follow it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { issueJsonSchema } from '../src/issue/schema.js';
import { repo } from './helpers/project.js';

function keys(node: unknown, out = new Set<string>()): Set<string> {
  if (node && typeof node === 'object') {
    const props = (node as { properties?: object }).properties;
    if (props) for (const k of Object.keys(props)) out.add(k);
    for (const v of Object.values(node)) keys(v, out);
  }
  return out;
}

describe('issue schema', () => {
  it('issue.schema.json is up to date (run "npm run schema" after changing src/issue/schema.ts)', () => {
    const committed = JSON.parse(readFileSync(join(repo, 'issue.schema.json'), 'utf8'));
    expect(committed).toEqual(issueJsonSchema());
  });

  it('the README documents every key of the issue file', () => {
    const readme = readFileSync(join(repo, 'README.md'), 'utf8');
    const all = [...keys(issueJsonSchema())];
    expect(all.length).toBeGreaterThan(15);
    for (const k of all) expect(readme, `README does not mention the key "${k}"`).toMatch(new RegExp('`' + k + ':?`'));
  });
});
