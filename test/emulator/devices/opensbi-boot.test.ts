/**
 * Real firmware finds and drives hartscope's devices: the OpenSBI that QEMU 7.2 ships (fw_dynamic, v1.1)
 * boots on hartscope from QEMU's own description of the virt board, prints its banner through its uart8250
 * driver, runs a small S-mode payload that prints through the SBI console, and powers off through its
 * sifive_test driver (the test finisher). The banner lines naming the platform's devices and the payload's
 * line must be the ones QEMU prints when it boots the same firmware and payload (`-bios default`).
 *
 * The boot follows QEMU's reset vector (hw/riscv/boot.c): a0 = hart id, a1 = the FDT, a2 = a fw_dynamic
 * info block (OpenSBI include/sbi/fw_dynamic.h: magic "OSBI", version 2, next_addr, next_mode = S,
 * options, boot_hart). The FDT is QEMU's (`-machine virt,dumpdtb=`), with the nodes of devices hartscope
 * does not have removed by fdtput (virtio, PCI, flash, fw-cfg, RTC, platform bus, PMU), placed where QEMU
 * places it for 128 MiB of RAM.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PAYLOAD_BASE } from '../../../emulator/board/memory-map';
import type { Segment } from '../../../emulator/image';
import { loadElf } from '../../../emulator/loader/elf';
import { Machine } from '../../../emulator/machine';
import { hasTool, run, toolMissingMessage } from '../../helpers/tools';

const AS = 'riscv64-unknown-elf-as';
const LD = 'riscv64-unknown-elf-ld';
const QEMU = 'qemu-system-riscv64';
const FDTPUT = 'fdtput';
/** Debian's qemu-system-misc (and qemu-system-data) install QEMU's firmware here. */
const OPENSBI = '/usr/share/qemu/opensbi-riscv64-generic-fw_dynamic.elf';

const missing = [AS, LD, QEMU].filter((t) => !hasTool(t));
// fdtput has no --version; `fdtput -h` exits 0 when it is installed.
const hasFdtput = !run(FDTPUT, ['-h'], { allowFailure: true, timeoutMs: 10_000 }).status;
if (!hasFdtput) missing.push(FDTPUT);
for (const t of missing) console.warn(toolMissingMessage(t));
if (missing.length === 0 && !existsSync(OPENSBI)) {
  console.warn(`SKIPPED: ${OPENSBI} (QEMU's OpenSBI, Debian package qemu-system-data) is missing.`);
  missing.push(OPENSBI);
}

const RAM_MIB = 128;
/** QEMU 7.2 puts the FDT in the last 2 MiB-aligned slot below the end of RAM that fits it. */
const FDT_ADDRESS = 0x8000_0000 + RAM_MIB * 0x10_0000 - 0x20_0000;
const INFO_ADDRESS = FDT_ADDRESS - 0x1000;
const PAYLOAD_TEXT = 'payload: hello from S-mode';

const PAYLOAD = `
  .section .text.init
  .globl _start
_start:
  la s0, msg
1:
  lbu a0, 0(s0)
  beqz a0, 2f
  li a7, 1              # legacy SBI console_putchar
  ecall
  addi s0, s0, 1
  j 1b
2:
  li a7, 0x53525354     # SBI SRST: system_reset(shutdown, no reason)
  li a6, 0
  li a0, 0
  li a1, 0
  ecall
3:
  j 3b
  .section .rodata
msg: .asciz "${PAYLOAD_TEXT}\\n"
`;

const NODES_HARTSCOPE_LACKS = [
  '/soc/pci@30000000',
  '/soc/rtc@101000',
  '/fw-cfg@10100000',
  '/flash@20000000',
  '/platform-bus@4000000',
  '/pmu',
  ...Array.from({ length: 8 }, (_, i) => `/soc/virtio_mmio@1000${i + 1}000`),
];

/** The lines of OpenSBI's banner that come from the devices it found, and the payload's line. */
function deviceLines(console: string): string[] {
  return console.split('\n').filter((l) => /^Platform |^payload: /.test(l));
}

describe.skipIf(missing.length > 0)('OpenSBI (QEMU 7.2 fw_dynamic) on hartscope', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hartscope-opensbi-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('drives the UART, CLINT and test finisher as it does on QEMU virt', () => {
    writeFileSync(join(dir, 'payload.S'), PAYLOAD);
    writeFileSync(
      join(dir, 'payload.ld'),
      `OUTPUT_ARCH(riscv)\nENTRY(_start)\nSECTIONS { . = 0x${PAYLOAD_BASE.toString(16)};` +
        ' .text : { *(.text.init) *(.text*) } .rodata : { *(.rodata*) } }\n',
    );
    run(AS, ['-march=rv64imac_zicsr', '-mabi=lp64', '-o', join(dir, 'payload.o'), join(dir, 'payload.S')]);
    const payloadElf = join(dir, 'payload.elf');
    run(LD, ['-T', join(dir, 'payload.ld'), '-o', payloadElf, join(dir, 'payload.o')]);

    const qemuArgs = ['-machine', 'virt', '-m', `${RAM_MIB}M`, '-nographic', '-monitor', 'none'];
    const dtb = join(dir, 'virt.dtb');
    run(QEMU, ['-machine', `virt,dumpdtb=${join(dir, 'full.dtb')}`, '-m', `${RAM_MIB}M`, '-nographic']);
    copyFileSync(join(dir, 'full.dtb'), dtb);
    run(FDTPUT, ['-r', dtb, ...NODES_HARTSCOPE_LACKS]);

    const qemu = run(QEMU, [...qemuArgs, '-serial', 'stdio', '-bios', 'default', '-kernel', payloadElf], {
      timeoutMs: 30_000,
      allowFailure: true,
    });
    expect(qemu.status).toBe(0);
    const expected = deviceLines(qemu.stdout);
    // OpenSBI ends its lines with CR LF; both sides keep the CR.
    expect(expected.join('\n')).toMatch(/^Platform Console Device +: uart8250\r$/m);
    expect(expected.join('\n')).toMatch(new RegExp(`^${PAYLOAD_TEXT}\r$`, 'm'));

    const info = new DataView(new ArrayBuffer(48));
    for (const [i, v] of [0x4942_534fn, 2n, BigInt(PAYLOAD_BASE), 1n, 0n, 0n].entries()) {
      info.setBigUint64(8 * i, v, true);
    }
    const segment = (address: number, data: Uint8Array): Segment => ({
      address,
      data,
      memSize: data.length,
      flags: { read: true, write: true, execute: false },
    });
    const firmware = loadElf(new Uint8Array(readFileSync(OPENSBI)));
    const payload = loadElf(new Uint8Array(readFileSync(payloadElf)));
    const machine = new Machine({ ramSize: RAM_MIB * 0x10_0000 });
    let output = '';
    machine.onConsoleOutput = (b) => (output += String.fromCharCode(b));
    machine.load({
      entry: firmware.entry,
      segments: [
        ...firmware.segments,
        ...payload.segments,
        segment(FDT_ADDRESS, new Uint8Array(readFileSync(dtb))),
        segment(INFO_ADDRESS, new Uint8Array(info.buffer)),
      ],
      symbols: [],
      sourceMap: new Map(),
    });
    machine.hart.setX(11, FDT_ADDRESS | 0, 0);
    machine.hart.setX(12, INFO_ADDRESS | 0, 0);
    const stop = machine.run(30_000_000);

    expect(deviceLines(output)).toEqual(expected);
    expect(stop).toEqual({ kind: 'exit', code: 0, via: 'finisher' });
  });
});
