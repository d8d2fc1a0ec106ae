# platform.S: the numbers the monitor is built from, each named once. The addresses are QEMU virt's
# (emulator/board/memory-map.ts draws the map; test/firmware checks that these match it). The SBI numbers
# are the RISC-V SBI specification v2.0's; the CSR bits are the privileged specification's.

# ---- The board ----
  .equ RAM_BASE, 0x80000000
  .equ PAYLOAD_BASE, 0x80200000     # where the S-mode payload starts, as OpenSBI's fw_jump expects it
  .equ UART_BASE, 0x10000000        # NS16550A
  .equ UART_RBR, 0                  # receiver buffer (read)
  .equ UART_THR, 0                  # transmitter holding register (write)
  .equ UART_LSR, 5                  # line status
  .equ LSR_DR, 0x01                 # a received byte is waiting
  .equ LSR_THRE, 0x20               # the transmitter can take a byte
  .equ CLINT_BASE, 0x2000000
  .equ CLINT_MTIMECMP, 0x4000       # hart 0's mtimecmp
  .equ CLINT_MTIME, 0xbff8          # mtime: the time every hart's `time` CSR shows
  .equ FINISHER_BASE, 0x100000      # SiFive test finisher: ends the run
  .equ FINISHER_PASS, 0x5555
  .equ FINISHER_FAIL, 0x3333        # (code << 16) | FINISHER_FAIL exits with code
  .equ FINISHER_RESET, 0x7777

# ---- CSR bits (privileged specification) ----
  .equ MSTATUS_SIE, 1 << 1
  .equ MSTATUS_SPIE, 1 << 5
  .equ MSTATUS_SPP, 1 << 8
  .equ MSTATUS_MPP, 3 << 11
  .equ MSTATUS_MPP_S, 1 << 11
  .equ MSTATUS_MPRV, 1 << 17        # M-mode loads and stores act as the mode in MPP would
  .equ MSTATUS_MXR, 1 << 19         # loads may read pages that are only executable
  .equ COUNTEREN_TM, 1 << 1         # mcounteren/scounteren: the lower mode may read `time`
  .equ CSR_TIME, 0xc01
  .equ MIP_SSIP, 1 << 1
  .equ MIP_STIP, 1 << 5
  .equ MIP_MTIP, 1 << 7
  .equ MIP_SEIP, 1 << 9
  .equ CAUSE_MISALIGNED_FETCH, 0
  .equ CAUSE_FETCH_ACCESS, 1
  .equ CAUSE_ILLEGAL_INSTRUCTION, 2
  .equ CAUSE_MISALIGNED_LOAD, 4
  .equ CAUSE_MISALIGNED_STORE, 6
  .equ CAUSE_LOAD_ACCESS, 5
  .equ CAUSE_STORE_ACCESS, 7
  .equ CAUSE_BREAKPOINT, 3
  .equ CAUSE_USER_ECALL, 8
  .equ CAUSE_SUPERVISOR_ECALL, 9
  .equ CAUSE_FETCH_PAGE_FAULT, 12
  .equ CAUSE_LOAD_PAGE_FAULT, 13
  .equ CAUSE_STORE_PAGE_FAULT, 15
  .equ IRQ_MACHINE_TIMER, 7         # mcause = (1 << 63) | 7
  .equ PMP_R, 0x01
  .equ PMP_W, 0x02
  .equ PMP_X, 0x04
  .equ PMP_NAPOT, 0x18              # A field = 3: a naturally aligned power-of-two region

# ---- SBI (specification v2.0) ----
  .equ SBI_SPEC_VERSION, (2 << 24) | 0    # major 2, minor 0
  # SIMPLIFICATION: implementation IDs are assigned by the SBI specification (0 BBL, 1 OpenSBI, ... 11
  # bhyve); hartscope has none, so it uses 0x6873 ("hs"), far above the assigned ones.
  .equ SBI_IMPL_ID, 0x6873
  .equ SBI_IMPL_VERSION, 1
  .equ SBI_SUCCESS, 0
  .equ SBI_ERR_FAILED, -1
  .equ SBI_ERR_NOT_SUPPORTED, -2
  .equ SBI_ERR_INVALID_PARAM, -3
  .equ SBI_ERR_INVALID_ADDRESS, -5
  .equ SBI_EXT_LEGACY_SET_TIMER, 0x00
  .equ SBI_EXT_LEGACY_CONSOLE_PUTCHAR, 0x01
  .equ SBI_EXT_LEGACY_CONSOLE_GETCHAR, 0x02
  .equ SBI_EXT_LEGACY_SHUTDOWN, 0x08
  .equ SBI_EXT_BASE, 0x10
  .equ SBI_EXT_TIME, 0x54494D45     # "TIME"
  .equ SBI_EXT_IPI, 0x735049        # "sPI"
  .equ SBI_EXT_RFENCE, 0x52464E43   # "RFNC"
  .equ SBI_EXT_HSM, 0x48534D        # "HSM"
  .equ SBI_EXT_SRST, 0x53525354     # "SRST"
  .equ SBI_EXT_DBCN, 0x4442434E     # "DBCN"
  .equ SBI_HSM_STARTED, 0

# ---- The trap frame: the interrupted hart's registers x1..x31 at 8 * n, then mepc and mstatus ----
  .equ FRAME_MEPC, 32 * 8
  .equ FRAME_MSTATUS, 33 * 8
  .equ FRAME_SIZE, 34 * 8
  .equ FRAME_SP, 2 * 8
  .equ FRAME_A0, 10 * 8
  .equ FRAME_A1, 11 * 8
  .equ MONITOR_STACK_SIZE, 4096
