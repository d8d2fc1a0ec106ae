import * as I64 from '../int64';
import * as fields from '../isa/fields';
import { aSemantics } from './semantics-a';
import { baseSemantics, baseTemplates, type Semantics } from './semantics-base';
import { mTemplates } from './semantics-m';
import { systemSemantics } from './semantics-system';
import type { Operands, Template } from './template';

/**
 * Every instruction's semantics, by name: the templates (RV64I, RV64M) and the functions written by hand
 * for the rare and complex ones (A, Zicsr, system, fences). The interpreter compiles each template into a
 * function of (hart, word) here, once, when the module loads; the translator reads TEMPLATES itself.
 *
 * SIMPLIFICATION: the interpreter's functions are made with `new Function`, so a page must allow
 * 'unsafe-eval' (src/offline/csp.ts ALLOW_EVAL). A build step writing them out as source would lift that.
 */
export const TEMPLATES: Readonly<Record<string, Template>> = { ...baseTemplates, ...mTemplates };

/** Registers and immediate as the interpreter reads them: from h.x by the word's fields. */
const INTERPRETED: Operands = {
  a: { lo: 'x[r1]', hi: 'x[r1 + 32]' },
  b: { lo: 'x[r2]', hi: 'x[r2 + 32]' },
  imm: { lo: 'imm', hi: 'immHi' },
  pc: { lo: 'h.pcLo', hi: 'h.pcHi' },
  npc: { lo: 'h.npcLo', hi: 'h.npcHi' },
  sync: '',
};

/** Declarations every interpreted template starts from: the register file and the fields of the word. */
const PROLOGUE = [
  'const x = h.x;',
  'const r1 = (w >>> 15) & 31;',
  'const r2 = (w >>> 20) & 31;',
  'let lo = 0, hi = 0, t = 0, al = 0, ah = 0, tl = 0, th = 0;',
].join('\n');

/** One template as the interpreter runs it, after PROLOGUE: its immediate, its code, then rd or pc. */
export function interpreterSource(t: Template): string {
  const lines: string[] = [];
  if (t.imm !== undefined) {
    const shamt = t.imm === 'shamt5' || t.imm === 'shamt6';
    lines.push(`const imm = F.${t.imm}(w);`, `const immHi = ${shamt ? '0' : 'imm >> 31'};`);
  }
  const writeRd = 'const d = (w >>> 7) & 31; if (d !== 0) { x[d] = lo; x[d + 32] = hi; }';
  const code = t.code(INTERPRETED);
  if (t.kind === 'branch') lines.push(`if (${code}) h.jumpRelative(imm);`);
  else if (t.kind === 'store') lines.push(code);
  else if (t.kind === 'jump') lines.push(code, 'h.npcLo = tl; h.npcHi = th;', writeRd);
  else lines.push(code, writeRd);
  return lines.join('\n');
}

function compile(name: string, t: Template): Semantics {
  const fn = `semantics_${name.replace(/\W/g, '_')}`;
  const body = `${PROLOGUE}\n${interpreterSource(t)}`;
  const make = new Function('I64', 'out', 'F', `return function ${fn}(h, w) {\n${body}\n};`);
  return make(I64, I64.out, fields) as Semantics;
}

export const ALL_SEMANTICS: Readonly<Record<string, Semantics>> = {
  ...Object.fromEntries(Object.entries(TEMPLATES).map(([name, t]) => [name, compile(name, t)])),
  ...baseSemantics,
  ...aSemantics,
  ...systemSemantics,
};
