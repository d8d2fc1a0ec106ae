import type { AccessWidth, Device } from './devices/device';
import type { Ram } from './devices/ram';

interface Mapping {
  base: number;
  end: number;
  device: Device;
}

/**
 * The physical address space: maps address ranges to devices. The CPU knows the bus, never a device.
 * Physical addresses are JS numbers; every device and RAM lie below 2^32 (see board/memory-map.ts), and any
 * address with nothing behind it answers false, which the hart turns into an access fault in the guest.
 */
export class Bus {
  private readonly mappings: Mapping[] = [];

  constructor(
    readonly ram: Ram,
    readonly ramBase: number,
  ) {
    this.map(ramBase, ram);
  }

  map(base: number, device: Device): void {
    const end = base + device.size;
    for (const m of this.mappings) {
      if (base < m.end && m.base < end) {
        throw new Error(`${device.name} at 0x${base.toString(16)} overlaps ${m.device.name}`);
      }
    }
    this.mappings.push({ base, end, device });
  }

  /**
   * Map a small device over part of RAM (HTIF's tohost lives in RAM); it takes precedence there. The hart
   * must then send accesses to that range through the bus (see Hart.setRamHole).
   */
  overlay(base: number, device: Device): void {
    this.mappings.unshift({ base, end: base + device.size, device });
  }

  /** Remove a device mapped with map() or overlay(). */
  unmap(device: Device): void {
    const i = this.mappings.findIndex((m) => m.device === device);
    if (i >= 0) this.mappings.splice(i, 1);
  }

  find(address: number, width: number): Mapping | undefined {
    for (const m of this.mappings) {
      if (address >= m.base && address + width <= m.end) return m;
    }
    return undefined;
  }

  read(address: number, width: AccessWidth, out: Int32Array): boolean {
    const m = this.find(address, width);
    return m !== undefined && m.device.read(address - m.base, width, out);
  }

  write(address: number, width: AccessWidth, lo: number, hi: number): boolean {
    const m = this.find(address, width);
    return m !== undefined && m.device.write(address - m.base, width, lo, hi);
  }

  /** True when plain RAM (not an overlay) answers for [address, address + width). */
  isRam(address: number, width: number): boolean {
    return this.find(address, width)?.device === this.ram;
  }

  devices(): readonly { base: number; size: number; name: string }[] {
    return this.mappings.map((m) => ({ base: m.base, size: m.end - m.base, name: m.device.name }));
  }
}
