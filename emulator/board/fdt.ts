/*
 * The flattened device tree (FDT, "DTB") that tells firmware and kernels what this board is: which hart,
 * how much RAM and where, which devices at which addresses, wired to which interrupts. A real board's boot
 * ROM hands its address to the first program in a1; hartscope does the same (DESIGN.md "Boot").
 *
 * Two halves: first buildDeviceTree, which describes hartscope's board the way QEMU 7.2's virt machine
 * does for one hart (hw/riscv/virt.c create_fdt*), minus the devices hartscope does not have, and
 * deviceTreeAddress, where QEMU puts it; then a small generic writer (FdtNode + flattenDeviceTree,
 * Devicetree Specification v0.4 chapter 5, blob version 17).
 *
 * Blob layout, as dtc writes it:
 *   header (40 bytes) | memory reservation block (8-aligned, pairs of u64, ends with 0,0)
 *   | structure block (4-aligned tokens) | strings block (property names, NUL-terminated, shared)
 * Every integer is big-endian, whatever the host or guest byte order.
 */
import {
  CLINT_BASE,
  CLINT_SIZE,
  PLIC_BASE,
  PLIC_SIZE,
  RAM_BASE,
  TEST_FINISHER_BASE,
  TEST_FINISHER_SIZE,
  TIMEBASE_FREQUENCY,
  UART0_BASE,
  UART0_IRQ,
  UART0_SIZE,
} from './memory-map';

export interface DeviceTreeConfig {
  /** RAM size in bytes (the /memory node's reg). */
  ramSize: number;
  /** The kernel command line, as /chosen/bootargs (QEMU's -append); absent when not given or empty. */
  bootargs?: string;
}

/**
 * What the hart implements, in the ISA naming string's canonical order (ISA manual, "ISA Extension Naming
 * Conventions"). QEMU 7.2's default cpu says rv64imafdch_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs_sstc;
 * hartscope has no F, D, H, bit-manipulation or Sstc, and only claims what it does.
 */
export const RISCV_ISA = 'rv64imac_zicsr_zifencei';
/** QEMU 7.2 says riscv,sv48 (its default satp modes go up to Sv48); hartscope translates Sv39 only. */
export const MMU_TYPE = 'riscv,sv39';
/**
 * PLIC sources 1..95 (source 0 means "none"). QEMU 7.2 writes 96, one too many (its PLIC has 96 sources
 * counting source 0, as ours does); later QEMU writes VIRT_IRQCHIP_NUM_SOURCES - 1 = 95.
 */
export const PLIC_NDEV = 95;
/** QEMU virt's NS16550A clock (3.6864 MHz); a driver computes baud-rate divisors from it. */
export const UART0_CLOCK_FREQUENCY = 3_686_400;

/** Phandles numbered as QEMU 7.2 numbers them for one hart, so a dump of either tree reads the same. */
const PHANDLE_CPU0 = 1;
const PHANDLE_CPU0_INTC = 2;
const PHANDLE_PLIC = 3;
const PHANDLE_TEST = 4;

/** Local interrupt numbers on the hart's interrupt controller (mip bits, privileged spec 3.1.9). */
const IRQ_M_SOFT = 3;
const IRQ_M_TIMER = 7;
const IRQ_S_EXT = 9;
const IRQ_M_EXT = 11;

/** Test finisher values that the syscon-poweroff and syscon-reboot drivers write (see test-finisher.ts). */
const FINISHER_PASS = 0x5555;
const FINISHER_RESET = 0x7777;

