/**
 * Reading the UART texts the harness prints: splitting them into cases, checking that QEMU trapped where
 * the generator meant it to (and rewriting QEMU's known spec deviations, listed in gen-traps.ts), and
 * describing the first difference between QEMU and hartscope in terms a person can act on.
 */
import type { DiffCase } from './harness';

export interface CaseOutput {
  index: number;
  lines: string[];
}

/** Splits a run's text at the "case N" banners; text before the first banner is case -1. */
export function splitCases(text: string): CaseOutput[] {
  const out: CaseOutput[] = [{ index: -1, lines: [] }];
  for (const line of text.split('\n')) {
    const m = /^case (\d+)$/.exec(line);
    if (m) out.push({ index: Number(m[1]), lines: [] });
    else if (line !== '') out[out.length - 1].lines.push(line);
  }
  return out;
}

const TRAP_LINE = /^trap c=([0-9a-f]{16}) (.*)$/;

export interface OracleCheck {
  /** QEMU's text with its known deviations from the spec rewritten to the spec's causes. */
  normalized: string;
  /** Cases where QEMU did not trap as the generator intended: a generator fault, not an emulator one. */
  problems: string[];
  /** Human-readable notes on each rewrite, for the failure message. */
  rewrites: number;
}

export function checkOracle(qemuText: string, cases: DiffCase[]): OracleCheck {
  const problems: string[] = [];
  let rewrites = 0;
  const parts = splitCases(qemuText);
  const seen = new Set(parts.map((p) => p.index));
  for (let n = 0; n < cases.length; n++)
    if (!seen.has(n)) problems.push(`case ${n} (seed ${cases[n].seed}) never ran on QEMU`);
  const lines: string[] = [];
  for (const part of parts) {
    if (part.index >= 0) lines.push(`case ${part.index}`);
    const c = cases[part.index];
    let k = 0;
    for (const line of part.lines) {
      const m = TRAP_LINE.exec(line);
      if (!m || !c) {
        lines.push(line);
        continue;
      }
      const want = c.expectedTraps[k++];
      const cause = parseInt(m[1], 16);
      if (!want) {
        problems.push(`case ${part.index} (seed ${c.seed}): unexpected trap on QEMU: ${line}`);
      } else if (want.qemuCause === cause) {
        lines.push(`trap c=${want.cause.toString(16).padStart(16, '0')} ${m[2]}`);
        rewrites++;
        continue;
      } else if (want.cause !== cause) {
        problems.push(
          `case ${part.index} (seed ${c.seed}): trap ${k} has cause ${cause} on QEMU, generator meant ${want.cause}`,
        );
      }
      lines.push(line);
    }
    if (c && part.index >= 0 && k < c.expectedTraps.length) {
      problems.push(
        `case ${part.index} (seed ${c.seed}): QEMU trapped ${k} times, generator meant ${c.expectedTraps.length}`,
      );
    }
  }
  return { normalized: lines.join('\n') + '\n', problems, rewrites };
}

/** Describes the first difference between two run texts, or returns null when they are equal. */
export function describeDifference(
  expected: string,
  actual: string,
  cases: DiffCase[],
  elfName: string,
): string | null {
  if (expected === actual) return null;
  const want = splitCases(expected);
  const got = splitCases(actual);
  for (let i = 0; i < Math.max(want.length, got.length); i++) {
    const w = want[i];
    const g = got[i];
    if (!w || !g || w.index !== g.index) {
      return `${elfName}: hartscope printed case ${g?.index ?? '(nothing)'} where QEMU printed case ${w?.index ?? '(nothing)'}`;
    }
    const n = Math.max(w.lines.length, g.lines.length);
    for (let j = 0; j < n; j++) {
      if (w.lines[j] === g.lines[j]) continue;
      const c = cases[w.index];
      const what = describeLine(w.lines[j], g.lines[j]);
      const header = c
        ? `${elfName} case ${w.index}: kind ${c.kind}, mode ${c.mode}, seed ${c.seed} (0x${c.seed.toString(16)})`
        : `${elfName}: before the first case`;
      const asm = c ? '\n--- case body ---\n' + c.body.join('\n') : '';
      const context = w.lines.slice(Math.max(0, j - 3), j).join('\n');
      return `${header}\n${what}\n--- QEMU lines before it ---\n${context}${asm}`;
    }
  }
  return `${elfName}: texts differ only in blank lines or trailing output`;
}

function describeLine(want: string | undefined, got: string | undefined): string {
  const reg = /^([xm][0-9a-f]{2})=([0-9a-f]{16})$/;
  const w = want ? reg.exec(want) : null;
  const g = got ? reg.exec(got) : null;
  if (w && g && w[1] === g[1]) {
    const where = w[1].startsWith('x')
      ? `register x${Number(w[1].slice(1))}`
      : `scratch byte offset 0x${w[1].slice(1)}`;
    return `first difference: ${where}: QEMU 0x${w[2]}, hartscope 0x${g[2]}`;
  }
  return `first difference:\n  QEMU:      ${want ?? '(end of output)'}\n  hartscope: ${got ?? '(end of output)'}`;
}
