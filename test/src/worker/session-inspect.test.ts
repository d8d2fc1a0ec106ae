/**
 * Looking into the machine through the session: the state view (changed registers, CSRs, traps, console),
 * memory reads and edits, console input, and disassembly compared with GNU objdump.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONSOLE_FRAME_LIMIT, TRAP_WORDS, csrMap } from '../../../src/worker/emulator-api';
import { EmulatorSession } from '../../../src/worker/emulator-session';
import { unpackTraps } from '../../../src/worker/event-buffers';
import { hasTool, run, toolMissingMessage } from '../../helpers/tools';
import { A, CALLS, ECHO, FLOOD, HELLO_PATH, hello } from './programs';

async function session(text: string): Promise<EmulatorSession> {
  const s = new EmulatorSession({ ramSize: 1 << 20 });
  const r = await s.assembleAndLoad({ text, file: 'prog.S' });
  expect(r.ok, r.ok ? '' : r.error).toBe(true);
  return s;
}

async function runFor(s: EmulatorSession, ms: number): Promise<void> {
  const running = s.run();
  await new Promise((r) => setTimeout(r, ms));
  await s.pause();
  await running;
}

describe('the state view', () => {
  it('marks exactly the registers that changed since the previous view', async () => {
    const s = await session(CALLS);
    expect((await s.getState()).changedMask).toBe(0);
    await s.writeRegister(10, 7n); // so that `li a0, 0` changes it
    await s.getState();
    await s.step(); // li a0, 0
    expect((await s.getState()).changedMask).toBe(1 << 10);
    await s.step(2); // auipc ra; jalr ra (writes ra = x1 again)
    expect((await s.getState()).changedMask).toBe(1 << 1);
    expect((await s.getState()).changedMask).toBe(0);
  });

  it('carries the CSRs as M-mode reads them, even while the hart is in U-mode', async () => {
    const s = new EmulatorSession({ ramSize: 1 << 20 });
    await s.loadElf(hello(), 'hello.elf');
    // Run until the hart is in U-mode (after the mret at the end of _start).
    while ((await s.getState()).priv !== 0) await s.step();
    const csrs = csrMap((await s.getState()).csrs);
    // hello.S: `li t0, -1; csrw pmpaddr0, t0`, `li t0, 0x1f; csrw pmpcfg0, t0`, `csrw mtvec, trap_handler`.
    expect(csrs.get('pmpcfg0')! & 0xffn).toBe(0x1fn);
    expect(csrs.get('mtvec')).toBe(0x8000_0060n); // trap_handler (nm: see the objdump test below)
    // misa: MXL = 2 (RV64) in bits 63:62, and the extensions A C I M S U (privileged spec, table of misa letters).
    const misa = csrs.get('misa')!;
    expect(misa >> 62n).toBe(2n);
    for (const letter of 'ACIMSU') expect((misa >> BigInt(letter.charCodeAt(0) - 65)) & 1n).toBe(1n);
    // mstatus.MPP is 0 after mret into U-mode with MPP = U.
    expect((csrs.get('mstatus')! >> 11n) & 3n).toBe(0n);
  });

  it('reports each trap once: cause, modes, epc, tval, handler', async () => {
    if (!hasTool('riscv64-unknown-elf-objdump'))
      return console.warn(toolMissingMessage('riscv64-unknown-elf-objdump'));
    const dump = run('riscv64-unknown-elf-objdump', ['-d', HELLO_PATH.pathname]).stdout;
    const ecalls = [...dump.matchAll(/^\s*([0-9a-f]+):\s+00000073\s+ecall/gm)].map((m) =>
      BigInt('0x' + m[1]),
    );
    const handler = BigInt('0x' + /^([0-9a-f]+) <trap_handler>:/m.exec(dump)![1]);
    const s = new EmulatorSession({ ramSize: 1 << 20 });
    await s.loadElf(hello(), 'hello.elf');
    await s.run();
    const v = await s.getState();
    expect(v.traps.length % TRAP_WORDS).toBe(0);
    const events = unpackTraps(v.traps);
    // hello.S's two mrets (into user_main, and back from the print call) come as return events, M to U.
    const returns = events.filter((t) => t.xret);
    expect(returns.map((t) => [t.xret, t.fromPriv, t.toPriv])).toEqual([
      ['mret', 3, 0],
      ['mret', 3, 0],
    ]);
    expect(returns[1].handler).toBe(ecalls[0] + 4n);
    const traps = events.filter((t) => !t.xret);
    // Two ecalls from U-mode (print, exit), each taken in M-mode at trap_handler; cause 8 = ecall from U.
    expect(traps.map((t) => t.epc)).toEqual(ecalls);
    for (const t of traps) {
      expect(t).toMatchObject({ interrupt: false, cause: 8, fromPriv: 0, toPriv: 3, tval: 0n, handler });
    }
    expect(v.trapsDropped).toBe(0);
    expect((await s.getState()).traps.length).toBe(0);
  });

  it('keeps only the newest console bytes of a guest that floods, and says how many it dropped', async () => {
    const s = await session(FLOOD);
    // Two instructions per byte (sb, j): four times the frame limit in instructions is twice the limit in
    // bytes, whatever the machine's speed (a timed run printed too little on a loaded machine).
    await s.step(CONSOLE_FRAME_LIMIT * 4);
    const v = await s.getState();
    expect(v.consoleBytes.length).toBe(CONSOLE_FRAME_LIMIT);
    expect(v.consoleDropped).toBeGreaterThan(0);
    expect(v.consoleBytes.every((b) => b === 0x41)).toBe(true);
  });
});

describe('memory and registers', () => {
  it('reads RAM by range and marks what is not RAM', async () => {
    const s = await session(CALLS);
    // `li a0, 0` is addi a0, x0, 0: opcode 0x13, rd = 10 -> 0x00000513, little-endian in memory.
    const m = await s.readMemory(0x8000_0000n - 2n, 6);
    expect([...m.readable]).toEqual([0, 0, 1, 1, 1, 1]);
    expect([...m.bytes.subarray(2)]).toEqual([0x13, 0x05, 0x00, 0x00]);
  });

  it('edits registers, pc and memory while paused, and refuses while running', async () => {
    const s = await session(CALLS);
    expect(await s.writeRegister(0, 5n)).toEqual({ ok: true });
    expect((await s.getState()).x[0]).toBe(0n); // x0 stays zero
    expect(await s.writeRegister(11, -2n)).toEqual({ ok: true });
    expect((await s.getState()).x[11]).toBe(0xffff_ffff_ffff_fffen);
    // Patch `li a0, 0` into `addi a0, x0, 42` (imm 42 in bits 31:20): 0x02a00513.
    expect(await s.writeMemory(0x8000_0000n, new Uint8Array([0x13, 0x05, 0xa0, 0x02]))).toEqual({ ok: true });
    await s.step();
    expect((await s.getState()).x[10]).toBe(42n);
    expect(await s.writeRegister(32, A.g)).toEqual({ ok: true });
    expect((await s.getState()).pc).toBe(A.g);
    // A hart has no odd pc (RISC-V instructions are 2-byte aligned): refused with the reason, pc unchanged.
    expect(await s.writeRegister(32, A.g + 1n)).toEqual({
      ok: false,
      error: 'pc must be even: RISC-V instructions are 2-byte aligned',
    });
    expect((await s.getState()).pc).toBe(A.g);
    expect((await s.writeMemory(0x1000_0000n, new Uint8Array([1]))).ok).toBe(false);
    const running = s.run();
    expect((await s.writeRegister(10, 1n)).ok).toBe(false);
    await s.pause();
    await running;
  });

  it('delivers console input to the guest UART', async () => {
    const s = await session(ECHO);
    await s.consoleInput(new TextEncoder().encode('hi!'));
    await runFor(s, 20);
    expect(new TextDecoder().decode((await s.getState()).consoleBytes)).toBe('hi!');
  });
});

describe('assembling', () => {
  it('returns every error with file, line and column, and keeps the loaded program', async () => {
    const s = await session(CALLS);
    const r = await s.assembleAndLoad({ text: '  nop\n  addi a0, a0\n  frob x1\n', file: 'bad.S' });
    expect(r.ok).toBe(false);
    if (r.ok || !('diagnostics' in r)) throw new Error('expected diagnostics');
    expect(r.diagnostics.map((d) => [d.file, d.line])).toEqual([
      ['bad.S', 2],
      ['bad.S', 3],
    ]);
    expect(r.diagnostics.every((d) => d.column >= 1 && d.message.length > 0)).toBe(true);
    expect((await s.getState()).program).toBe('prog.S');
  });

  it('returns symbols and the source line of each address; disassembly shows them', async () => {
    const s = new EmulatorSession({ ramSize: 1 << 20 });
    const r = await s.assembleAndLoad({ text: CALLS, file: 'calls.S' });
    if (!r.ok) throw new Error(r.error);
    expect(r.symbols.find((x) => x.name === 'g')?.address).toBe(A.g);
    // Line 4 of CALLS is `li a0, 0`, line 5 `call f` (two instructions, one line).
    expect(r.sourceLines.filter((l) => l.line === 5).map((l) => l.address)).toEqual([A.call, A.callJalr]);
    const lines = await s.disassemble(A.f, 2);
    expect(lines[0]).toMatchObject({ address: A.f, label: 'f', text: 'add\ta0,a0,10' }); // objdump's spelling
    expect(lines[0].source).toEqual({ file: 'calls.S', line: 9, text: '  addi a0, a0, 10     # 0x80000014' });
  });

  it('loads a program under the hartscope monitor, which serves its SBI calls', async () => {
    const s = new EmulatorSession({ ramSize: 1 << 24 }, { monitorSources: monitorSources() });
    await s.setFirmware({ kind: 'monitor' });
    // SBI legacy console_putchar (EID 1) twice, then legacy shutdown (EID 8): SBI spec chapter 5.
    const payload = `  .globl _start
_start:
  li a7, 1
  li a0, 'o'
  ecall
  li a0, 'k'
  ecall
  li a7, 8
  ecall
`;
    const r = await s.assembleAndLoad({ text: payload, file: 'payload.S' });
    if (!r.ok) throw new Error(r.error);
    expect(r.sourceLines.some((l) => l.address === 0x8020_0000n && l.file === 'payload.S')).toBe(true);
    expect(r.entry).toBe(0x8000_0000n); // the hart starts in the firmware
    expect(await s.run()).toEqual({ kind: 'exit', code: 0, via: 'finisher' });
    const v = await s.getState();
    expect(new TextDecoder().decode(v.consoleBytes)).toContain('ok');
    expect(v.firmware).toBe('monitor');
    // The payload ran in S-mode: its ecalls came from S (cause 9).
    expect(unpackTraps(v.traps).filter((t) => t.cause === 9).length).toBe(3);
  });
});

const OBJDUMP_NM = hasTool('riscv64-unknown-elf-objdump') && hasTool('riscv64-unknown-elf-nm');
if (!OBJDUMP_NM) console.warn(toolMissingMessage('riscv64-unknown-elf-objdump'));
describe('host SBI', () => {
  it('serves the payload ecalls in the host: VM exits in the trap log with the SBI call, no M-mode trap', async () => {
    const s = new EmulatorSession({ ramSize: 1 << 24 });
    await s.setFirmware({ kind: 'host' });
    // SBI legacy console_putchar (EID 1), then legacy shutdown (EID 8): SBI spec chapter 5.
    const payload = "  .globl _start\n_start:\n  li a7, 1\n  li a0, 'v'\n  ecall\n  li a7, 8\n  ecall\n";
    const r = await s.assembleAndLoad({ text: payload, file: 'payload.S' });
    if (!r.ok) throw new Error(r.error);
    expect(r.entry).toBe(0x8020_0000n); // no firmware: the payload is entered directly
    const stop = await s.run();
    expect(stop.kind).toBe('exit');
    const v = await s.getState();
    expect(new TextDecoder().decode(v.consoleBytes)).toBe('v');
    const traps = unpackTraps(v.traps);
    expect(traps.map((t) => [t.vmExit, t.cause, t.fromPriv, t.sbi?.eid])).toEqual([
      [true, 9, 1, 1],
      [true, 9, 1, 8],
    ]);
  });
});

describe.skipIf(!OBJDUMP_NM)('disassembly against GNU objdump', () => {
  it('prints each instruction of hello.elf as objdump -d does, symbols included', async () => {
    const dump = run('riscv64-unknown-elf-objdump', ['-d', HELLO_PATH.pathname]).stdout;
    // Absolute symbols (nm type 'a', the .equ constants) are not in program images (inspect.ts says so):
    // objdump's names after them are left out of the comparison.
    const nm = run('riscv64-unknown-elf-nm', [HELLO_PATH.pathname]).stdout;
    const absolute = [...nm.matchAll(/^[0-9a-f]+ a (\w+)$/gm)].map((m) => m[1]);
    const dropAbsolute = (t: string): string =>
      t.replace(/ <(\w+)(\+0x[0-9a-f]+)?>$/, (all, name: string) => (absolute.includes(name) ? '' : all));
    const expected = [...dump.matchAll(/^\s*([0-9a-f]+):\s+([0-9a-f]+)\s+(.+)$/gm)].map((m) => ({
      address: BigInt('0x' + m[1]),
      text: dropAbsolute(m[3].trimEnd()),
    }));
    expect(absolute).toContain('UART');
    const s = new EmulatorSession({ ramSize: 1 << 20 });
    await s.loadElf(hello(), 'hello.elf');
    const lines = await s.disassemble(0x8000_0000n, expected.length);
    expect(lines.map((l) => ({ address: l.address, text: l.text }))).toEqual(expected);
    expect(lines.filter((l) => l.label !== null).map((l) => l.label)).toEqual(
      [...dump.matchAll(/^[0-9a-f]+ <(\w+)>:$/gm)].map((m) => m[1]),
    );
  });
});

function monitorSources(): Record<string, string> {
  const dir = new URL('../../../firmware/monitor/', import.meta.url).pathname;
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith('.S'))
      .map((f) => [f, readFileSync(dir + f, 'utf8')]),
  );
}