/** The tree of hartscope's board, before flattening (useful to inspect; buildDeviceTree flattens it). */
export function deviceTreeNodes(config: DeviceTreeConfig): FdtNode {
  const uartPath = `/soc/${unit('serial', UART0_BASE)}`;
  const root = new FdtNode('')
    .u32('#address-cells', 2)
    .u32('#size-cells', 2)
    .string('compatible', 'riscv-virtio')
    .string('model', 'riscv-virtio,qemu');

  // SIMPLIFICATION: no rng-seed. QEMU fills /chosen/rng-seed with fresh random bytes at every reset; a
  // hartscope run must be the same every time (DESIGN.md "Deterministic").
  const chosen = root.child('chosen').string('stdout-path', uartPath);
  if (config.bootargs) chosen.string('bootargs', config.bootargs);
  // QEMU 7.2 has no /aliases; later QEMU adds serial0, which Linux and U-Boot use to number the console.
  root.child('aliases').string('serial0', uartPath);

  // Power off and reboot are writes to the test finisher, found through its phandle (regmap).
  root
    .child('poweroff')
    .u32('value', FINISHER_PASS)
    .u32('offset', 0)
    .u32('regmap', PHANDLE_TEST)
    .string('compatible', 'syscon-poweroff');
  root
    .child('reboot')
    .u32('value', FINISHER_RESET)
    .u32('offset', 0)
    .u32('regmap', PHANDLE_TEST)
    .string('compatible', 'syscon-reboot');

  root.child(unit('memory', RAM_BASE)).string('device_type', 'memory').u64('reg', RAM_BASE, config.ramSize);

  const cpus = root.child('cpus').u32('#address-cells', 1).u32('#size-cells', 0);
  cpus.u32('timebase-frequency', TIMEBASE_FREQUENCY);
  const cpu0 = cpus
    .child('cpu@0')
    .phandle(PHANDLE_CPU0)
    .string('device_type', 'cpu')
    .u32('reg', 0)
    .string('status', 'okay')
    .string('compatible', 'riscv')
    .string('riscv,isa', RISCV_ISA)
    .string('mmu-type', MMU_TYPE);
  // The hart's own interrupt controller: its inputs are the mip bits. #address-cells = <0> is not in QEMU
  // 7.2's tree; without it dtc warns "Missing #address-cells in interrupt provider".
  cpu0
    .child('interrupt-controller')
    .u32('#interrupt-cells', 1)
    .u32('#address-cells', 0)
    .flag('interrupt-controller')
    .string('compatible', 'riscv,cpu-intc')
    .phandle(PHANDLE_CPU0_INTC);
  cpus.child('cpu-map').child('cluster0').child('core0').u32('cpu', PHANDLE_CPU0);

  const soc = root
    .child('soc')
    .u32('#address-cells', 2)
    .u32('#size-cells', 2)
    .string('compatible', 'simple-bus')
    .flag('ranges');
  soc
    .child(unit('test', TEST_FINISHER_BASE))
    .phandle(PHANDLE_TEST)
    .u64('reg', TEST_FINISHER_BASE, TEST_FINISHER_SIZE)
    .strings('compatible', 'sifive,test1', 'sifive,test0', 'syscon');
  // The CLINT drives the hart's machine software (msip) and machine timer (mtimecmp) interrupts.
  soc
    .child(unit('clint', CLINT_BASE))
    .u32('interrupts-extended', PHANDLE_CPU0_INTC, IRQ_M_SOFT, PHANDLE_CPU0_INTC, IRQ_M_TIMER)
    .u64('reg', CLINT_BASE, CLINT_SIZE)
    .strings('compatible', 'sifive,clint0', 'riscv,clint0');
  // One hart has two PLIC contexts: 0 drives the machine external interrupt, 1 the supervisor one.
  soc
    .child(unit('plic', PLIC_BASE))
    .phandle(PHANDLE_PLIC)
    .u32('riscv,ndev', PLIC_NDEV)
    .u64('reg', PLIC_BASE, PLIC_SIZE)
    .u32('interrupts-extended', PHANDLE_CPU0_INTC, IRQ_M_EXT, PHANDLE_CPU0_INTC, IRQ_S_EXT)
    .flag('interrupt-controller')
    .strings('compatible', 'sifive,plic-1.0.0', 'riscv,plic0')
    .u32('#address-cells', 0)
    .u32('#interrupt-cells', 1);
  soc
    .child(unit('serial', UART0_BASE))
    .u32('interrupts', UART0_IRQ)
    .u32('interrupt-parent', PHANDLE_PLIC)
    .u32('clock-frequency', UART0_CLOCK_FREQUENCY)
    .u64('reg', UART0_BASE, UART0_SIZE)
    .string('compatible', 'ns16550a');
  // SIMPLIFICATION: none of QEMU virt's other devices: virtio-mmio slots, goldfish RTC, PCIe, flash,
  // fw-cfg, the PMU description and the platform bus. A tree lists only what a guest can really use.
  return root;
}

/** hartscope's board as a DTB, ready to be copied into RAM at deviceTreeAddress(...) and passed in a1. */
export function buildDeviceTree(config: DeviceTreeConfig): Uint8Array {
  return flattenDeviceTree(deviceTreeNodes(config), { bootCpuId: 0 });
}

const MiB = 1024 * 1024;

