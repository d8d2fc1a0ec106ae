/*
 * The physical memory map of hartscope's board. It is QEMU's `virt` machine, so one ELF runs on both
 * (`qemu-system-riscv64 -machine virt`), and firmware built for that board runs here unmodified.
 *
 *   0x0000_0000 ┌──────────────────────────┐
 *               │ (nothing: access fault)  │
 *   0x0010_0000 ├──────────────────────────┤ SiFive test finisher: 0x5555 = pass, (code<<16)|0x3333 = fail
 *   0x0010_1000 ├──────────────────────────┤
 *               │ (nothing)                │
 *   0x0200_0000 ├──────────────────────────┤ CLINT: msip +0x0, mtimecmp +0x4000, mtime +0xbff8
 *   0x0201_0000 ├──────────────────────────┤
 *               │ (nothing)                │
 *   0x0c00_0000 ├──────────────────────────┤ PLIC: priorities, pending, enables, threshold/claim per context
 *   0x1000_0000 ├──────────────────────────┤ NS16550A UART (PLIC source 10)
 *   0x1000_0100 ├──────────────────────────┤
 *   0x1000_1000 ├──────────────────────────┤ virtio-mmio slots 0..7 (PLIC sources 1..8), later
 *   0x1000_9000 ├──────────────────────────┤
 *               │ (nothing)                │
 *   0x8000_0000 ├──────────────────────────┤ RAM: firmware here (M-mode entry point after reset)
 *   0x8020_0000 │   payload (S-mode kernel)│
 *               │   ...                    │
 *   0x8000_0000 + ramSize └────────────────┘
 *
 * RAM is limited to 2 GiB, so every physical address of a device or of RAM fits in 32 unsigned bits.
 */

export const TEST_FINISHER_BASE = 0x0010_0000;
export const TEST_FINISHER_SIZE = 0x1000;

export const CLINT_BASE = 0x0200_0000;
export const CLINT_SIZE = 0x1_0000;

export const PLIC_BASE = 0x0c00_0000;
export const PLIC_SIZE = 0x60_0000;

export const UART0_BASE = 0x1000_0000;
export const UART0_SIZE = 0x100;
export const UART0_IRQ = 10;

export const VIRTIO_BASE = 0x1000_1000;
export const VIRTIO_STRIDE = 0x1000;
export const VIRTIO_COUNT = 8;
/** virtio slot n raises PLIC source VIRTIO_IRQ_FIRST + n. */
export const VIRTIO_IRQ_FIRST = 1;

export const RAM_BASE = 0x8000_0000;
export const DEFAULT_RAM_SIZE = 128 * 1024 * 1024;
export const MAX_RAM_SIZE = 2048 * 1024 * 1024;

/** Where firmware hands over to an S-mode payload (as OpenSBI's fw_jump does on virt). */
export const PAYLOAD_BASE = 0x8020_0000;

/** QEMU virt's timebase: mtime counts at 10 MHz. */
export const TIMEBASE_FREQUENCY = 10_000_000;
