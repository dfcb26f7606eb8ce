// A throw-away project folder with one issue, for tests of what users write.
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import sharp from 'sharp';
import { main } from '../../src/cli/main.js';

export const repo = resolve(__dirname, '../..');
export const kom = join(repo, 'layouts', 'kom.yaml');

/** An issue of one section, "Test", holding these articles (YAML as it stands under `articles:`). */
export function oneSectionIssue(articles: string): string {
  return `number: 1
year: 2026
period: januar–mars 2026
date: 2026-04-01
sections:
  - title: Test
    articles:
${articles}`;
}

export const validIssue = oneSectionIssue(`      - heading: NKVTS
        body:
          - Tekst med [lenke](https://www.nkvts.no/).
`);

export function project(files: Record<string, string | Buffer>): { root: string; issue: string; out: string } {
  const root = mkdtempSync(join(tmpdir(), 'nyhetsbrev-'));
  mkdirSync(join(root, 'layouts'));
  mkdirSync(join(root, 'assets'));
  for (const [name, content] of Object.entries(files)) {
    const file = join(root, name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return { root, issue: join(root, 'issues', 'x'), out: join(root, 'out', 'x.pdf') };
}

/** The tool's layouts, assets and fonts copied into `root`, so that a project there builds as the tool's own does. */
export function copyToolFolders(root: string): void {
  for (const d of ['layouts', 'assets', 'fonts']) cpSync(join(repo, d), join(root, d), { recursive: true });
}

/** A throw-away project with the tool's folders and a copy of the reference issue, as issues/<name>. */
export function referenceProject(prefix: string, name = '2025-4'): { root: string; issue: string } {
  const root = mkdtempSync(join(tmpdir(), prefix));
  copyToolFolders(root);
  const issue = join(root, 'issues', name);
  cpSync(join(repo, 'issues', '2025-4'), issue, { recursive: true });
  return { root, issue };
}

export async function pngBytes(width = 40, height = 20): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#336699' } }).png().toBuffer();
}

export async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Builds the project's issue x with the real KOM layout. */
export function build(p: { issue: string; out: string }) {
  return run(['build', p.issue, '--out', p.out, '--layout', kom]);
}
