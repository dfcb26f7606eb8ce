// The cards command and the publication list's schema on the command line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonSchemaKeys } from '../../src/issue/check.js';
import { publicationsJsonSchema } from '../../src/issue/schema.js';
import { repo, run } from '../helpers/project.js';

describe('the cards command', () => {
  it('is in the help, with every option in its own help', async () => {
    expect((await run(['--help'])).out).toMatch(/nyhetsbrev cards \[--publications FILE\] \[--out FILE\] \[--per-sheet N\] \[--single\]/);
    const h = await run(['cards', '--help']);
    expect(h.code).toBe(0);
    for (const o of ['--publications', '--out', '--per-sheet', '--single', '--layout', '--help']) expect(h.out).toContain(o);
  });

  it('runs when started through a link, as npx starts it', () => {
    const link = join(mkdtempSync(join(tmpdir(), 'nyhetsbrev-bin-')), 'nyhetsbrev');
    symlinkSync(join(repo, 'dist', 'bin', 'nyhetsbrev.js'), link);
    const r = spawnSync(process.execPath, [link, 'cards', '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('nyhetsbrev cards [options]');
  });

  it('refuses unknown options and stray arguments with status 2', async () => {
    expect((await run(['cards', '--fast'])).code).toBe(2);
    expect((await run(['cards', 'assets/publications.yaml'])).code).toBe(2);
  });
});

describe('the publication list schema', () => {
  it('publications.schema.json is up to date (run "npm run schema")', () => {
    expect(JSON.parse(readFileSync(join(repo, 'publications.schema.json'), 'utf8'))).toEqual(publicationsJsonSchema());
  });

  it('is printed by "schema --publications"', async () => {
    const r = await run(['schema', '--publications']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual(publicationsJsonSchema());
  });

  it('the README documents every key of the publication list', () => {
    const readme = readFileSync(join(repo, 'README.md'), 'utf8');
    for (const k of jsonSchemaKeys(publicationsJsonSchema())) expect(readme, `README does not mention the key "${k}"`).toMatch(new RegExp('`' + k + ':?`'));
  });
});
