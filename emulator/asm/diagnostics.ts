/**
 * Where a piece of source text came from, and the errors the assembler reports against it. Every error
 * carries file, line and column (1-based, as editors and GNU as print them) and says what was expected.
 */
import type { SourceLocation } from '../image';

export type Loc = SourceLocation;

export interface AsmError extends Loc {
  message: string;
}

/** Enough to show a student every mistake in a file; beyond this the rest are noise. */
const MAX_ERRORS = 200;

export class Diagnostics {
  readonly errors: AsmError[] = [];

  error(loc: Loc, message: string): void {
    if (this.errors.length < MAX_ERRORS) this.errors.push({ ...loc, message });
  }

  /** The same line, another column (columns count from 1). */
  static at(loc: Loc, column: number): Loc {
    return { file: loc.file, line: loc.line, column };
  }
}

export function formatError(e: AsmError): string {
  return `${e.file}:${e.line}:${e.column}: ${e.message}`;
}
