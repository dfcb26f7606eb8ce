// A problem is a user's mistake with the place it was made. Problems are collected, never thrown
// one at a time, so a user sees every mistake of a file at once.

export interface SourcePos {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface Problem {
  readonly at?: SourcePos;
  readonly message: string;
}

export class InputError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'InputError';
  }
}

export function formatProblem(p: Problem): string {
  return p.at ? `${p.at.file}:${p.at.line}:${p.at.column}: ${p.message}` : p.message;
}

/** Throws an InputError if any problems were collected. */
export function failIfAny(problems: readonly Problem[]): void {
  if (problems.length > 0) throw new InputError(problems);
}
