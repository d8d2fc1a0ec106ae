/**
 * An independent oracle for the debug page walk: QEMU's own MMU. firmware/examples/paging.elf runs on QEMU
 * virt (OpenSBI below it) with `j .` patched in at paging_done, so it stops there in S-mode with paging on;
 * QEMU's monitor (HMP `gva2gpa`, `info mem`) then translates addresses through the guest's page tables. The
 * same ELF runs in our session to paging_done, and explainTranslation must give the same answers.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadElf } from '../../../emulator/loader/elf';
import { EmulatorSession } from '../../../src/worker/emulator-session';
import { hasTool, toolMissingMessage } from '../../helpers/tools';

const QEMU = 'qemu-system-riscv64';
if (!hasTool(QEMU)) console.warn(toolMissingMessage(QEMU));

const ELF = new Uint8Array(
  readFileSync(new URL('../../../firmware/examples/paging.elf', import.meta.url).pathname),
);
const STOP = BigInt(loadElf(ELF).symbols.find((s) => s.name === 'paging_done')!.address);

/** A copy of the ELF with `j .` (jal x0, 0: 0x0000006f) at `address`, found through the program headers. */
function patchedElf(elf: Uint8Array, address: bigint): Uint8Array {
  const out = elf.slice();
  const v = new DataView(out.buffer);
  const phoff = Number(v.getBigUint64(0x20, true));
  const phnum = v.getUint16(0x38, true);
  for (let i = 0; i < phnum; i++) {
    const ph = phoff + i * 56;
    const vaddr = v.getBigUint64(ph + 16, true);
    const filesz = v.getBigUint64(ph + 32, true);
    if (v.getUint32(ph, true) === 1 && address >= vaddr && address < vaddr + filesz) {
      v.setUint32(Number(v.getBigUint64(ph + 8, true) + address - vaddr), 0x6f, true);
      return out;
    }
  }
  throw new Error(`0x${address.toString(16)} is in no loadable segment`);
}

/** QEMU with its monitor on stdio: `command` sends one HMP command and resolves with its output lines. */
class QemuMonitor {
  private out = '';
  private readonly proc;

  constructor(elfPath: string) {
    this.proc = spawn(
      QEMU,
      ['-machine', 'virt', '-bios', 'default', '-kernel', elfPath, '-display', 'none'].concat([
        '-serial',
        'null',
        '-monitor',
        'stdio',
      ]),
    );
    this.proc.stdout.on('data', (d: Buffer) => (this.out += d.toString('latin1')));
  }

  private async until(pred: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!pred()) {
      if (Date.now() > end)
        throw new Error(`QEMU: timed out waiting for ${what}; output so far:\n${this.out}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async command(cmd: string): Promise<string[]> {
    await this.until(() => this.out.endsWith('(qemu) '), 'the monitor prompt');
    const from = this.out.length;
    this.proc.stdin.write(`${cmd}\n`);
    await this.until(() => this.out.length > from && this.out.endsWith('(qemu) '), `the answer to ${cmd}`);
    // Drop the echoed command line (full of cursor-movement escapes) and the next prompt.
    const lines = this.out.slice(from, -'(qemu) '.length).split(/\r?\n/);
    return lines
      .slice(1)
      .map((l) => l.replace(/\r/g, ''))
      .filter((l) => l !== '');
  }

  /** Poll `info registers` until the hart's pc is `pc` (the guest reached its `j .`). */
  async waitForPc(pc: bigint): Promise<void> {
    const end = Date.now() + 60_000;
    for (;;) {
      const regs = (await this.command('info registers')).join('\n');
      const m = / pc\s+([0-9a-f]+)/.exec(regs);
      if (m && BigInt(`0x${m[1]}`) === pc) return;
      if (Date.now() > end) throw new Error(`QEMU never reached pc 0x${pc.toString(16)}:\n${regs}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  quit(): void {
    this.proc.kill();
  }
}

const ADDRESSES = [
  0x4000_0000n, // the 4 KiB page onto vpage
  0x4000_0abcn,
  0x4000_1008n, // the page the fault handler mapped
  0x4000_2000n, // unmapped (V=0 at level 0)
  0x4020_0000n, // unmapped (V=0 at level 1)
  0x0000_1000n, // unmapped (V=0 at level 2)
  0x8020_0000n, // the identity gigapage
  0xbfff_fff8n,
  0xffff_ffc0_0000_0000n, // canonical, unmapped
];

describe.skipIf(!hasTool(QEMU))('the debug page walk agrees with QEMU (paging.elf at paging_done)', () => {
  it('gva2gpa and info mem match explainTranslation', { timeout: 180_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hartscope-paging-'));
    const path = join(dir, 'paging-stop.elf');
    writeFileSync(path, patchedElf(ELF, STOP));
    const qemu = new QemuMonitor(path);
    try {
      await qemu.waitForPc(STOP);
      const s = new EmulatorSession({ ramSize: 1 << 27 });
      await s.setFirmware({ kind: 'host' });
      expect((await s.loadElf(ELF, 'paging.elf')).ok).toBe(true);
      expect(await s.runTo(STOP)).toEqual({ kind: 'paused', cause: 'run-to' });

      for (const va of ADDRESSES) {
        const answer = (await qemu.command(`gva2gpa 0x${va.toString(16)}`)).join(' ');
        const ours = await s.explainTranslation(va);
        const qemuPa = /gpa: (0x[0-9a-f]+)/.exec(answer);
        if (qemuPa) expect([va, ours.pa]).toEqual([va, BigInt(qemuPa[1])]);
        else {
          expect(answer, `QEMU's answer for 0x${va.toString(16)}`).toMatch(/Unmapped/);
          expect([va, ours.pa, ours.fault?.kind]).toEqual([va, null, 'page-fault']);
        }
      }

      // info mem: every mapped range, its physical start, size and permissions.
      const rows = (await qemu.command('info mem'))
        .map((l) => /^([0-9a-f]{16}) ([0-9a-f]{16}) ([0-9a-f]{16}) ([rwxugad-]+)$/.exec(l.trim()))
        .filter((m) => m !== null);
      expect(rows.length).toBeGreaterThanOrEqual(3);
      for (const [, v, p, size, attr] of rows) {
        const va = BigInt(`0x${v}`);
        const last = va + BigInt(`0x${size}`) - 1n;
        const first = await s.explainTranslation(va);
        expect([va, first.pa]).toEqual([va, BigInt(`0x${p}`)]);
        expect((await s.explainTranslation(last)).pa).toBe(BigInt(`0x${p}`) + BigInt(`0x${size}`) - 1n);
        expect(first.pageSize).toBeLessThanOrEqual(Number(BigInt(`0x${size}`)));
        const leaf = first.levels[first.levels.length - 1].flags; // D A G U X W R V
        const ours = `${leaf[6] === 'R' ? 'r' : '-'}${leaf[5] === 'W' ? 'w' : '-'}${leaf[4] === 'X' ? 'x' : '-'}`;
        expect([va, ours]).toEqual([va, attr.slice(0, 3)]);
      }
      // The guest's own view through the mapping: the message it wrote at virtual 0x40000000.
      const v = await s.readMemory(0x4000_0000n, 29, 'virtual');
      expect(new TextDecoder().decode(v.bytes)).toBe('Hello through a virtual page!');
    } finally {
      qemu.quit();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
