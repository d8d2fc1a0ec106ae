/**
 * The device tree blob against its oracles: the Devicetree Specification v0.4 (header and block layout),
 * dtc (must decompile it without a warning, and re-emit the very same bytes), and QEMU 7.2's own virt tree
 * (`-machine virt,dumpdtb=...`), which must equal ours once the devices hartscope deliberately lacks are
 * taken out. QEMU also tells where it puts the tree in RAM (the a1 its reset code passes), which
 * deviceTreeAddress must reproduce.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FdtNode, buildDeviceTree, deviceTreeAddress, flattenDeviceTree } from '../../../emulator/board/fdt';
import { hasTool, run, toolMissingMessage } from '../../helpers/tools';

const DTC = 'dtc';
const QEMU = 'qemu-system-riscv64';
const AS = 'riscv64-unknown-elf-as';
const LD = 'riscv64-unknown-elf-ld';
for (const t of [DTC, QEMU, AS, LD]) if (!hasTool(t)) console.warn(toolMissingMessage(t));
const haveDtc = hasTool(DTC);
const haveQemu = hasTool(QEMU) && hasTool(AS) && hasTool(LD);

const MiB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'hartscope-fdt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const be32 = (b: Uint8Array, at: number): number => new DataView(b.buffer, b.byteOffset).getUint32(at);

/** dtc's decompiled text of a blob; throws if dtc rejects it, and returns its warnings. */
function decompile(blob: Uint8Array, name = 'ours.dtb'): { dts: string; warnings: string } {
  const file = join(dir, name);
  writeFileSync(file, blob);
  const out = run(DTC, ['-I', 'dtb', '-O', 'dts', file]);
  return { dts: out.stdout, warnings: out.stderr };
}

/** A decompiled tree: properties as dtc prints their values, children by name; order does not matter. */
interface Tree {
  props: Record<string, string>;
  nodes: Record<string, Tree>;
}

