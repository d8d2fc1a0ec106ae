/**
 * Tokens of an operand or expression, each with the column it starts at. Numbers follow GNU as: decimal,
 * 0x hex, 0b binary, a leading 0 means octal, and 'c' is a character code. `1f` / `1b` name the next /
 * previous definition of the numeric local label 1.
 */

export type TokenKind = 'ident' | 'number' | 'local' | 'string' | 'mod' | 'punct' | 'end';

export interface Token {
  kind: TokenKind;
  text: string;
  /** Value of a number, or the label number of a `local` reference. */
  value?: bigint;
  /** 'f' or 'b' for a local reference. */
  dir?: 'f' | 'b';
  column: number;
}

export interface LexError {
  column: number;
  message: string;
}

const IDENT_START = /[A-Za-z_.$]/;
const IDENT_PART = /[A-Za-z0-9_.$]/;
const PUNCT2 = ['<<', '>>', '==', '!=', '<=', '>=', '&&', '||'];
const PUNCT1 = '+-*/%&|^~!(),<>=:@';
const U64_MAX = (1n << 64n) - 1n;

/** Escape sequences in strings and character constants (GNU as: \n \t \b \f \r \\ \" \' and octal/hex). */
export function readEscape(s: string, i: number): { code: number; next: number } {
  const c = s[i];
  const simple: Record<string, number> = { n: 10, t: 9, b: 8, f: 12, r: 13, v: 11, a: 7, '\\': 92, '"': 34 };
  if (c in simple) return { code: simple[c], next: i + 1 };
  if (c === "'") return { code: 39, next: i + 1 };
  if (c === 'x' || c === 'X') {
    let j = i + 1;
    let v = 0;
    while (j < s.length && /[0-9a-fA-F]/.test(s[j])) v = (v * 16 + parseInt(s[j++], 16)) & 0xff;
    return { code: v, next: j };
  }
  if (/[0-7]/.test(c)) {
    let j = i;
    let v = 0;
    while (j < s.length && j < i + 3 && /[0-7]/.test(s[j])) v = v * 8 + Number(s[j++]);
    return { code: v & 0xff, next: j };
  }
  return { code: c.charCodeAt(0), next: i + 1 };
}

function parseNumber(text: string): bigint | undefined {
  const t = text.toLowerCase();
  let digits: string;
  let prefix: string;
  if (/^0x[0-9a-f]+$/.test(t)) [prefix, digits] = ['0x', t.slice(2)];
  else if (/^0b[01]+$/.test(t)) [prefix, digits] = ['0b', t.slice(2)];
  else if (/^0[0-7]+$/.test(t)) [prefix, digits] = ['0o', t.slice(1)];
  else if (/^[0-9]+$/.test(t)) [prefix, digits] = ['', t];
  else return undefined;
  const v = BigInt(prefix + digits);
  return v > U64_MAX ? undefined : v;
}

/** Tokenize `text`, whose first character is at column `column`. */
export function tokenize(text: string, column: number): { tokens: Token[]; error?: LexError } {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const col = column + i;
    if (c === ' ' || c === '\t') {
      i++;
    } else if (IDENT_START.test(c)) {
      let j = i + 1;
      while (j < text.length && IDENT_PART.test(text[j])) j++;
      tokens.push({ kind: 'ident', text: text.slice(i, j), column: col });
      i = j;
    } else if (/[0-9]/.test(c)) {
      let j = i + 1;
      while (j < text.length && /[0-9A-Za-z_]/.test(text[j])) j++;
      const word = text.slice(i, j);
      const local = /^([0-9]+)([fb])$/.exec(word);
      const value = parseNumber(word);
      if (value !== undefined) tokens.push({ kind: 'number', text: word, value, column: col });
      else if (local) {
        const dir = local[2] as 'f' | 'b';
        tokens.push({ kind: 'local', text: word, value: BigInt(local[1]), dir, column: col });
      } else return { tokens, error: { column: col, message: `bad number '${word}'` } };
      i = j;
    } else if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < text.length) {
          const e = readEscape(text, j + 1);
          s += String.fromCharCode(e.code);
          j = e.next;
        } else s += text[j++];
      }
      if (j >= text.length) return { tokens, error: { column: col, message: 'unterminated string' } };
      tokens.push({ kind: 'string', text: s, column: col });
      i = j + 1;
    } else if (c === "'") {
      if (i + 1 >= text.length)
        return { tokens, error: { column: col, message: 'empty character constant' } };
      const e =
        text[i + 1] === '\\' ? readEscape(text, i + 2) : { code: text.charCodeAt(i + 1), next: i + 2 };
      tokens.push({ kind: 'number', text: text.slice(i, e.next), value: BigInt(e.code), column: col });
      i = text[e.next] === "'" ? e.next + 1 : e.next;
    } else if (c === '%' && /[a-z_]/.test(text[i + 1] ?? '')) {
      let j = i + 1;
      while (j < text.length && /[a-z_0-9]/.test(text[j])) j++;
      tokens.push({ kind: 'mod', text: text.slice(i + 1, j), column: col });
      i = j;
    } else if (PUNCT2.includes(text.slice(i, i + 2))) {
      tokens.push({ kind: 'punct', text: text.slice(i, i + 2), column: col });
      i += 2;
    } else if (PUNCT1.includes(c)) {
      tokens.push({ kind: 'punct', text: c, column: col });
      i++;
    } else {
      return { tokens, error: { column: col, message: `unexpected character '${c}'` } };
    }
  }
  tokens.push({ kind: 'end', text: '', column: column + text.length });
  return { tokens };
}