/**
 * Where QEMU 7.2 puts the DTB (hw/riscv/boot.c riscv_load_fdt): as high as possible, so a kernel or initrd
 * loaded low does not overwrite it, but below the absolute address 3 GiB so that 32-bit software can reach
 * it, and 2 MiB-aligned (down): align_down(min(RAM end, 3 GiB) - size, 2 MiB). With the base at 2 GiB that
 * is at most 1 GiB into RAM. Any size up to 2 MiB gives the same address (0x87e0_0000 for 128 MiB), so
 * QEMU's own tree size does not matter. With only a few MiB of RAM the tree lands on the firmware
 * (0x8000_0000) or the payload (0x8020_0000), as it would on QEMU: the caller decides what to do then.
 */
export function deviceTreeAddress(ramSize: number, dtbSize: number): number {
  const ramEnd = RAM_BASE + ramSize;
  const top = RAM_BASE < 3072 * MiB ? Math.min(ramEnd, 3072 * MiB) : ramEnd;
  const address = Math.floor((top - dtbSize) / (2 * MiB)) * (2 * MiB);
  if (dtbSize <= 0 || address < RAM_BASE) {
    throw new RangeError(`a ${dtbSize}-byte device tree does not fit in ${ramSize} bytes of RAM`);
  }
  return address;
}

/** node-name@unit-address, the unit address in lower-case hex without leading zeros (spec 2.2.1). */
function unit(name: string, address: number): string {
  return `${name}@${address.toString(16)}`;
}

// ---- The generic writer ----

export const FDT_MAGIC = 0xd00dfeed;
export const FDT_VERSION = 17;
/** The oldest version a version-17 blob stays readable by (the spec's value for version 17). */
export const FDT_LAST_COMP_VERSION = 16;
export const FDT_HEADER_SIZE = 40;

/** Structure block tokens (spec 5.4.1). */
const FDT_BEGIN_NODE = 0x1;
const FDT_END_NODE = 0x2;
const FDT_PROP = 0x3;
const FDT_END = 0x9;

/** One node of a device tree under construction: named properties (raw bytes) and child nodes, in order. */
export class FdtNode {
  readonly properties: { name: string; value: Uint8Array }[] = [];
  readonly children: FdtNode[] = [];

  /** `name` is node-name[@unit-address]; the root's name is the empty string. */
  constructor(readonly name: string) {}

  /** Add a child node and return it, so a tree reads top-down. */
  child(name: string): FdtNode {
    if (name === '' || name.includes('/') || name.includes('\0'))
      throw new RangeError(`bad node name '${name}'`);
    if (this.children.some((c) => c.name === name)) throw new RangeError(`duplicate node '${name}'`);
    const node = new FdtNode(name);
    this.children.push(node);
    return node;
  }

  /** A property with raw bytes as its value. Every typed setter below ends here. */
  bytes(name: string, value: Uint8Array): this {
    if (name === '' || name.includes('\0')) throw new RangeError(`bad property name '${name}'`);
    if (this.properties.some((p) => p.name === name)) throw new RangeError(`duplicate property '${name}'`);
    this.properties.push({ name, value: value.slice() });
    return this;
  }

  /** An empty property: its presence is the information (`interrupt-controller;`, `ranges;`). */
  flag(name: string): this {
    return this.bytes(name, new Uint8Array(0));
  }

  /** One or more 32-bit cells (<u32>, <prop-encoded-array>). Phandle references are cells too. */
  u32(name: string, ...cells: number[]): this {
    const out = new Uint8Array(4 * cells.length);
    cells.forEach((c, i) => putU32(out, 4 * i, checkU32(c)));
    return this.bytes(name, out);
  }

  /** One or more 64-bit values, each as two cells (high, low). Values are JS numbers up to 2^53. */
  u64(name: string, ...values: number[]): this {
    return this.u32(name, ...values.flatMap(splitU64));
  }

  /** A NUL-terminated string (<string>), encoded as UTF-8. */
  string(name: string, value: string): this {
    return this.strings(name, value);
  }

  /** A list of NUL-terminated strings (<stringlist>), as in `compatible = "a", "b"`. */
  strings(name: string, ...values: string[]): this {
    if (values.length === 0) throw new RangeError(`property '${name}' needs at least one string`);
    return this.bytes(name, concat(values.map(cString)));
  }

  /** This node's phandle (spec 2.3.3): the number other nodes use to refer to it. */
  phandle(value: number): this {
    if (value === 0 || value === 0xffffffff) throw new RangeError(`phandle ${value} is reserved`);
    return this.u32('phandle', value);
  }
}

/** A region the OS must not use (spec 5.3): firmware, or the blob itself if a board wants to say so. */
export interface MemoryReservation {
  address: number;
  size: number;
}

