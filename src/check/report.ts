// The findings of `check` as lines for a terminal, or as JSON.
import type { Finding } from './proofread.js';
import type { CheckResult } from './run.js';

const place = (f: Finding) => (f.at ? `${f.at.file}:${f.at.line}:${f.at.column}: ` : '');
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function formatCheck(r: CheckResult, online: boolean): string[] {
  const lines = [...r.errors.map((f) => `${place(f)}error: ${f.message}`), ...r.warnings.map((f) => `${place(f)}warning: ${f.message}`)];
  const checked = online ? `; ${plural(r.links.length, 'link')} checked, ${r.links.filter((l) => l.status === 'ok').length} fine` : '';
  if (r.errors.length > 0) lines.push(`nyhetsbrev: ${plural(r.errors.length, 'error')}, ${plural(r.warnings.length, 'warning')}: the issue does not build as it is`);
  else if (r.warnings.length > 0) lines.push(`nyhetsbrev: no errors, ${plural(r.warnings.length, 'warning')}${checked}`);
  else lines.push(`nyhetsbrev: no errors, no warnings${checked}`);
  return lines;
}

const json = (f: Finding) => ({ ...(f.at ? { file: f.at.file, line: f.at.line, column: f.at.column } : {}), message: f.message });

export function checkJson(r: CheckResult) {
  return {
    errors: r.errors.map(json),
    warnings: r.warnings.map(json),
    links: r.links.map((l) => ({
      url: l.url,
      status: l.status,
      ...(l.code !== undefined ? { code: l.code } : {}),
      ...(l.location ? { location: l.location } : {}),
      ...(l.at ? { file: l.at.file, line: l.at.line, column: l.at.column } : {}),
      message: l.message,
    })),
  };
}
