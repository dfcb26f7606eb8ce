// The schema is the one source of truth: the committed JSON Schema and the README follow it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonSchemaKeys } from '../src/issue/check.js';
import { issueJsonSchema } from '../src/issue/schema.js';
import { repo } from './helpers/project.js';

describe('issue schema', () => {
  it('issue.schema.json is up to date (run "npm run schema" after changing src/issue/schema.ts)', () => {
    const committed = JSON.parse(readFileSync(join(repo, 'issue.schema.json'), 'utf8'));
    expect(committed).toEqual(issueJsonSchema());
  });

  it('the README documents every key of the issue file', () => {
    const readme = readFileSync(join(repo, 'README.md'), 'utf8');
    const all = jsonSchemaKeys(issueJsonSchema());
    expect(all.length).toBeGreaterThan(15);
    for (const k of all) expect(readme, `README does not mention the key "${k}"`).toMatch(new RegExp('`' + k + ':?`'));
  });
});