export interface FlattenOptions {
  /** The physical id of the boot hart (header field boot_cpuid_phys). */
  bootCpuId?: number;
  reservations?: readonly MemoryReservation[];
}

/** Serialise a tree into a version-17 blob, laid out as dtc lays it out. */
export function flattenDeviceTree(root: FdtNode, options: FlattenOptions = {}): Uint8Array {
  if (root.name !== '') throw new RangeError(`the root node has an empty name, not '${root.name}'`);
  const strings = new StringTable();
  const struct = new ByteWriter();
  writeNode(root, struct, strings);
  struct.u32(FDT_END);
  const structBytes = struct.finish();
  const stringBytes = strings.finish();

  const reservations = options.reservations ?? [];
  const offMemRsvmap = FDT_HEADER_SIZE; // already 8-aligned
  const offDtStruct = offMemRsvmap + 16 * (reservations.length + 1);
  const offDtStrings = offDtStruct + structBytes.length;
  const totalSize = offDtStrings + stringBytes.length;

  const blob = new Uint8Array(totalSize);
  const header = [
    FDT_MAGIC,
    totalSize,
    offDtStruct,
    offDtStrings,
    offMemRsvmap,
    FDT_VERSION,
    FDT_LAST_COMP_VERSION,
    checkU32(options.bootCpuId ?? 0),
    stringBytes.length,
    structBytes.length,
  ];
  header.forEach((v, i) => putU32(blob, 4 * i, v));
  reservations.forEach((r, i) => {
    const cells = [...splitU64(r.address), ...splitU64(r.size)];
    cells.forEach((c, j) => putU32(blob, offMemRsvmap + 16 * i + 4 * j, c));
  });
  // The terminating all-zero entry is already zero.
  blob.set(structBytes, offDtStruct);
  blob.set(stringBytes, offDtStrings);
  return blob;
}

function writeNode(node: FdtNode, out: ByteWriter, strings: StringTable): void {
  out.u32(FDT_BEGIN_NODE);
  out.bytes(cString(node.name));
  out.align4();
  for (const p of node.properties) {
    out.u32(FDT_PROP);
    out.u32(p.value.length);
    out.u32(strings.offsetOf(p.name));
    out.bytes(p.value);
    out.align4();
  }
  for (const c of node.children) writeNode(c, out, strings);
  out.u32(FDT_END_NODE);
}

/** The strings block: each property name once, as dtc stores it (spec 5.5). */
class StringTable {
  private readonly offsets = new Map<string, number>();
  private readonly out = new ByteWriter();

  offsetOf(name: string): number {
    let at = this.offsets.get(name);
    if (at === undefined) {
      at = this.out.length;
      this.offsets.set(name, at);
      this.out.bytes(cString(name));
    }
    return at;
  }

  finish(): Uint8Array {
    return this.out.finish();
  }
}

/** A growable big-endian byte buffer. */
class ByteWriter {
  private buf = new Uint8Array(1024);
  length = 0;

  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  u32(v: number): void {
    this.reserve(4);
    putU32(this.buf, this.length, v);
    this.length += 4;
  }

  /** Pad with zero bytes to a multiple of 4 (tokens and property values start 4-aligned). */
  align4(): void {
    const pad = (4 - (this.length & 3)) & 3;
    this.reserve(pad);
    this.buf.fill(0, this.length, this.length + pad);
    this.length += pad;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }

  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    bigger.set(this.buf.subarray(0, this.length));
    this.buf = bigger;
  }
}

function putU32(out: Uint8Array, at: number, v: number): void {
  out[at] = v >>> 24;
  out[at + 1] = (v >>> 16) & 0xff;
  out[at + 2] = (v >>> 8) & 0xff;
  out[at + 3] = v & 0xff;
}

function checkU32(v: number): number {
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new RangeError(`${v} is not a 32-bit cell`);
  return v;
}

/** [high cell, low cell] of a non-negative integer below 2^53. */
function splitU64(v: number): [number, number] {
  if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${v} is not a 64-bit value this writer takes`);
  return [Math.floor(v / 2 ** 32), v >>> 0];
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * UTF-8 bytes of `s` followed by a NUL. Written out by hand because TextEncoder is not part of ES2022 (the
 * emulator's only library, so it runs the same in a Worker and in Node).
 */
function cString(s: string): Uint8Array {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (c === 0) throw new RangeError('a device tree string cannot contain NUL');
    if (c >= 0xd800 && c <= 0xdfff) throw new RangeError('a device tree string cannot hold a lone surrogate');
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  out.push(0);
  return Uint8Array.from(out);
}