/** Parse dtc's own dts output (one property per line, `name {` ... `};` around each node). */
function parseDts(dts: string): Tree {
  const root: Tree = { props: {}, nodes: {} };
  const stack: Tree[] = [];
  for (const raw of dts.split('\n')) {
    const line = raw.trim();
    if (line === '' || line === '/dts-v1/;') continue;
    const open = /^(\S+) \{$/.exec(line);
    if (open) {
      if (stack.length === 0) stack.push(root);
      else {
        const node: Tree = { props: {}, nodes: {} };
        stack[stack.length - 1].nodes[open[1]] = node;
        stack.push(node);
      }
    } else if (line === '};') stack.pop();
    else {
      const prop = /^([^=\s]+)(?: = (.*))?;$/.exec(line);
      if (!prop || stack.length === 0) throw new Error(`unexpected dts line: ${line}`);
      stack[stack.length - 1].props[prop[1]] = prop[2] ?? '';
    }
  }
  return root;
}

function nodeAt(tree: Tree, path: string): Tree {
  let node = tree;
  for (const part of path.split('/').filter(Boolean)) {
    const next = node.nodes[part];
    if (!next) throw new Error(`no node ${path}`);
    node = next;
  }
  return node;
}

/** Assembles and links a bare-metal program at `base` for QEMU's -kernel. */
function buildElf(name: string, source: string, base = 0x8000_0000): string {
  const ld = join(dir, `${name}.ld`);
  writeFileSync(join(dir, `${name}.S`), source);
  writeFileSync(ld, `ENTRY(_start)\nSECTIONS { . = 0x${base.toString(16)}; .text : { *(.text*) } }\n`);
  run(AS, ['-march=rv64imac_zicsr_zifencei', '-o', join(dir, `${name}.o`), join(dir, `${name}.S`)]);
  run(LD, ['-T', ld, '-o', join(dir, `${name}.elf`), join(dir, `${name}.o`)]);
  return join(dir, `${name}.elf`);
}

/** Prints a1 (the FDT address QEMU's reset code passes) in hex through the UART, then powers off. */
const PRINT_A1 = `
  .globl _start
_start:
  li t0, 0x10000000
  li a2, 60
1:
  srl a3, a1, a2
  andi a3, a3, 15
  li a4, 10
  blt a3, a4, 2f
  addi a3, a3, 39
2:
  addi a3, a3, 48
3:
  lbu t1, 5(t0)
  andi t1, t1, 0x20
  beqz t1, 3b
  sb a3, 0(t0)
  addi a2, a2, -4
  bgez a2, 1b
  li t0, 0x100000
  li t1, 0x5555
  sw t1, 0(t0)
4:
  j 4b
`;

const QEMU_ARGS = ['-machine', 'virt', '-bios', 'none', '-smp', '1', '-nographic', '-monitor', 'none'];

/** QEMU virt's own tree for this RAM size and command line, as dtc prints it. */
function qemuTree(ramMiB: number, bootargs: string): Tree {
  const file = join(dir, `virt-${ramMiB}.dtb`);
  const kernel = buildElf('print-a1', PRINT_A1);
  run(QEMU, [
    ...QEMU_ARGS.map((a) => (a === 'virt' ? `virt,dumpdtb=${file}` : a)),
    ...['-m', `${ramMiB}M`, '-kernel', kernel, '-append', bootargs],
  ]);
  return parseDts(decompile(readFileSync(file), `virt-${ramMiB}.dtb`).dts);
}

describe('the blob layout (Devicetree Specification v0.4, chapter 5)', () => {
  const blob = buildDeviceTree({ ramSize: 128 * MiB });
  const offStruct = be32(blob, 8);
  const offStrings = be32(blob, 12);
  const offRsvmap = be32(blob, 16);
  const sizeStrings = be32(blob, 32);
  const sizeStruct = be32(blob, 36);

  it('has a header with the magic, the total size, version 17 compatible back to 16 and boot hart 0', () => {
    expect(be32(blob, 0)).toBe(0xd00dfeed);
    expect(be32(blob, 4)).toBe(blob.length);
    expect(be32(blob, 20)).toBe(17);
    expect(be32(blob, 24)).toBe(16);
    expect(be32(blob, 28)).toBe(0);
  });

  it('places the blocks in order, aligned as the spec asks, with nothing outside totalsize', () => {
    expect(offRsvmap).toBe(40); // right after the 40-byte header, 8-aligned
    expect(offRsvmap % 8).toBe(0);
    expect(offStruct % 4).toBe(0);
    expect(offStruct).toBeGreaterThanOrEqual(offRsvmap + 16);
    expect(offStrings).toBe(offStruct + sizeStruct);
    expect(offStrings + sizeStrings).toBe(blob.length);
    expect(sizeStruct % 4).toBe(0);
  });

  it('has an empty memory reservation block: one all-zero terminating entry', () => {
    expect([...blob.subarray(offRsvmap, offRsvmap + 16)]).toEqual(new Array(16).fill(0));
  });

  it('opens the structure block with the unnamed root node and closes it with FDT_END_NODE, FDT_END', () => {
    expect(be32(blob, offStruct)).toBe(0x1); // FDT_BEGIN_NODE
    expect(be32(blob, offStruct + 4)).toBe(0); // "" padded to 4 bytes
    expect(be32(blob, offStruct + sizeStruct - 8)).toBe(0x2); // FDT_END_NODE
    expect(be32(blob, offStruct + sizeStruct - 4)).toBe(0x9); // FDT_END
  });

  it('writes a property as FDT_PROP, length, name offset into the strings block, then the value', () => {
    // The root's first property is #address-cells = <2>.
    const at = offStruct + 8;
    expect(be32(blob, at)).toBe(0x3);
    expect(be32(blob, at + 4)).toBe(4);
    const nameOff = be32(blob, at + 8);
    const name = blob.subarray(offStrings + nameOff, offStrings + nameOff + '#address-cells'.length + 1);
    expect(String.fromCharCode(...name)).toBe('#address-cells\0');
    expect(be32(blob, at + 12)).toBe(2);
  });

  it('lists memory reservations as big-endian (address, size) pairs before the terminator', () => {
    const b = flattenDeviceTree(new FdtNode(''), {
      reservations: [{ address: 0x8000_0000, size: 0x1_2000_0000 }],
      bootCpuId: 3,
    });
    expect([...b.subarray(40, 72)]).toEqual([
      ...[0, 0, 0, 0, 0x80, 0, 0, 0, 0, 0, 0, 1, 0x20, 0, 0, 0],
      ...new Array(16).fill(0),
    ]);
    expect(be32(b, 8)).toBe(72);
    expect(be32(b, 28)).toBe(3);
  });
});

describe('the writer', () => {
  it('encodes cells, 64-bit pairs, string lists and UTF-8 strings as the spec lays them out', () => {
    const n = new FdtNode('x').u64('a', 0x1_0000_0002).strings('b', 'ab', 'c').string('c', 'é€😀').flag('d');
    expect(n.properties.map((p) => [p.name, [...p.value]])).toEqual([
      ['a', [0, 0, 0, 1, 0, 0, 0, 2]],
      ['b', [0x61, 0x62, 0, 0x63, 0]],
      ['c', [0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0]],
      ['d', []],
    ]);
  });

  it('refuses what a blob cannot hold: duplicates, NUL in strings, cells out of range, reserved phandles', () => {
    const n = new FdtNode('');
    n.u32('a', 1);
    expect(() => n.u32('a', 2)).toThrow(RangeError);
    n.child('c');
    expect(() => n.child('c')).toThrow(RangeError);
    expect(() => n.string('s', 'a\0b')).toThrow(RangeError);
    expect(() => n.u32('big', 2 ** 32)).toThrow(RangeError);
    expect(() => n.u32('neg', -1)).toThrow(RangeError);
    expect(() => n.phandle(0)).toThrow(RangeError);
    expect(() => flattenDeviceTree(new FdtNode('x'))).toThrow(RangeError);
  });
});

describe('where the tree goes in RAM (QEMU 7.2 hw/riscv/boot.c riscv_load_fdt)', () => {
  it('is the last 2 MiB-aligned spot below the end of RAM, or below 3 GiB for larger RAM', () => {
    expect(deviceTreeAddress(128 * MiB, 2000)).toBe(0x87e0_0000);
    expect(deviceTreeAddress(128 * MiB, 2 * MiB)).toBe(0x87e0_0000);
    expect(deviceTreeAddress(128 * MiB, 2 * MiB + 1)).toBe(0x87c0_0000);
    expect(deviceTreeAddress(2048 * MiB, 2000)).toBe(0xbfe0_0000);
    expect(() => deviceTreeAddress(1 * MiB, 2 * MiB)).toThrow(RangeError);
  });

  for (const ramMiB of [128, 1024, 2048]) {
    it.skipIf(!haveQemu)(`matches the a1 QEMU passes with ${ramMiB} MiB of RAM`, () => {
      const kernel = buildElf('print-a1', PRINT_A1);
      const out = run(QEMU, [...QEMU_ARGS, '-serial', 'stdio', '-m', `${ramMiB}M`, '-kernel', kernel]);
      const a1 = Number.parseInt(out.stdout.trim(), 16);
      const ours = buildDeviceTree({ ramSize: ramMiB * MiB }).length;
      expect(deviceTreeAddress(ramMiB * MiB, ours)).toBe(a1);
    });
  }
});

describe.skipIf(!haveDtc)('dtc reads the blob', () => {
  const configs = [
    { ramSize: 128 * MiB },
    { ramSize: 2048 * MiB, bootargs: 'console=ttyS0 earlycon=sbi root=/dev/vda rw' },
    { ramSize: 4096 },
  ];
  for (const config of configs) {
    it(`without a warning, and re-emits the same bytes (${JSON.stringify(config)})`, () => {
      const blob = buildDeviceTree(config);
      expect(decompile(blob).warnings).toBe('');
      const again = join(dir, 'again.dtb');
      run(DTC, ['-I', 'dtb', '-O', 'dtb', '-o', again, join(dir, 'ours.dtb')]);
      expect([...readFileSync(again)]).toEqual([...blob]);
    });
  }

  it('shows the configured RAM size in /memory@80000000 and the command line in /chosen', () => {
    const big = parseDts(decompile(buildDeviceTree({ ramSize: 2048 * MiB, bootargs: 'console=ttyS0' })).dts);
    expect(nodeAt(big, '/memory@80000000').props.reg).toBe('<0x00 0x80000000 0x00 0x80000000>');
    expect(nodeAt(big, '/chosen').props.bootargs).toBe('"console=ttyS0"');
    const small = parseDts(decompile(buildDeviceTree({ ramSize: 64 * MiB + 4096 })).dts);
    expect(nodeAt(small, '/memory@80000000').props.reg).toBe('<0x00 0x80000000 0x00 0x4001000>');
    expect(nodeAt(small, '/chosen').props).toEqual({ 'stdout-path': '"/soc/serial@10000000"' });
  });
});

/**
 * What QEMU's virt tree has that hartscope's deliberately does not, and why. Each entry must really be in
 * QEMU's tree (the edit throws otherwise), so the list cannot go stale silently.
 */
const QEMU_ONLY_NODES: [path: string, why: string][] = [
  ['/pmu', 'no hardware performance-monitoring events: only cycle and instret count'],
  ['/fw-cfg@10100000', "QEMU's own interface for passing files to its firmware; no such device"],
  ['/flash@20000000', 'no parallel flash banks'],
  ['/platform-bus@4000000', "QEMU's container for dynamically plugged sysbus devices; none can be plugged"],
  ['/soc/rtc@101000', 'no goldfish RTC: wall-clock time would make runs differ'],
  ['/soc/pci@30000000', 'no PCIe host bridge'],
  ...[1, 2, 3, 4, 5, 6, 7, 8].map((n): [string, string] => [
    `/soc/virtio_mmio@1000${n}000`,
    'no virtio-mmio devices yet (memory-map.ts reserves their slots)',
  ]),
];

const QEMU_ONLY_PROPS: [path: string, prop: string, why: string][] = [
  ['/chosen', 'rng-seed', 'random at every QEMU reset; a hartscope run must be the same every time'],
];

/** Properties both trees have, with hartscope's value and why it differs. */
const CHANGED_PROPS: [path: string, prop: string, ours: string, why: string][] = [
  ['/cpus/cpu@0', 'riscv,isa', '"rv64imac_zicsr_zifencei"', 'no F, D, H, Zihintpause, Zb*, Sstc'],
  ['/cpus/cpu@0', 'mmu-type', '"riscv,sv39"', 'Sv39 is the only translation mode hartscope has'],
  [
    '/soc/plic@c000000',
    'riscv,ndev',
    '<0x5f>',
    'QEMU 7.2 says 96: off by one (sources are 1..95), fixed later',
  ],
];

/** What hartscope adds. */
const OURS_ONLY_PROPS: [path: string, prop: string, value: string, why: string][] = [
  ['/aliases', 'serial0', '"/soc/serial@10000000"', 'later QEMU versions add it; U-Boot and Linux use it'],
  ['/cpus/cpu@0/interrupt-controller', '#address-cells', '<0x00>', 'dtc warns without it'],
];

function expectedFromQemu(qemu: Tree): Tree {
  for (const [path] of QEMU_ONLY_NODES) {
    const cut = path.lastIndexOf('/');
    const parent = nodeAt(qemu, path.slice(0, cut) || '/');
    if (!parent.nodes[path.slice(cut + 1)]) throw new Error(`QEMU's tree has no ${path}`);
    delete parent.nodes[path.slice(cut + 1)];
  }
  for (const [path, prop] of QEMU_ONLY_PROPS) {
    if (!(prop in nodeAt(qemu, path).props)) throw new Error(`QEMU's ${path} has no ${prop}`);
    delete nodeAt(qemu, path).props[prop];
  }
  for (const [path, prop, ours] of CHANGED_PROPS) {
    const props = nodeAt(qemu, path).props;
    if (!(prop in props) || props[prop] === ours) throw new Error(`QEMU's ${path} ${prop} is not different`);
    props[prop] = ours;
  }
  for (const [path, prop, value] of OURS_ONLY_PROPS) {
    const parts = path.split('/').filter(Boolean);
    let node = qemu;
    for (const part of parts) node = node.nodes[part] ??= { props: {}, nodes: {} };
    if (prop in node.props) throw new Error(`QEMU's ${path} already has ${prop}`);
    node.props[prop] = value;
  }
  return qemu;
}

describe.skipIf(!haveQemu || !haveDtc)("QEMU 7.2 virt's own device tree", () => {
  it('equals ours once the devices hartscope deliberately lacks are taken out (256 MiB, bootargs)', () => {
    const bootargs = 'console=ttyS0 earlycon=sbi';
    const expected = expectedFromQemu(qemuTree(256, bootargs));
    const ours = parseDts(decompile(buildDeviceTree({ ramSize: 256 * MiB, bootargs })).dts);
    expect(ours).toEqual(expected);
    expect(nodeAt(ours, '/memory@80000000').props.reg).toBe('<0x00 0x80000000 0x00 0x10000000>');
    expect(nodeAt(ours, '/chosen').props.bootargs).toBe(`"${bootargs}"`);
  });
});

/** QEMU's bundled OpenSBI (Debian package qemu-system-data): a real reader of device trees. */
const OPENSBI = '/usr/share/qemu/opensbi-riscv64-generic-fw_dynamic.elf';
const haveOpensbi = existsSync(OPENSBI);
if (haveQemu && !haveOpensbi) {
  console.warn(
    `SKIPPED: ${OPENSBI} (Debian package qemu-system-data) is missing, so OpenSBI did not read our tree.`,
  );
}

/** An S-mode payload that powers off through the test finisher as soon as OpenSBI enters it. */
const POWER_OFF = `
  .globl _start
_start:
  li t0, 0x100000
  li t1, 0x5555
  sw t1, 0(t0)
1:
  j 1b
`;

describe.skipIf(!haveQemu || !haveOpensbi)('OpenSBI reading the tree on QEMU', () => {
  it("prints the same banner (platform devices, domain, hart) with our tree as with QEMU virt's own", () => {
    const payload = buildElf('power-off', POWER_OFF, 0x8020_0000);
    const dtb = join(dir, 'for-opensbi.dtb');
    writeFileSync(dtb, buildDeviceTree({ ramSize: 128 * MiB }));
    const boot = (extra: string[]): string =>
      run(QEMU, [
        ...['-machine', 'virt', '-smp', '1', '-m', '128M', '-nographic', '-monitor', 'none'],
        ...['-serial', 'stdio', '-bios', OPENSBI, '-kernel', payload, ...extra],
      ]).stdout;
    const withQemus = boot([]);
    expect(withQemus).toContain('Platform Console Device   : uart8250');
    expect(withQemus).toContain('Domain0 Next Arg1         : 0x0000000087e00000');
    expect(boot(['-dtb', dtb])).toBe(withQemus);
  });
});
