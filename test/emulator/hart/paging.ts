import { expect } from 'vitest';
import { reg, runTo } from './harness';
import { expectTrapInM, markedBody, mretTo, OPEN_PMP, start, type Started } from './snippets';

/**
 * Page tables for the Sv39 tests (privileged spec, "Sv39: Page-Based 39-bit Virtual-Memory System"). Each
 * snippet builds its page tables in M-mode, turns paging on with satp and drops to S or U. The code runs
 * through an identity-mapped 1 GiB page at 0x80000000; test pages live in the low 2 MiB of the virtual space:
 * root[0] → l1, l1[0] → l0, l0[n] maps VA n × 4 KiB.
 */

/** PTE bits ("Sv39 page table entry"). */
export const V = 1;
export const R = 2;
export const W = 4;
export const X = 8;
export const U = 0x10;
export const A = 0x40;
export const D = 0x80;
/** mstatus.SUM and mstatus.MXR. */
export const SUM = 1 << 18;
export const MXR = 1 << 19;

export type Table = 'root' | 'l1' | 'l0';

export interface Pte {
  table: Table;
  index: number;
  /** A label (its physical address) or a literal physical address. */
  target: string | number;
  flags: number;
}

export function pteAsm({ table, index, target, flags }: Pte): string {
  return `
    ${typeof target === 'string' ? `la t0, ${target}` : `li t0, 0x${target.toString(16)}`}
    srli t0, t0, 12
    slli t0, t0, 10
    ori t0, t0, ${flags}
    la t1, ${table}
    li t2, ${index * 8}
    add t1, t1, t2
    sd t0, 0(t1)`;
}

/** satp = MODE Sv39 (8) with the root table's PPN. */
export const SATP_SV39 = `
    la t0, root
    srli t0, t0, 12
    li t1, 8 << 60
    or t0, t0, t1
    csrw satp, t0`;

/** The three page-table pages, 4 KiB-aligned; `page` (the data) follows them. */
export const TABLES = `
  .align 12
  root: .zero 4096
  l1: .zero 4096
  l0: .zero 4096`;

/** The data page's contents: dword i = 0x1111111111111111 × (i + 1) for the first 4. */
export const PAGE_DWORDS = [
  0x1111111111111111n,
  0x2222222222222222n,
  0x3333333333333333n,
  0x4444444444444444n,
];

export interface Run extends Started {
  pte: (table: Table, index: number) => bigint;
}

export function runPaged(mode: 'S' | 'U', ptes: Pte[], body: string, mstatusBits = 0, setup = ''): Run {
  const code: Pte = {
    table: 'root',
    index: 2,
    target: 0x80000000,
    flags: V | R | W | X | A | D | (mode === 'U' ? U : 0),
  };
  const all: Pte[] = [
    { table: 'root', index: 0, target: 'l1', flags: V },
    { table: 'l1', index: 0, target: 'l0', flags: V },
    code,
    ...ptes,
  ];
  const started = start(`
    la t0, done
    csrw mtvec, t0
    ${OPEN_PMP}
    ${all.map(pteAsm).join('\n')}
    ${SATP_SV39}
    sfence.vma
    li t0, ${mstatusBits}
    csrs mstatus, t0
    ${setup}
    ${mretTo(mode, 'body')}
  body:
    ${markedBody(body)}
  ${TABLES}
  page: .dword ${PAGE_DWORDS.map((d) => `0x${d.toString(16)}`).join(', ')}
    .zero 4096 - 32
  page2: .dword 0x5555555555555555
    .zero 4096 - 8`);
  const { m, symbols } = started;
  runTo(m, symbols);
  const pte = (table: Table, index: number): bigint => {
    const off = symbols.get(table)! - 0x80000000 + index * 8;
    return new DataView(m.ram.bytes.buffer, m.ram.bytes.byteOffset).getBigUint64(off, true);
  };
  return { ...started, pte };
}

/** A page fault (or other trap) into M-mode at `fault` (or `epc`), after the body began. */
export function expectFault(r: Started, cause: bigint, vaddr: bigint, epc?: bigint): void {
  expectTrapInM(r.m, cause, vaddr, epc ?? r.at('fault'));
  expect(reg(r.m, 'a0')).toBe(0x55n);
}
