/**
 * Small guest programs for the session tests, with addresses worked out by hand from the ISA manual's
 * encodings: `.option norvc` makes every instruction 4 bytes, `call` is auipc + jalr (8 bytes, no relaxation).
 */
import { readFileSync } from 'node:fs';

export const HELLO_PATH = new URL('../../../firmware/examples/hello.elf', import.meta.url);
export const hello = (): Uint8Array => new Uint8Array(readFileSync(HELLO_PATH));
export const HELLO_TEXT =
  'Hello from hartscope! This is M-mode.\nAnd this is U-mode, printing through an ecall.\n';

/** Nested calls: _start calls f, f calls g; a0 collects 1 + 10 + 100 + 1000 on the way. */
export const CALLS = `  .option norvc
  .globl _start
_start:
  li a0, 0            # 0x80000000
  call f              # 0x80000004 (auipc + jalr); returns to 0x8000000c
  addi a0, a0, 1      # 0x8000000c
  j done              # 0x80000010
f:
  addi a0, a0, 10     # 0x80000014
  mv s1, ra           # 0x80000018
  call g              # 0x8000001c; returns to 0x80000024
  addi a0, a0, 100    # 0x80000024
  mv ra, s1           # 0x80000028
  ret                 # 0x8000002c
g:
  addi a0, a0, 1000   # 0x80000030
  ret                 # 0x80000034
done:
  li t0, 0x100000     # 0x80000038 (lui)
  li t1, 0x5555       # 0x8000003c, 0x80000040 (lui + addiw)
  sw t1, 0(t0)        # 0x80000044: the SiFive test finisher, "pass"
`;

export const A = {
  start: 0x8000_0000n,
  call: 0x8000_0004n,
  /** The call's jalr (the auipc before it is not a call). */
  callJalr: 0x8000_0008n,
  afterCall: 0x8000_000cn,
  f: 0x8000_0014n,
  callG: 0x8000_001cn,
  afterG: 0x8000_0024n,
  g: 0x8000_0030n,
} as const;

/** Spins forever at its first instruction. */
export const SPIN = `  .globl _start
_start:
  j _start
`;

/** Writes 'A' to the UART forever (never waiting for the line status: the model's UART is always ready). */
export const FLOOD = `  .globl _start
_start:
  li t0, 0x10000000
  li t1, 'A'
1:
  sb t1, 0(t0)
  j 1b
`;

/** Echoes each byte it receives on the UART, polling LSR.DR (bit 0 of offset 5). */
export const ECHO = `  .globl _start
_start:
  li t0, 0x10000000
1:
  lbu t1, 5(t0)
  andi t1, t1, 1
  beqz t1, 1b
  lbu t2, 0(t0)
  sb t2, 0(t0)
  j 1b
`;
