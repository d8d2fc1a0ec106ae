/**
 * Source text to statements. GNU as for RISC-V starts a comment with `#` anywhere on a line (and we also
 * accept `//`, as the issue asks), ends a statement at a newline or a `;`, and keeps both characters inside
 * string and character literals. Each statement keeps the column where it starts, so every token after it
 * can be reported at its own column.
 */
import type { Loc } from './diagnostics';

export interface Statement {
  /** The statement's text, comments removed. */
  text: string;
  /** Where text[0] is in the source. */
  loc: Loc;
}

/** Split one file (or a macro body) into statements. `firstLine` numbers the first line of `text`. */
export function splitStatements(text: string, file: string, firstLine = 1): Statement[] {
  const out: Statement[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    splitLine(lines[i], { file, line: firstLine + i, column: 1 }, out);
  }
  return out;
}

/** Split one line (whose first character is at `start`) into statements, dropping comments. */
export function splitLine(line: string, start: Loc, out: Statement[]): void {
  let begin = 0;
  let quote: string | null = null;
  const push = (end: number): void => {
    const text = line.slice(begin, end);
    if (text.trim() !== '') out.push({ text, loc: { ...start, column: start.column + begin } });
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote !== null) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"') quote = c;
    else if (c === "'") {
      // A character constant: 'x' or '\n' (the closing quote is optional in GNU as).
      i += line[i + 1] === '\\' ? 2 : 1;
      if (line[i + 1] === "'") i++;
    } else if (c === '#' || (c === '/' && line[i + 1] === '/')) {
      push(i);
      return;
    } else if (c === ';') {
      push(i);
      begin = i + 1;
    }
  }
  push(line.length);
}
